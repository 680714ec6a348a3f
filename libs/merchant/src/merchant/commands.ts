import type { Actor } from '@goodpay/shared';
import type { MerchantCategory } from './events';

interface MerchantCommandBase {
  actor: Actor;
  merchantId: string;
  /** ISO instant, from the handler's clock. */
  now: string;
}

/** By the shop's owner: the acting user becomes the merchant's owner. */
export interface RegisterMerchant extends MerchantCommandBase {
  type: 'RegisterMerchant';
  name: string;
  category: MerchantCategory;
  district: string;
  /** Dashed or bare. */
  businessRegistrationNumber: string;
}

/** Staff. */
export interface ApproveMerchant extends MerchantCommandBase {
  type: 'ApproveMerchant';
}

/** Staff. */
export interface RejectMerchant extends MerchantCommandBase {
  type: 'RejectMerchant';
  reason: string;
}

/** Staff: stops new prepayments until reinstated. */
export interface SuspendMerchant extends MerchantCommandBase {
  type: 'SuspendMerchant';
  reason: string;
}

/** Staff. */
export interface ReinstateMerchant extends MerchantCommandBase {
  type: 'ReinstateMerchant';
  reason: string;
}

/** The owner or staff. */
export interface CloseMerchant extends MerchantCommandBase {
  type: 'CloseMerchant';
  reason?: string;
}

/** The owner: 0 (no pledge), 100, 300 or 500 basis points of sales. */
export interface SetDonationPledge extends MerchantCommandBase {
  type: 'SetDonationPledge';
  basisPoints: number;
}

export type MerchantCommand =
  RegisterMerchant | ApproveMerchant | RejectMerchant | SuspendMerchant | ReinstateMerchant | CloseMerchant | SetDonationPledge;

import { NotFoundError } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import type { DonationPledgeBasisPoints, MerchantCategory, MerchantEvent } from './events';

/**
 * pending -> approved | rejected; approved <-> suspended; any but closed -> closed.
 */
export type MerchantStatus = 'pending' | 'approved' | 'rejected' | 'suspended' | 'closed';

export interface Merchant {
  status: MerchantStatus;
  merchantId: string;
  ownerId: string;
  name: string;
  category: MerchantCategory;
  district: string;
  businessRegistrationNumber: string;
  donationPledgeBasisPoints: DonationPledgeBasisPoints;
  closedOn: CalendarDate | null;
}

export type MerchantState = { status: 'unregistered' } | Merchant;

export const initialMerchantState = (): MerchantState => ({ status: 'unregistered' });

export function evolveMerchant(state: MerchantState, event: MerchantEvent): MerchantState {
  if (event.type === 'MerchantRegistered') {
    const { registeredAt: _registeredAt, ...merchant } = event.data;
    return { status: 'pending', ...merchant, donationPledgeBasisPoints: 0, closedOn: null };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'MerchantApproved':
    case 'MerchantReinstated':
      return { ...state, status: 'approved' };
    case 'MerchantRejected':
      return { ...state, status: 'rejected' };
    case 'MerchantSuspended':
      return { ...state, status: 'suspended' };
    case 'MerchantClosed':
      return { ...state, status: 'closed', closedOn: event.data.closedOn };
    case 'DonationPledgeSet':
      return { ...state, donationPledgeBasisPoints: event.data.basisPoints };
  }
}

/** The merchant, or merchant_not_found. */
export function existingMerchant(state: MerchantState, merchantId: string): Merchant {
  if (state.status === 'unregistered') throw new NotFoundError('merchant', merchantId);
  return state;
}

/** Only an approved shop takes new prepayments: not pending, rejected, suspended or closed. */
export const canAcceptPrepayments = (state: MerchantState): boolean => state.status === 'approved';

export const isClosed = (state: MerchantState): boolean => state.status === 'closed';

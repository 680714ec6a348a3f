export * from './business-registration-number-reservation';
export * from './register-merchant.handler';
export * from './merchant-review.handlers';
export * from './merchant-owner.handlers';

import { RegisterMerchantHandler } from './register-merchant.handler';
import {
  ApproveMerchantHandler,
  ReinstateMerchantHandler,
  RejectMerchantHandler,
  SuspendMerchantHandler,
} from './merchant-review.handlers';
import { CloseMerchantHandler, SetDonationPledgeHandler } from './merchant-owner.handlers';

export const MERCHANT_COMMAND_HANDLERS = [
  RegisterMerchantHandler,
  ApproveMerchantHandler,
  RejectMerchantHandler,
  SuspendMerchantHandler,
  ReinstateMerchantHandler,
  CloseMerchantHandler,
  SetDonationPledgeHandler,
];

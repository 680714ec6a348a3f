export * from './make-prepayment.handler';
export * from './redeem-prepayment.handler';
export * from './cancel-redemption.handler';
export * from './refund.handlers';
export * from './reservations';

import { MakePrepaymentHandler } from './make-prepayment.handler';
import { RedeemPrepaymentHandler } from './redeem-prepayment.handler';
import { CancelRedemptionHandler } from './cancel-redemption.handler';
import { ApproveRefundHandler, RequestRefundHandler } from './refund.handlers';

export const PREPAYMENT_COMMAND_HANDLERS = [
  MakePrepaymentHandler,
  RedeemPrepaymentHandler,
  CancelRedemptionHandler,
  RequestRefundHandler,
  ApproveRefundHandler,
];

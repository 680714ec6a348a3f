export * from './make-prepayment.handler';
export * from './redeem-prepayment.handler';
export * from './cancel-redemption.handler';
export * from './refund.handlers';
export * from './reservations';
export * from './confirm-payment.handler';
export * from './claim-prepayment.handler';
export * from './cancel-order.handler';

import { MakePrepaymentHandler } from './make-prepayment.handler';
import { RedeemPrepaymentHandler } from './redeem-prepayment.handler';
import { CancelRedemptionHandler } from './cancel-redemption.handler';
import { ApproveRefundHandler, KeepBalanceHandler, RequestRefundHandler } from './refund.handlers';
import { ConfirmPaymentHandler } from './confirm-payment.handler';
import { ClaimPrepaymentHandler } from './claim-prepayment.handler';
import { CancelOrderHandler } from './cancel-order.handler';

export const PREPAYMENT_COMMAND_HANDLERS = [
  MakePrepaymentHandler,
  RedeemPrepaymentHandler,
  CancelRedemptionHandler,
  RequestRefundHandler,
  ApproveRefundHandler,
  KeepBalanceHandler,
  ConfirmPaymentHandler,
  ClaimPrepaymentHandler,
  CancelOrderHandler,
];

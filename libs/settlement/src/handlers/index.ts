export * from './retry-payout.handler';
export * from './run-settlement-day.handler';
export * from './payout-account.handlers';
export * from './payout-file.handlers';

import { CreatePayoutFileHandler, ImportPayoutFileResultHandler } from './payout-file.handlers';
import { RegisterPayoutAccountHandler } from './payout-account.handlers';
import { RetryPayoutHandler } from './retry-payout.handler';
import { RunSettlementDayHandler } from './run-settlement-day.handler';

export const SETTLEMENT_COMMAND_HANDLERS = [
  RetryPayoutHandler,
  RunSettlementDayHandler,
  RegisterPayoutAccountHandler,
  CreatePayoutFileHandler,
  ImportPayoutFileResultHandler,
];

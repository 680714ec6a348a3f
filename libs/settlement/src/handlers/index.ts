export * from './retry-payout.handler';
export * from './run-settlement-day.handler';

import { RetryPayoutHandler } from './retry-payout.handler';
import { RunSettlementDayHandler } from './run-settlement-day.handler';

export const SETTLEMENT_COMMAND_HANDLERS = [RetryPayoutHandler, RunSettlementDayHandler];

export * from './donate-cashback.handler';
export * from './disburse.handler';
export * from './run-receipts.handler';

import { DisburseFromChestHandler } from './disburse.handler';
import { DonateCashbackHandler } from './donate-cashback.handler';
import { RunReceiptsHandler } from './run-receipts.handler';

export const DONATION_COMMAND_HANDLERS = [DonateCashbackHandler, DisburseFromChestHandler, RunReceiptsHandler];

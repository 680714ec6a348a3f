export * from './donate-cashback.handler';
export * from './disburse.handler';
export * from './run-receipts.handler';
export * from './tax-receipt.handlers';
export * from './import-cashback-figures.handler';

import { DisburseFromChestHandler } from './disburse.handler';
import { DonateCashbackHandler } from './donate-cashback.handler';
import { ImportCashbackFiguresHandler } from './import-cashback-figures.handler';
import { RunReceiptsHandler } from './run-receipts.handler';
import { CancelReceiptHandler, ReissueReceiptHandler, RequestTaxReceiptHandler } from './tax-receipt.handlers';

export const DONATION_COMMAND_HANDLERS = [
  DonateCashbackHandler,
  DisburseFromChestHandler,
  RunReceiptsHandler,
  RequestTaxReceiptHandler,
  ReissueReceiptHandler,
  CancelReceiptHandler,
  ImportCashbackFiguresHandler,
];

import type { Krw } from '@goodpay/shared';

export interface BankTransfer {
  /** The idempotency reference: the settlement id. The same reference never transfers twice. */
  reference: string;
  merchantId: string;
  amount: Krw;
}

export interface TransferReceipt {
  transferId: string;
}

/**
 * The adapter moves no money now: the payout goes out in a bulk-transfer file that staff
 * download and upload to the bank, and the bank's result file records it paid or failed.
 */
export interface TransferAwaitingBankFile {
  awaitingBankFile: true;
}

/**
 * A bank transfer to a shop. Implementations must be idempotent by `reference`: a second call
 * with a reference already transferred answers the first transfer's receipt and moves no money,
 * so a payout retried after a crash (transfer done, PayoutPaid not yet recorded) pays once.
 * A failure throws; the payout job records it and BullMQ retries with backoff.
 */
export abstract class PayoutAdapter {
  abstract transfer(transfer: BankTransfer): Promise<TransferReceipt | TransferAwaitingBankFile>;
}

export class TransferFailedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TransferFailedError';
  }
}

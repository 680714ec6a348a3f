import { Injectable } from '@nestjs/common';
import { PayoutAdapter, type TransferAwaitingBankFile } from '../payout/payout-adapter';

/**
 * Payouts by bulk-transfer file: a payout job moves no money, it leaves the payout waiting for
 * the next file staff make (PayoutFiles), and the bank's result file records it paid or failed.
 * A transfer API adapter could later replace this behind the same PayoutAdapter.
 */
@Injectable()
export class BankFilePayoutAdapter extends PayoutAdapter {
  async transfer(): Promise<TransferAwaitingBankFile> {
    return { awaitingBankFile: true };
  }
}

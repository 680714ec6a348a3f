import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { type BankTransfer, PayoutAdapter, type TransferReceipt, TransferFailedError } from './payout-adapter';

export interface RecordedTransfer {
  reference: string;
  transferId: string;
  merchantId: string;
  amount: number;
}

/**
 * The built-in "bank": records each transfer in `payout_transfers`, unique by reference, and
 * can be told to fail the next N transfers to a shop (`failNext`), for demos and tests.
 */
const toTransfer = (row: { reference: string; transfer_id: string; merchant_id: string; amount: string }): RecordedTransfer => ({
  reference: row.reference,
  transferId: row.transfer_id,
  merchantId: row.merchant_id,
  amount: Number(row.amount),
});

@Injectable()
export class RecordingBankTransferAdapter extends PayoutAdapter {
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    super();
    this.sql = sqlOn(dataSource);
  }

  async transfer({ reference, merchantId, amount }: BankTransfer): Promise<TransferReceipt> {
    // A reference already transferred answers the same receipt, even while failures are set.
    const earlier = await this.find(reference);
    if (earlier) return this.sameTransfer(earlier, { reference, merchantId, amount });
    // Its own statement: the countdown must stay spent although the transfer fails.
    const failing = await this.sql.query(
      `UPDATE payout_adapter_failures SET remaining = remaining - 1 WHERE merchant_id = $1 AND remaining > 0 RETURNING remaining`,
      [merchantId],
    );
    if (failing.rowCount > 0) throw new TransferFailedError(`the bank refused the transfer ${reference} to merchant ${merchantId}`);
    await this.sql.query(
      `INSERT INTO payout_transfers (reference, transfer_id, merchant_id, amount) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reference) DO NOTHING`,
      [reference, randomUUID(), merchantId, amount],
    );
    // A concurrent call with the same reference may have won the insert: answer its transfer.
    return this.sameTransfer((await this.find(reference))!, { reference, merchantId, amount });
  }

  /** The next `count` transfers to the shop fail (0 clears). */
  async failNext(merchantId: string, count: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO payout_adapter_failures (merchant_id, remaining) VALUES ($1, $2)
       ON CONFLICT (merchant_id) DO UPDATE SET remaining = EXCLUDED.remaining`,
      [merchantId, count],
    );
  }

  /** Every transfer made, oldest first (or those of one shop). */
  async transfers(merchantId?: string): Promise<RecordedTransfer[]> {
    const { rows } = await this.sql.query<{ reference: string; transfer_id: string; merchant_id: string; amount: string }>(
      `SELECT reference, transfer_id, merchant_id, amount::text AS amount FROM payout_transfers
       WHERE $1::text IS NULL OR merchant_id = $1 ORDER BY transferred_at, reference`,
      [merchantId ?? null],
    );
    return rows.map(toTransfer);
  }

  private async find(reference: string): Promise<RecordedTransfer | undefined> {
    const { rows } = await this.sql.query<{ reference: string; transfer_id: string; merchant_id: string; amount: string }>(
      `SELECT reference, transfer_id, merchant_id, amount::text AS amount FROM payout_transfers WHERE reference = $1`,
      [reference],
    );
    return rows.map(toTransfer)[0];
  }

  /** A reference reused for another shop or amount is a bug upstream: refuse rather than pay wrong. */
  private sameTransfer(recorded: RecordedTransfer, asked: BankTransfer): TransferReceipt {
    if (recorded.merchantId !== asked.merchantId || recorded.amount !== asked.amount) {
      throw new Error(`transfer reference ${asked.reference} was used for ${recorded.amount} won to ${recorded.merchantId}`);
    }
    return { transferId: recorded.transferId };
  }
}

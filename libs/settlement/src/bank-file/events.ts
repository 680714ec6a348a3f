import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/** One stream per bulk-transfer file. */
export const payoutFileStream = (fileId: string): string => `payout-file-${fileId}`;

export interface PayoutFileRow {
  /** 1-based, the 순번 column. */
  row: number;
  /** The payout id: its settlement's id. */
  settlementId: string;
  merchantId: string;
  /** The verified settlement account the row pays (its number and holder are opened from the vault). */
  accountId: string;
  bankCode: string;
  amount: Krw;
}

/**
 * Staff made a bulk-transfer file of the payouts waiting to go out; each payout's stream got a
 * PayoutSentInFile in the same transaction. `total` is a decimal string: a sum of many payouts
 * may pass 2^53.
 */
export type PayoutFileCreated = DomainEvent<
  'PayoutFileCreated',
  { fileId: string; senderBankCode: string; rows: PayoutFileRow[]; count: number; total: string; createdBy: string; createdAt: string }
>;

/** The bank's result file was imported and changed at least one payout (a replay changes none and records nothing). */
export type PayoutFileResultImported = DomainEvent<
  'PayoutFileResultImported',
  { fileId: string; sha256: string; paid: number; failed: number; refused: number; importedBy: string; importedAt: string }
>;

export type PayoutFileEvent = PayoutFileCreated | PayoutFileResultImported;

const payoutFileEventTypes: Record<PayoutFileEvent['type'], true> = { PayoutFileCreated: true, PayoutFileResultImported: true };
export const PAYOUT_FILE_EVENT_TYPES = Object.keys(payoutFileEventTypes) as PayoutFileEvent['type'][];

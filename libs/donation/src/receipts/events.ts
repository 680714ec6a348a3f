import type { DomainEvent } from '@goodpay/event-store';
import type { DonorRef } from '../donor/donor';

/**
 * One counter stream per year numbers that year's receipts. A number is taken in the same
 * append as the receipt it numbers, at the counter's exact version: two issuers at once cannot
 * take the same number (one loses the append and decides again), and a number is never taken
 * without its receipt, so the year's numbers run 1, 2, 3... without a gap.
 */
export const receiptCounterStream = (year: number): string => `donation-receipts-${year}`;

export type ReceiptNumberAllocated = DomainEvent<
  'ReceiptNumberAllocated',
  { year: number; number: number; receiptId: string; donor: DonorRef }
>;

export type ReceiptCounterEvent = ReceiptNumberAllocated;
export const RECEIPT_COUNTER_EVENT_TYPES: ReceiptCounterEvent['type'][] = ['ReceiptNumberAllocated'];

/** How a receipt number is printed: 2025-000042. */
export const formatReceiptNumber = (year: number, number: number): string => `${year}-${String(number).padStart(6, '0')}`;

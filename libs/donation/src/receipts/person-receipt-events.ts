import type { DomainEvent } from '@goodpay/event-store';
import type { DonationReceiptIssued } from '../donor/events';

/**
 * One stream per person holds their tax receipts and what happened to them since: a receipt is
 * never edited. A reissue prints it again (the same number and donations, the donor's current
 * tax identity); a cancellation voids it and gives its donations back to their accounts.
 */
export const personReceiptStream = (person: string): string => `donation-receipts-person-${person}`;

export type DonationReceiptReissued = DomainEvent<
  'DonationReceiptReissued',
  { receiptId: string; reason: string; sealedIdentity: string; maskedRrn: string; reissuedAt: string; reissuedOn: string }
>;

export type DonationReceiptCancelled = DomainEvent<
  'DonationReceiptCancelled',
  { receiptId: string; reason: string; cancelledAt: string; released: { userId: string; donationIds: string[] }[] }
>;

export type PersonReceiptEvent = DonationReceiptIssued | DonationReceiptReissued | DonationReceiptCancelled;

export interface PersonReceiptState {
  receipts: ReadonlyMap<string, { status: 'issued' | 'cancelled'; claims: { userId: string; donationIds: string[] }[] }>;
}

export function foldPersonReceipts(events: readonly PersonReceiptEvent[]): PersonReceiptState {
  const receipts = new Map<string, { status: 'issued' | 'cancelled'; claims: { userId: string; donationIds: string[] }[] }>();
  for (const event of events) {
    if (event.type === 'DonationReceiptIssued') {
      receipts.set(event.data.receiptId, { status: 'issued', claims: claimsOf(event) });
    } else if (event.type === 'DonationReceiptCancelled') {
      const receipt = receipts.get(event.data.receiptId);
      if (receipt) receipts.set(event.data.receiptId, { ...receipt, status: 'cancelled' });
    }
  }
  return { receipts };
}

/** Which account each listed donation came from, as the receipt's items record it. */
function claimsOf(event: DonationReceiptIssued): { userId: string; donationIds: string[] }[] {
  const byAccount = new Map<string, string[]>();
  for (const item of event.data.items) {
    const account = item.account ?? event.data.donor.id;
    byAccount.set(account, [...(byAccount.get(account) ?? []), item.donationId]);
  }
  return [...byAccount].map(([userId, donationIds]) => ({ userId, donationIds }));
}

import { Inject, Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, type IdempotencyKey } from '@goodpay/event-store';
import { Clock, NotFoundError, RuleViolationError, sumKrw } from '@goodpay/shared';
import { seoulDate } from '@goodpay/shared';
import { donorDecider, unreceiptedItems } from '../donor/decider';
import { donorStream, maskedDonorId } from '../donor/donor';
import type { DonationReceiptIssued, DonationsReceipted, DonationsReleased, ReceiptItem } from '../donor/events';
import { DONATION_OPTIONS, type ResolvedDonationOptions } from '../options/donation-options';
import { type DonorTaxIdentityRecorded, foldTaxIdentity, taxIdentityStream, type TaxIdentityEvent } from '../tax-identity/events';
import { receiptCounterDecider } from './counter-decider';
import { receiptCounterStream } from './events';
import {
  type DonationReceiptCancelled,
  type DonationReceiptReissued,
  foldPersonReceipts,
  type PersonReceiptEvent,
  personReceiptStream,
} from './person-receipt-events';

const ATTEMPTS_ON_CONFLICT = 20;

export interface TaxReceiptIssued {
  receiptId: string;
  year: number;
  number: number;
  total: number;
}

/**
 * Tax receipts keyed by the verified person: one receipt lists the unreceipted donations of the
 * year of every account of the person. ONE append claims them on each account's donor stream
 * (at its exact version), takes the year's next number (counter, exact version) and records the
 * receipt on the person's receipt stream: no donation on two receipts, no gap or twin number.
 * Reissue and cancellation are events on the person's stream, never edits.
 */
@Injectable()
export class TaxReceipts {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(DONATION_OPTIONS) private readonly options: ResolvedDonationOptions,
  ) {}

  /**
   * `identity`, when given (the donor's consent at this request), is recorded in the same
   * append as the receipt: the consent and the receipt it made stand or fall together, and an
   * Idempotency-Key replays both.
   */
  async issue(
    input: { person: string; requestedBy: string; accounts: string[]; year: number; identity?: DonorTaxIdentityRecorded },
    metadata: EventMetadata,
    idempotency?: IdempotencyKey,
  ): Promise<{ receipt: TaxReceiptIssued | null; position: string; replayed: boolean }> {
    const { person, requestedBy, year } = input;
    const recorded = input.identity
      ? [{ streamId: taxIdentityStream(person), expectedVersion: 'any' as const, events: [input.identity] }]
      : [];
    const accounts = [...new Set([requestedBy, ...input.accounts])].sort();
    const { response, position, replayed } = await this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const issuedOn = seoulDate(now);
        if (year > Number(issuedOn.slice(0, 4)))
          throw new RuleViolationError('receipt_year_in_future', `${year} has not begun yet`, { year });
        const identity = input.identity
          ? foldTaxIdentity([input.identity])
          : foldTaxIdentity((await this.store.readStream(taxIdentityStream(person))).events as unknown as TaxIdentityEvent[]);
        if (!identity.current) {
          throw new RuleViolationError(
            'tax_identity_required',
            'a tax receipt needs your legal name and resident registration number, given with your consent',
            {},
          );
        }
        const [counter, receipts, ...donors] = await Promise.all([
          this.store.aggregate(receiptCounterStream(year), receiptCounterDecider),
          this.store.readStream(personReceiptStream(person)),
          ...accounts.map((userId) => this.store.aggregate(donorStream({ type: 'citizen', id: userId }), donorDecider)),
        ]);
        const claims = accounts.map((userId, index) => ({
          userId,
          version: donors[index].version,
          items: unreceiptedItems(donors[index].state, year),
        }));
        const items: ReceiptItem[] = claims
          .flatMap(({ userId, items: own }) => own.map((item) => ({ ...item, account: userId })))
          .sort((x, y) => (x.donatedAt < y.donatedAt ? -1 : x.donatedAt > y.donatedAt ? 1 : x.donationId < y.donationId ? -1 : 1))
          .map(({ donatedAt: _at, ...item }) => item);
        if (items.length === 0) return { appends: recorded, respond: () => null };
        const [allocated] = receiptCounterDecider.decide(
          { type: 'AllocateReceiptNumber', year, donor: { type: 'citizen', id: requestedBy } },
          counter.state,
        );
        const { number, receiptId } = allocated.data;
        const total = sumKrw(items.map((item) => item.amount));
        const issued: DonationReceiptIssued = {
          type: 'DonationReceiptIssued',
          data: {
            receiptId,
            year,
            number,
            donor: { type: 'citizen', id: requestedBy },
            donorName: maskedDonorId(requestedBy),
            items,
            total: Number(total),
            issuedAt: now,
            issuedOn,
            tax: {
              person,
              accounts: claims.filter((c) => c.items.length > 0).map((c) => c.userId),
              sealedIdentity: identity.current.sealed,
              maskedRrn: identity.current.maskedRrn,
              typeCode: this.options.typeCode,
              recipient: this.options.chest,
            },
          },
        };
        return {
          appends: [
            ...recorded,
            ...claims
              .filter((c) => c.items.length > 0)
              .map((c) => ({
                streamId: donorStream({ type: 'citizen', id: c.userId }),
                expectedVersion: c.version,
                events: [
                  {
                    type: 'DonationsReceipted',
                    data: { receiptId, person, donationIds: c.items.map((item) => item.donationId) },
                  } satisfies DonationsReceipted,
                ],
              })),
            { streamId: receiptCounterStream(year), expectedVersion: counter.version, events: [allocated] },
            { streamId: personReceiptStream(person), expectedVersion: receipts.version, events: [issued] },
          ],
          respond: () => ({ receiptId, year, number, total: Number(total) }),
        };
      },
      { metadata, idempotency, maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
    return { receipt: response, position, replayed };
  }

  /** Print the receipt again with the person's current tax identity: the same number and donations. */
  async reissue(person: string, receiptId: string, reason: string, metadata: EventMetadata): Promise<{ position: string }> {
    const { position } = await this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const stream = await this.store.readStream(personReceiptStream(person));
        const receipt = foldPersonReceipts(stream.events as unknown as PersonReceiptEvent[]).receipts.get(receiptId);
        if (!receipt) throw new NotFoundError('donation_receipt', receiptId);
        if (receipt.status === 'cancelled')
          throw new RuleViolationError('receipt_cancelled', 'a cancelled receipt cannot be reissued', { receiptId });
        const identity = foldTaxIdentity((await this.store.readStream(taxIdentityStream(person))).events as unknown as TaxIdentityEvent[]);
        if (!identity.current) throw new RuleViolationError('tax_identity_required', 'no tax identity was given', {});
        const event: DonationReceiptReissued = {
          type: 'DonationReceiptReissued',
          data: {
            receiptId,
            reason,
            sealedIdentity: identity.current.sealed,
            maskedRrn: identity.current.maskedRrn,
            reissuedAt: now,
            reissuedOn: seoulDate(now),
          },
        };
        return {
          appends: [{ streamId: personReceiptStream(person), expectedVersion: stream.version, events: [event] }],
          respond: () => ({}),
        };
      },
      { metadata, maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
    return { position };
  }

  /** Void the receipt and give its donations back to their accounts, in one append. */
  async cancel(person: string, receiptId: string, reason: string, metadata: EventMetadata): Promise<{ position: string }> {
    const { position } = await this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const stream = await this.store.readStream(personReceiptStream(person));
        const receipt = foldPersonReceipts(stream.events as unknown as PersonReceiptEvent[]).receipts.get(receiptId);
        if (!receipt) throw new NotFoundError('donation_receipt', receiptId);
        if (receipt.status === 'cancelled') return { appends: [], respond: () => ({}) };
        const donors = await Promise.all(
          receipt.claims.map((claim) => this.store.aggregate(donorStream({ type: 'citizen', id: claim.userId }), donorDecider)),
        );
        const cancelled: DonationReceiptCancelled = {
          type: 'DonationReceiptCancelled',
          data: { receiptId, reason, cancelledAt: now, released: receipt.claims },
        };
        return {
          appends: [
            { streamId: personReceiptStream(person), expectedVersion: stream.version, events: [cancelled] },
            ...receipt.claims.map((claim, index) => ({
              streamId: donorStream({ type: 'citizen', id: claim.userId }),
              expectedVersion: donors[index].version,
              events: [{ type: 'DonationsReleased', data: { receiptId, donationIds: claim.donationIds } } satisfies DonationsReleased],
            })),
          ],
          respond: () => ({}),
        };
      },
      { metadata, maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
    return { position };
  }
}

import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore } from '@goodpay/event-store';
import { merchantDecider, merchantStream } from '@goodpay/merchant';
import { Clock } from '@goodpay/shared';
import { donorDecider } from '../donor/decider';
import { type DonorRef, donorStream, maskedDonorId } from '../donor/donor';
import type { DonationReceiptIssued } from '../donor/events';
import { receiptCounterDecider } from './counter-decider';
import { receiptCounterStream } from './events';

export interface IssuedReceipt {
  receiptId: string;
  year: number;
  number: number;
  donor: DonorRef;
  total: number;
  /** Global position of the receipt's events: read after it with `?after=`. */
  position: string;
}

/** Losers of the race for the year's next number decide again; a run of many donors meets many. */
const ATTEMPTS_ON_CONFLICT = 50;

/**
 * Issues one donor's receipt for a year: the donor's stream claims the unreceipted donations
 * and the year's counter gives the number, in ONE append checked at both streams' versions.
 * Concurrent issuers therefore never share a number, never skip one, and never put a donation
 * on two receipts; whoever loses an append decides again on what the winner wrote.
 */
@Injectable()
export class ReceiptIssuer {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** The receipt issued, or null when every donation of the year is on a receipt already. */
  async issue(donor: DonorRef, year: number, metadata: EventMetadata): Promise<IssuedReceipt | null> {
    const donorName = await this.displayNameOf(donor);
    const { response, position } = await this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const [counter, donorNow] = await Promise.all([
          this.store.aggregate(receiptCounterStream(year), receiptCounterDecider),
          this.store.aggregate(donorStream(donor), donorDecider),
        ]);
        const [allocated] = receiptCounterDecider.decide({ type: 'AllocateReceiptNumber', year, donor }, counter.state);
        const { number, receiptId } = allocated.data;
        const issued = donorDecider.decide({ type: 'IssueReceipt', donor, year, number, receiptId, donorName, now }, donorNow.state);
        if (issued.length === 0) return { appends: [], respond: () => null };
        const { total } = (issued[0] as DonationReceiptIssued).data;
        return {
          appends: [
            { streamId: donorStream(donor), expectedVersion: donorNow.version, events: issued },
            { streamId: receiptCounterStream(year), expectedVersion: counter.version, events: [allocated] },
          ],
          respond: () => ({ receiptId, year, number, donor, total }),
        };
      },
      { metadata, maxAttempts: ATTEMPTS_ON_CONFLICT },
    );
    return response && { ...response, position };
  }

  /** A shop by its public name; a citizen by a masked id (their name lives only in the personal-data vault). */
  private async displayNameOf(donor: DonorRef): Promise<string> {
    if (donor.type === 'merchant') {
      const { state } = await this.store.aggregate(merchantStream(donor.id), merchantDecider);
      if (state.status !== 'unregistered') return state.name;
    }
    return maskedDonorId(donor.id);
  }
}

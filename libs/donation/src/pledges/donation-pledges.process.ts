import {
  appendToStream,
  decideInProcess,
  type EventMetadata,
  type ProcessContext,
  type ProcessManager,
  type RecordedOf,
} from '@goodpay/event-store';
import type { SettlementEvent } from '@goodpay/settlement';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { creditFor, COMMUNITY_CHEST_STREAM } from '../chest/events';
import { donorDecider, type AccruePledge } from '../donor/decider';
import { type DonorRef, donorStream } from '../donor/donor';
import { pledgeDonationIdOf } from '../ids/name-based-id';

export const DONATION_PLEDGES = 'donation-pledges';

type Handled = Extract<SettlementEvent, { type: 'SettlementClosed' }>;

/**
 * A process manager: turns each closed settlement's donation-angel pledge into the merchant's
 * donation to the community chest. The donation and the chest's credit are appended in the
 * consumer's checkpoint transaction, so each settlement gives exactly once. The donation's id
 * is derived from the settlement id and the donor stream refuses a second one, so replaying it
 * from position 0 gives nothing twice either.
 */
export class DonationPledgesProcess implements ProcessManager<Handled> {
  readonly kind = 'process-manager';
  readonly name = DONATION_PLEDGES;
  readonly eventTypes: readonly Handled['type'][] = ['SettlementClosed'];

  /** A pledging merchant's donor stream and the chest's, for each pledge of the batch. */
  streams(events: readonly RecordedOf<Handled>[]): string[] {
    const pledging = events.filter(({ data }) => data.pledge > 0);
    if (pledging.length === 0) return [];
    return [...pledging.map(({ data }) => donorStream({ type: 'merchant', id: data.merchantId })), COMMUNITY_CHEST_STREAM];
  }

  async handle(events: readonly RecordedOf<Handled>[], context: ProcessContext): Promise<void> {
    for (const event of events) {
      try {
        await this.accrue(event, context);
      } catch (error) {
        throw new Error(`${this.name} failed on ${event.type} at position ${event.globalPosition}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }

  private async accrue(event: RecordedOf<Handled>, context: ProcessContext): Promise<void> {
    const { data } = event;
    // A rehearsal's settlement shows its pledge but never gives it: no donation, no receipt.
    if (data.pledge <= 0 || data.rehearsalCampaignId) return;
    const donor: DonorRef = { type: 'merchant', id: data.merchantId };
    const command: AccruePledge = {
      type: 'AccruePledge',
      donationId: pledgeDonationIdOf(data.settlementId),
      donor,
      settlementId: data.settlementId,
      amount: data.pledge,
      settlementDay: data.day,
      closedAt: data.closedAt,
    };
    const metadata: EventMetadata = { correlationId: event.metadata.correlationId, causationId: event.id, actor: SYSTEM_ACTOR };
    const { events: donated } = await decideInProcess(context, donorStream(donor), donorDecider, command, metadata);
    if (donated.length === 0) return;
    const credits = donated.map(creditFor).filter((credit) => credit !== null);
    await appendToStream(
      context.sql,
      context.schemas,
      { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: credits },
      metadata,
    );
  }
}

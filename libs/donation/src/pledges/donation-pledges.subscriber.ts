import {
  applyEach,
  appendToStream,
  asEvent,
  type EventMetadata,
  type EventSchemas,
  fold,
  type Projection,
  readStream,
  type RecordedEvent,
  type Sql,
  WrongExpectedVersionError,
} from '@goodpay/event-store';
import type { SettlementClosed } from '@goodpay/settlement';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { creditFor, COMMUNITY_CHEST_STREAM } from '../chest/events';
import { donorDecider, type AccruePledge } from '../donor/decider';
import { type DonorRef, donorStream } from '../donor/donor';
import type { DonorEvent } from '../donor/events';
import { pledgeDonationIdOf } from '../ids/name-based-id';

export const DONATION_PLEDGES = 'donation-pledges';

/** A merchant's own receipt being issued at that moment makes the append lose; decide again. */
const ATTEMPTS_ON_CONFLICT = 10;

/**
 * Turns each closed settlement's donation-angel pledge into the merchant's donation to the
 * community chest. It runs as a projection whose "read model" is the log itself: the donation
 * and the chest's credit are appended in the subscription's own transaction, together with
 * its checkpoint, so each settlement gives exactly once. The donation's id is derived from
 * the settlement id and the donor stream refuses a second one, so replaying from position 0
 * (a rebuild) gives nothing twice either.
 */
export class DonationPledgesSubscriber implements Projection {
  readonly name = DONATION_PLEDGES;
  readonly eventTypes = ['SettlementClosed'];

  constructor(private readonly schemas: EventSchemas) {}

  async apply(events: readonly RecordedEvent[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, (event) => this.accrue(event, sql));
  }

  /** Nothing to empty: what it wrote are events, which stay, and which a replay recognises. */
  async reset(): Promise<void> {}

  private async accrue(event: RecordedEvent, sql: Sql): Promise<void> {
    const { data } = asEvent<SettlementClosed>(event);
    if (data.pledge <= 0) return;
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
    for (let attempt = 1; ; attempt += 1) {
      // Inside the subscription's transaction: a losing append changes nothing and can be decided again.
      const { version, events } = await readStream(sql, this.schemas, donorStream(donor));
      const donated = donorDecider.decide(command, fold(donorDecider, events as unknown as DonorEvent[]));
      if (donated.length === 0) return;
      try {
        await appendToStream(sql, this.schemas, { streamId: donorStream(donor), expectedVersion: version, events: donated }, metadata);
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < ATTEMPTS_ON_CONFLICT) continue;
        throw error;
      }
      const credits = donated.map(creditFor).filter((credit) => credit !== null);
      await appendToStream(sql, this.schemas, { streamId: COMMUNITY_CHEST_STREAM, expectedVersion: 'any', events: credits }, metadata);
      return;
    }
  }
}

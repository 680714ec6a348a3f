import { type AppendRequest, decideOnStream, EventStore } from '@goodpay/event-store';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { raffleRoundDecider } from '../../round/decider';
import { raffleRoundStream } from '../../round/events';
import type { RoundContext } from '../../round/handlers/round-context';

/**
 * The person's entry in the round, decided by the round's own rule (one entry per person,
 * none once frozen), as an append to go with the approval in the same transaction: an
 * approved certification without its entry can never be seen. Entered by the system on the
 * approval's behalf (entries only come from approved certifications). Answers the person's
 * entry id: the proposed one, or the one they already have in the round.
 */
export async function enterRound(
  store: EventStore,
  rounds: RoundContext,
  entry: {
    campaignId: string;
    round: number;
    personId: string;
    certificationId: string;
    prepaymentId: string | null;
    entryId: string;
    now: string;
  },
): Promise<{ append: AppendRequest; entryId: string }> {
  const { campaign } = await rounds.campaign(entry.campaignId);
  const { state, append } = await decideOnStream(store, raffleRoundStream(entry.campaignId, entry.round), raffleRoundDecider, {
    type: 'EnterRound',
    actor: SYSTEM_ACTOR,
    campaignId: entry.campaignId,
    round: entry.round,
    now: entry.now,
    period: rounds.periodOf(campaign, entry.round),
    entryId: entry.entryId,
    personId: entry.personId,
    certificationId: entry.certificationId,
    prepaymentId: entry.prepaymentId,
  });
  // An entry only ever leaves the list at the freeze, never the round, so a person's entry id read here stays theirs.
  return { append, entryId: state.entriesByPerson.get(entry.personId) ?? entry.entryId };
}

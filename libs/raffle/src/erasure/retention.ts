import { addDays, type CalendarDate } from '@goodpay/shared';

export interface PersonInCampaign {
  personId: string;
  /** The rounds the person certified for (approved, pending or rejected). */
  rounds: number[];
}

export interface RetentionQuestion {
  /** Seoul day today. */
  today: CalendarDate;
  /** The campaign's rounds and which of them are drawn. */
  rounds: { number: number; endsOn: CalendarDate }[];
  drawnRounds: number[];
  /** Days after the last round after which everyone's data goes. */
  retentionDays: number;
  persons: PersonInCampaign[];
  /** Persons holding a prize (awarded or confirmed): their data is needed to hand it over. */
  prizeHolders: ReadonlySet<string>;
  /** Some prize still waits for its winner's confirmation: a forfeit could move the waiting list up. */
  prizesAwaitingConfirmation: boolean;
}

export type ErasureReason = 'retention_period_over' | 'not_a_winner';

/**
 * Whose personal data the raffle no longer needs, and why:
 * - everyone's, once the campaign's retention period after its last round is over;
 * - a non-winner's, once their purpose is over: every round is drawn (so no later round
 *   needs them) and no prize waits for confirmation (so the waiting list no longer moves by
 *   itself). A person certified in round 1 may still certify in round 3, and erasing them
 *   earlier would take their entries out of the rounds not frozen yet (an erased person
 *   leaves the list) and make them a stranger to the index (a new subject).
 * Pure: the sweep reads the facts, this decides.
 */
export function personsToErase(q: RetentionQuestion): { personId: string; reason: ErasureReason }[] {
  if (q.rounds.length === 0) return [];
  const lastDay = q.rounds.reduce((last, r) => (r.endsOn > last ? r.endsOn : last), q.rounds[0].endsOn);
  if (q.today > addDays(lastDay, q.retentionDays)) return q.persons.map((p) => ({ personId: p.personId, reason: 'retention_period_over' }));
  const allDrawn = q.rounds.every((r) => q.drawnRounds.includes(r.number));
  if (!allDrawn || q.prizesAwaitingConfirmation) return [];
  return q.persons.filter((p) => !q.prizeHolders.has(p.personId)).map((p) => ({ personId: p.personId, reason: 'not_a_winner' }));
}

import type { DrandBeacon } from '../sources/drand';
import type { DeclaredSource, RaffleDrawRecorded, RaffleEntryListFrozen, RaffleRoundEvent, RevealedSource, RoundTimeline } from './events';

export interface PrepaymentBacking {
  certificationId: string;
  prepaymentId: string;
}

export interface RaffleRound {
  randomness: DeclaredSource[] | null;
  /** Null for rounds declared before timelines were fixed in advance. */
  timeline: RoundTimeline | null;
  /** personId -> entryId: one entry per person. */
  entriesByPerson: Map<string, string>;
  /** entryId -> personId. */
  personByEntry: Map<string, string>;
  /** entryId -> the certification that made it. */
  certificationByEntry: Map<string, string>;
  /**
   * entryId -> the in-system certifications it stands on, for entries that stand on nothing
   * else: the freeze checks these prepayments for refunds. Other entries are firm.
   */
  refundableEntries: Map<string, PrepaymentBacking[]>;
  frozen: RaffleEntryListFrozen['data'] | null;
  /** Declared source index -> the drand beacon the worker fetched and verified. */
  beacons: Record<number, DrandBeacon>;
  drawRequest: RevealedSource[] | null;
  requestedAt: string | null;
  draw: RaffleDrawRecorded['data'] | null;
}

export const initialRoundState = (): RaffleRound => ({
  randomness: null,
  timeline: null,
  entriesByPerson: new Map(),
  personByEntry: new Map(),
  certificationByEntry: new Map(),
  refundableEntries: new Map(),
  frozen: null,
  beacons: {},
  drawRequest: null,
  requestedAt: null,
  draw: null,
});

/**
 * Entries are added to the maps in place: a round can hold tens of thousands of entries and
 * copying them for every event would make folding quadratic. The state belongs to the one
 * fold that builds it and is never shared, so no one sees it change.
 */
export function evolveRound(state: RaffleRound, event: RaffleRoundEvent): RaffleRound {
  switch (event.type) {
    case 'RaffleRandomnessDeclared':
      return { ...state, randomness: event.data.sources, timeline: event.data.timeline ?? null };
    case 'RaffleEntered':
      state.entriesByPerson.set(event.data.personId, event.data.entryId);
      state.personByEntry.set(event.data.entryId, event.data.personId);
      state.certificationByEntry.set(event.data.entryId, event.data.certificationId);
      if (event.data.prepaymentId) {
        state.refundableEntries.set(event.data.entryId, [
          { certificationId: event.data.certificationId, prepaymentId: event.data.prepaymentId },
        ]);
      }
      return state;
    case 'RaffleEntryBacked': {
      const { entryId, certificationId, prepaymentId } = event.data;
      const backings = state.refundableEntries.get(entryId);
      if (backings && prepaymentId) backings.push({ certificationId, prepaymentId });
      else state.refundableEntries.delete(entryId);
      return state;
    }
    case 'RaffleEntryListFrozen':
      return { ...state, frozen: event.data };
    case 'RaffleDrandBeaconRecorded':
      return { ...state, beacons: { ...state.beacons, [event.data.sourceIndex]: event.data.beacon } };
    case 'RaffleDrawRequested':
      return { ...state, drawRequest: event.data.sources, requestedAt: event.data.requestedAt };
    case 'RaffleDrawRecorded':
      return { ...state, draw: event.data };
  }
}

/** The person ids of a drawn round's winners (for leaving them out of later rounds). */
export function winnersOf(round: RaffleRound): string[] {
  if (!round.draw) return [];
  return round.draw.ranking.slice(0, round.draw.winners).map((entryId) => round.personByEntry.get(entryId) ?? entryId);
}

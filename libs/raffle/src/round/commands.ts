import type { Actor } from '@goodpay/shared';
import type { Period } from '@goodpay/campaign';
import type { DrandBeacon, DrandChain } from '../sources/drand';
import type { QuotaDerivation } from './events';

/** What staff declare: drand (the round is computed), a Lotto 6/45 draw number, or a committed seed. */
export type SourceDeclaration =
  | { kind: 'drand'; label?: string }
  | { kind: 'lotto645'; label?: string; drawNumber: number }
  | { kind: 'committed_seed'; label: string; seedSha256: string };

interface RoundCommand {
  actor: Actor;
  campaignId: string;
  round: number;
  /** ISO instant. */
  now: string;
  /** The round's dates as the campaign now has them (null: the campaign has no such round). */
  period: Period | null;
}

export interface DeclareRandomness extends RoundCommand {
  type: 'DeclareRandomness';
  sources: SourceDeclaration[];
  /** ISO instant; the end of the round's last day (Seoul) when not given. */
  freezeAt?: string | null;
  /** The drand chain this deployment uses (configuration). */
  drandChain: DrandChain;
}

export interface EnterRound extends RoundCommand {
  type: 'EnterRound';
  entryId: string;
  personId: string;
  certificationId: string;
  /** The in-system prepayment the certification proved; none for a receipt or a manual entry. */
  prepaymentId?: string | null;
}

export interface FreezeEntryList extends RoundCommand {
  type: 'FreezeEntryList';
  /** Whether every earlier round of the campaign is drawn: their winners must be known. */
  earlierRoundsDrawn: boolean;
  /** Person ids to leave out: earlier winners when the policy excludes them, else empty. */
  excludedPersons: string[];
  /** Of the prepayments the round's refundable entries stand on, those refunded when the freeze read them. */
  refundedPrepayments?: string[];
  /** Of the round's persons, those whose personal data was erased when the freeze read them. */
  erasedPersons?: string[];
}

export interface RequestDraw extends RoundCommand {
  type: 'RequestDraw';
  /**
   * The numbers each declared source produced, in the declared order; for a drand source whose
   * beacon the worker recorded, an empty list takes that beacon.
   */
  numbers: string[][];
}

/**
 * The worker's: the beacons of the round's drand sources, fetched from the relay (by declared
 * source index). When every declared source is drand, the draw is requested with them.
 */
export interface RecordDrandBeacons extends RoundCommand {
  type: 'RecordDrandBeacons';
  beacons: { sourceIndex: number; beacon: DrandBeacon }[];
}

export interface RecordDraw extends RoundCommand {
  type: 'RecordDraw';
  quota: number;
  quotaDerivation?: QuotaDerivation;
  waitingListSize: number;
}

export type RaffleRoundCommand = DeclareRandomness | EnterRound | FreezeEntryList | RequestDraw | RecordDrandBeacons | RecordDraw;

import type { DomainEvent } from '@goodpay/event-store';
import type { RandomnessSource } from '../draw/rfc3797';
import type { DrandBeacon, DrandChain } from '../sources/drand';

/** One raffle round of one campaign: its randomness, its entries, its frozen list, its draw. */
export const raffleRoundStream = (campaignId: string, round: number): string => `raffle-round-${campaignId}-${round}`;

/**
 * A source of randomness as declared before the round opens, before anyone can know its value:
 * - `drand`: the round of a drand chain first produced after the freeze (the round number is
 *   computed from the freeze time, staff do not choose it), checked by its BLS signature;
 * - `lotto645`: a Lotto 6/45 draw dated after the freeze, checkable by anyone;
 * - `committed_seed`: a seed kept secret whose SHA-256 is published now and which is revealed
 *   at the draw; never the only source (staff know it).
 * `public_numbers` (numbers typed by staff under a free-text label, nothing checked) is what
 * rounds declared before this rule used; it is read, never declared any more.
 */
export type DeclaredSource =
  | { kind: 'public_numbers'; label: string }
  | { kind: 'committed_seed'; label: string; seedSha256: string }
  | { kind: 'drand'; label: string; chain: DrandChain; round: number; roundTime: string }
  | { kind: 'lotto645'; label: string; drawNumber: number; drawDate: string };

/**
 * A round's timeline, fixed when its randomness is declared (before it opens) and published:
 * certification closes at the end of the round's last day (Seoul), staff review pending
 * certifications until `reviewDeadline`, which is the freeze (a certification not approved by
 * then stays out), and the worker freezes the list at `freezeAt` by itself. ISO instants.
 */
export interface RoundTimeline {
  declaredAt: string;
  opensAt: string;
  certificationClosesAt: string;
  reviewDeadline: string;
  freezeAt: string;
}

export type RaffleRandomnessDeclared = DomainEvent<
  'RaffleRandomnessDeclared',
  { campaignId: string; round: number; sources: DeclaredSource[]; declaredAt: string; timeline?: RoundTimeline }
>;

/** A source's value as the draw used it; a drand value keeps its beacon so anyone can check the signature. */
export type RevealedSource = RandomnessSource & { beacon?: DrandBeacon };

/** How a round's quota (its winners at most) follows from the campaign's figures (see quota.ts). */
export interface QuotaDerivation {
  budget: number;
  prize: number;
  totalPlaces: number;
  rounds: number;
  /** Places the rounds drawn before this one took. */
  placesAllottedBefore: number;
}

/**
 * A person (pseudonymous id) enters the round, once, on an approved certification.
 * `prepaymentId` names the in-system prepayment the certification proved (absent for a
 * receipt photo, a manual entry, and entries recorded before refunds were checked): the
 * freeze leaves the entry out if that prepayment is refunded by then.
 */
export type RaffleEntered = DomainEvent<
  'RaffleEntered',
  {
    campaignId: string;
    round: number;
    entryId: string;
    personId: string;
    certificationId: string;
    prepaymentId?: string;
    enteredAt: string;
  }
>;

/**
 * Another certification of a person whose entry stands only on in-system prepayments: the
 * entry stays in as long as one of them is not refunded, or for good once a certification
 * without a prepayment (a receipt photo) backs it. Not recorded for an entry that is already
 * firm, so repeat certifications of most persons append nothing to the busy round stream.
 */
export type RaffleEntryBacked = DomainEvent<
  'RaffleEntryBacked',
  { campaignId: string; round: number; entryId: string; certificationId: string; prepaymentId?: string; backedAt: string }
>;

/** Why an approved certification no longer holds its entry when the list is frozen. */
export type WithdrawalReason = 'prepayment_refunded';

export interface WithdrawnCertification {
  certificationId: string;
  entryId: string;
  reason: WithdrawalReason;
}

/**
 * The round is closed to entries. `entries` is the canonical list the draw will select from
 * (earlier winners already left out when the policy says so), published with its SHA-256.
 * `withdrawn`: the certifications whose prepayment was refunded by the freeze (absent in
 * lists frozen before refunds were checked); an entry left the list when all its
 * certifications are withdrawn.
 */
export type RaffleEntryListFrozen = DomainEvent<
  'RaffleEntryListFrozen',
  {
    campaignId: string;
    round: number;
    entries: string[];
    entryListHash: string;
    excludedEarlierWinners: number;
    withdrawn?: WithdrawnCertification[];
    /**
     * Entries left out because their person's personal data was erased before the freeze (at
     * their request): someone who asked to be forgotten leaves the rounds not closed yet, and
     * coming back later they are a new person with a new entry, so they still count once.
     * Present only when there are such entries.
     */
    erasedEntries?: string[];
    /** The entries of earlier winners left out (the count above), so each of them can be told why. */
    excludedEntries?: string[];
    /** Published at the freeze, before the randomness exists (lists frozen since issue 15). */
    entryCount?: number;
    /** RFC 6962 Merkle root over the canonical list (see draw/merkle.ts). */
    merkleRoot?: string;
    frozenAt: string;
  }
>;

/**
 * The worker fetched a declared drand round from the configured relay and its BLS signature
 * verified against the chain's public key: the value is recorded before anyone uses it.
 */
export type RaffleDrandBeaconRecorded = DomainEvent<
  'RaffleDrandBeaconRecorded',
  { campaignId: string; round: number; sourceIndex: number; beacon: DrandBeacon; recordedAt: string }
>;

/** Staff give the numbers the declared sources produced: the draw may run. */
export type RaffleDrawRequested = DomainEvent<
  'RaffleDrawRequested',
  { campaignId: string; round: number; sources: RevealedSource[]; requestedAt: string }
>;

/** The RFC 3797 ranking of the frozen list: the first `winners` win, the rest wait in order. */
export type RaffleDrawRecorded = DomainEvent<
  'RaffleDrawRecorded',
  {
    campaignId: string;
    round: number;
    sources: RevealedSource[];
    keyString: string;
    entryListHash: string;
    quota: number;
    quotaDerivation?: QuotaDerivation;
    waitingListSize: number;
    winners: number;
    ranking: string[];
    drawnAt: string;
  }
>;

export type RaffleRoundEvent =
  | RaffleRandomnessDeclared
  | RaffleEntered
  | RaffleEntryBacked
  | RaffleEntryListFrozen
  | RaffleDrandBeaconRecorded
  | RaffleDrawRequested
  | RaffleDrawRecorded;

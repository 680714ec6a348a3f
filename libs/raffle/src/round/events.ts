import type { DomainEvent } from '@goodpay/event-store';
import type { RandomnessSource } from '../draw/rfc3797';

/** One raffle round of one campaign: its randomness, its entries, its frozen list, its draw. */
export const raffleRoundStream = (campaignId: string, round: number): string => `raffle-round-${campaignId}-${round}`;

/**
 * A source of randomness as declared before the round closes, before anyone knows its numbers:
 * numbers a named public draw will publish (a Lotto 6/45 draw), or a seed kept secret whose
 * SHA-256 is published now and which is revealed at the draw.
 */
export type DeclaredSource =
  | { kind: 'public_numbers'; label: string }
  | { kind: 'committed_seed'; label: string; seedSha256: string };

export type RaffleRandomnessDeclared = DomainEvent<
  'RaffleRandomnessDeclared',
  { campaignId: string; round: number; sources: DeclaredSource[]; declaredAt: string }
>;

/**
 * A person (pseudonymous id) enters the round, once, on an approved certification.
 * `prepaymentId` names the in-system prepayment the certification proved (absent for a
 * receipt photo, a manual entry, and entries recorded before refunds were checked): the
 * freeze leaves the entry out if that prepayment is refunded by then.
 */
export type RaffleEntered = DomainEvent<
  'RaffleEntered',
  { campaignId: string; round: number; entryId: string; personId: string; certificationId: string; prepaymentId?: string; enteredAt: string }
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
    frozenAt: string;
  }
>;

/** Staff give the numbers the declared sources produced: the draw may run. */
export type RaffleDrawRequested = DomainEvent<
  'RaffleDrawRequested',
  { campaignId: string; round: number; sources: RandomnessSource[]; requestedAt: string }
>;

/** The RFC 3797 ranking of the frozen list: the first `winners` win, the rest wait in order. */
export type RaffleDrawRecorded = DomainEvent<
  'RaffleDrawRecorded',
  {
    campaignId: string;
    round: number;
    sources: RandomnessSource[];
    keyString: string;
    entryListHash: string;
    quota: number;
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
  | RaffleDrawRequested
  | RaffleDrawRecorded;

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

/** A person (pseudonymous id) enters the round, once, on an approved certification. */
export type RaffleEntered = DomainEvent<
  'RaffleEntered',
  { campaignId: string; round: number; entryId: string; personId: string; certificationId: string; enteredAt: string }
>;

/**
 * The round is closed to entries. `entries` is the canonical list the draw will select from
 * (earlier winners already left out when the policy says so), published with its SHA-256.
 */
export type RaffleEntryListFrozen = DomainEvent<
  'RaffleEntryListFrozen',
  { campaignId: string; round: number; entries: string[]; entryListHash: string; excludedEarlierWinners: number; frozenAt: string }
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
  | RaffleEntryListFrozen
  | RaffleDrawRequested
  | RaffleDrawRecorded;

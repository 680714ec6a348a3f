import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/**
 * The campaign's raffle places and prizes in one stream: every round's draw takes its places
 * here, and every voucher award and forfeit is recorded here, so neither the places over all
 * rounds nor the sum of awards can ever pass budget / prize, whatever runs concurrently.
 */
export const rafflePlacesStream = (campaignId: string): string => `raffle-places-${campaignId}`;

export type RafflePlacesAllotted = DomainEvent<
  'RafflePlacesAllotted',
  { campaignId: string; round: number; places: number; totalPlaces: number }
>;

/** An Onnuri voucher: a code from a batch staff bought, or the issuer's reference for one it sends. */
export type Voucher = { kind: 'code'; code: string } | { kind: 'issuer_reference'; reference: string };

/** Staff add vouchers to the campaign's stock; awards take them in the order added. */
export type RaffleVouchersAdded = DomainEvent<'RaffleVouchersAdded', { campaignId: string; vouchers: Voucher[]; addedAt: string }>;

/**
 * A winner (or, after a forfeit, the next on the waiting list) is awarded one prize: the
 * voucher taken from the stock, to confirm by `confirmBy`.
 */
export type RaffleVoucherAwarded = DomainEvent<
  'RaffleVoucherAwarded',
  {
    campaignId: string;
    round: number;
    entryId: string;
    personId: string;
    certificationId: string;
    /** 1-based place in the round's ranking. */
    rank: number;
    amount: Krw;
    voucher: Voucher;
    awardedAt: string;
    confirmBy: string;
  }
>;

export type RaffleAwardConfirmed = DomainEvent<
  'RaffleAwardConfirmed',
  { campaignId: string; round: number; entryId: string; confirmedAt: string }
>;

/** The prize goes back: the winner was disqualified or did not confirm in time; its voucher returns to the stock. */
export type RaffleAwardForfeited = DomainEvent<
  'RaffleAwardForfeited',
  { campaignId: string; round: number; entryId: string; reason: 'disqualified' | 'not_confirmed'; note: string | null; forfeitedAt: string }
>;

export type RafflePlacesEvent =
  RafflePlacesAllotted | RaffleVouchersAdded | RaffleVoucherAwarded | RaffleAwardConfirmed | RaffleAwardForfeited;

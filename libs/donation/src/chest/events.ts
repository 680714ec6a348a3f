import type { DomainEvent } from '@goodpay/event-store';
import type { Actor, Krw } from '@goodpay/shared';
import type { DonationSource, DonorEvent } from '../donor/events';
import type { DonorType } from '../donor/donor';

/**
 * The community chest's own book, one stream: what it received and what it gave to welfare
 * projects. Disbursements are decided on it at one version, so two at once cannot together
 * spend more than the balance.
 */
export const COMMUNITY_CHEST_STREAM = 'community-chest';

/**
 * The chest received a donation. Appended in the same transaction as the donation on the
 * donor's stream (which guards against giving twice); credits only raise the balance, so they
 * are appended at any version and never hold a donation back.
 */
export type ChestCredited = DomainEvent<
  'ChestCredited',
  { donationId: string; source: DonationSource; donorType: DonorType; amount: Krw; creditedAt: string }
>;

/**
 * Money given to a welfare project, decided by staff; never more than the balance.
 * `balanceAfter` is null when it is past 2^53 (only credits from before the maxima can make it
 * so): a JSON number would round it; the ledger computes every balance exactly anyway.
 */
export type ChestDisbursed = DomainEvent<
  'ChestDisbursed',
  { disbursementId: string; project: string; amount: Krw; balanceAfter: Krw | null; disbursedBy: Actor; disbursedAt: string }
>;

export type ChestEvent = ChestCredited | ChestDisbursed;
export const CHEST_EVENT_TYPES: ChestEvent['type'][] = ['ChestCredited', 'ChestDisbursed'];

/** What the chest receives for a donation event: the credit that goes with it. */
export function creditFor(event: DonorEvent): ChestCredited | null {
  switch (event.type) {
    case 'CashbackDonated':
    case 'PledgeDonated':
      return {
        type: 'ChestCredited',
        data: {
          donationId: event.data.donationId,
          source: event.type === 'CashbackDonated' ? 'cashback' : 'pledge',
          donorType: event.data.donor.type,
          amount: event.data.amount,
          creditedAt: event.data.donatedAt,
        },
      };
    default:
      return null;
  }
}

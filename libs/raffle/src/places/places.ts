import type { Decider, DomainEvent } from '@goodpay/event-store';
import { RuleViolationError } from '@goodpay/shared';

/**
 * The campaign's raffle places in one stream: every round's draw takes its places here, so
 * the sum over all rounds can never pass budget / prize, whatever runs concurrently.
 * (Voucher awards and forfeits belong in this same stream when they are built.)
 */
export const rafflePlacesStream = (campaignId: string): string => `raffle-places-${campaignId}`;

export type RafflePlacesAllotted = DomainEvent<
  'RafflePlacesAllotted',
  { campaignId: string; round: number; places: number; totalPlaces: number }
>;

export interface RafflePlaces {
  byRound: Record<number, number>;
  allotted: number;
}

export interface AllotPlaces {
  type: 'AllotPlaces';
  campaignId: string;
  round: number;
  places: number;
  totalPlaces: number;
}

export const rafflePlacesDecider: Decider<RafflePlaces, AllotPlaces, RafflePlacesAllotted> = {
  initialState: () => ({ byRound: {}, allotted: 0 }),
  evolve: (state, { data }) => ({ byRound: { ...state.byRound, [data.round]: data.places }, allotted: state.allotted + data.places }),
  decide: (command, state) => {
    if (state.byRound[command.round] !== undefined) return [];
    if (state.allotted + command.places > command.totalPlaces) {
      throw new RuleViolationError('raffle_budget_exceeded', `only ${command.totalPlaces - state.allotted} raffle places are left`, {
        requested: command.places,
        left: command.totalPlaces - state.allotted,
      });
    }
    const { campaignId, round, places, totalPlaces } = command;
    return [{ type: 'RafflePlacesAllotted', data: { campaignId, round, places, totalPlaces } }];
  },
};

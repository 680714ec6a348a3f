import { NotFoundError } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import type { CampaignStreamEvent } from './events';
import { DEFAULT_PREPAID_TERMS, type PrepaidTerms } from './prepaid-terms';
import { type ParticipationTarget, type PrepaymentBounds, type RaffleSettings, type Region, withRaffleRules } from './settings';

export interface Campaign {
  status: 'open' | 'closed';
  campaignId: string;
  name: string;
  region: Region;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  /** The day staff ended it early, if they did. */
  closedOn: CalendarDate | null;
  bounds: PrepaymentBounds;
  raffle: RaffleSettings;
  participationTarget: ParticipationTarget;
  /** Validity, use after the end and shop-closure compensation promised to its prepayers. */
  prepaidTerms: PrepaidTerms;
  /** Round numbers whose draw the raffle has recorded: never changed again. */
  roundsDrawn: number[];
  /** Round numbers whose timeline the raffle has declared: their dates never move again. */
  roundsFixed: number[];
}

export type CampaignState = { status: 'not_created' } | Campaign;

export const initialCampaignState = (): CampaignState => ({ status: 'not_created' });

export function evolveCampaign(state: CampaignState, event: CampaignStreamEvent): CampaignState {
  if (event.type === 'CampaignCreated') {
    const { createdAt: _createdAt, raffle, prepaidTerms = DEFAULT_PREPAID_TERMS, ...campaign } = event.data;
    return { status: 'open', ...campaign, raffle: withRaffleRules(raffle), prepaidTerms, closedOn: null, roundsDrawn: [], roundsFixed: [] };
  }
  if (state.status === 'not_created') return state;
  switch (event.type) {
    case 'CampaignChanged': {
      const { name = state.name, bounds = state.bounds, participationTarget = state.participationTarget } = event.data;
      return { ...state, name, bounds, participationTarget };
    }
    case 'CampaignExtended':
      return { ...state, endsOn: event.data.endsOn, raffle: { ...state.raffle, rounds: event.data.rounds } };
    case 'CampaignClosed':
      return { ...state, status: 'closed', closedOn: event.data.closedOn };
    case 'RaffleRoundDrawn':
      return state.roundsDrawn.includes(event.data.round) ? state : { ...state, roundsDrawn: [...state.roundsDrawn, event.data.round] };
    case 'RaffleRoundTimelineFixed':
      return state.roundsFixed.includes(event.data.round) ? state : { ...state, roundsFixed: [...state.roundsFixed, event.data.round] };
  }
}

/** The campaign, or campaign_not_found. */
export function existingCampaign(state: CampaignState, campaignId: string): Campaign {
  if (state.status === 'not_created') throw new NotFoundError('campaign', campaignId);
  return state;
}

/** Takes prepayments on that Seoul day: created, not closed, and the day inside its dates. */
export function isActiveOn(state: CampaignState, date: CalendarDate): boolean {
  return state.status === 'open' && state.startsOn <= date && date <= state.endsOn;
}

/** Over on that day: closed early, or past its last day. (Before its first day it has not ended.) */
export function hasEndedOn(state: CampaignState, date: CalendarDate): boolean {
  return state.status === 'closed' || (state.status === 'open' && date > state.endsOn);
}

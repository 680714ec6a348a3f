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
  /** A rehearsal's own clock (offset from the real time) and whether it was deleted; null for a real campaign. */
  rehearsal: { clockOffsetMs: number; deleted: boolean } | null;
}

export type CampaignState = { status: 'not_created' } | Campaign;

export const initialCampaignState = (): CampaignState => ({ status: 'not_created' });

export function evolveCampaign(state: CampaignState, event: CampaignStreamEvent): CampaignState {
  if (event.type === 'CampaignCreated') {
    const { createdAt: _createdAt, raffle, prepaidTerms = DEFAULT_PREPAID_TERMS, rehearsal, ...campaign } = event.data;
    return {
      status: 'open',
      ...campaign,
      raffle: withRaffleRules(raffle),
      prepaidTerms,
      closedOn: null,
      roundsDrawn: [],
      roundsFixed: [],
      rehearsal: rehearsal ? { clockOffsetMs: rehearsal.clockOffsetMs, deleted: false } : null,
    };
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
    case 'RehearsalClockAdvanced':
      return state.rehearsal ? { ...state, rehearsal: { ...state.rehearsal, clockOffsetMs: event.data.clockOffsetMs } } : state;
    case 'CampaignRehearsalDeleted':
      return state.rehearsal ? { ...state, rehearsal: { ...state.rehearsal, deleted: true } } : state;
    case 'RaffleRoundDrawn':
      return state.roundsDrawn.includes(event.data.round) ? state : { ...state, roundsDrawn: [...state.roundsDrawn, event.data.round] };
    case 'RaffleRoundTimelineFixed':
      return state.roundsFixed.includes(event.data.round) ? state : { ...state, roundsFixed: [...state.roundsFixed, event.data.round] };
  }
}

/** The campaign, or campaign_not_found (a deleted rehearsal is gone). */
export function existingCampaign(state: CampaignState, campaignId: string): Campaign {
  if (state.status === 'not_created' || state.rehearsal?.deleted) throw new NotFoundError('campaign', campaignId);
  return state;
}

/** Takes prepayments on that Seoul day: created, not closed or deleted, and the day inside its dates. */
export function isActiveOn(state: CampaignState, date: CalendarDate): boolean {
  return state.status === 'open' && !state.rehearsal?.deleted && state.startsOn <= date && date <= state.endsOn;
}

/** Whether the campaign is a rehearsal (kept out of every real figure, settlement and payout). */
export const isRehearsal = (state: CampaignState): boolean => state.status !== 'not_created' && state.rehearsal !== null;

/** Over on that day: closed early, or past its last day. (Before its first day it has not ended.) */
export function hasEndedOn(state: CampaignState, date: CalendarDate): boolean {
  return state.status === 'closed' || (state.status === 'open' && date > state.endsOn);
}

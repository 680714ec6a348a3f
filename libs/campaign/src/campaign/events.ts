import type { DomainEvent } from '@goodpay/event-store';
import type { CalendarDate } from '@goodpay/shared';
import type { PrepaidTerms } from './prepaid-terms';
import type { ParticipationTarget, PrepaymentBounds, RaffleRound, RaffleSettings, Region } from './settings';

export const campaignStream = (campaignId: string): string => `campaign-${campaignId}`;

export type CampaignCreated = DomainEvent<
  'CampaignCreated',
  {
    campaignId: string;
    name: string;
    region: Region;
    startsOn: CalendarDate;
    endsOn: CalendarDate;
    bounds: PrepaymentBounds;
    raffle: RaffleSettings;
    participationTarget: ParticipationTarget;
    /** Absent on campaigns created before the terms were configurable: they fold to the defaults. */
    prepaidTerms?: PrepaidTerms;
    createdAt: string;
    /**
     * Present on a rehearsal campaign (absent on every real one, and on events written before
     * rehearsals existed): its clock starts `clockOffsetMs` away from the real one.
     */
    rehearsal?: { clockOffsetMs: number };
  }
>;

/** Only what changed is present; bounds and target are given whole, as they now stand. */
export type CampaignChanged = DomainEvent<
  'CampaignChanged',
  {
    campaignId: string;
    name?: string;
    bounds?: PrepaymentBounds;
    participationTarget?: ParticipationTarget;
    changedAt: string;
  }
>;

/** The new last day, and the rounds as they now stand (the last one extended, or new ones added). */
export type CampaignExtended = DomainEvent<
  'CampaignExtended',
  { campaignId: string; previousEndsOn: CalendarDate; endsOn: CalendarDate; rounds: RaffleRound[]; extendedAt: string }
>;

/** Ended early by staff: no prepayment is taken from `closedAt` on. */
export type CampaignClosed = DomainEvent<
  'CampaignClosed',
  { campaignId: string; reason: string; closedAt: string; closedOn: CalendarDate }
>;

/** Staff moved a rehearsal's clock on: its "now" is the real time plus `clockOffsetMs`, never earlier than before. */
export type RehearsalClockAdvanced = DomainEvent<
  'RehearsalClockAdvanced',
  { campaignId: string; previousOffsetMs: number; clockOffsetMs: number; rehearsalNow: string; advancedAt: string }
>;

/**
 * A rehearsal deleted as a whole. The log is append-only, so its events stay; from this event
 * on every projection holding rows of the campaign deletes them, and a rebuild (which replays
 * this event too) ends with the same rows: none. See docs/rehearsal.md.
 */
export type CampaignRehearsalDeleted = DomainEvent<'CampaignRehearsalDeleted', { campaignId: string; deletedAt: string }>;

export type CampaignEvent =
  CampaignCreated | CampaignChanged | CampaignExtended | CampaignClosed | RehearsalClockAdvanced | CampaignRehearsalDeleted;

// A record rather than a list, so the compiler checks it names every event exactly once.
const campaignEventTypes: Record<CampaignEvent['type'], true> = {
  CampaignCreated: true,
  CampaignChanged: true,
  CampaignExtended: true,
  CampaignClosed: true,
  RehearsalClockAdvanced: true,
  CampaignRehearsalDeleted: true,
};
export const CAMPAIGN_EVENT_TYPES = Object.keys(campaignEventTypes) as CampaignEvent['type'][];

/**
 * Emitted by the raffle context when a round's winners are drawn. The campaign folds it in
 * (wherever the handler reads it from) so that no extension ever changes a drawn round.
 * Other fields the raffle adds are ignored here.
 */
export type RaffleRoundDrawn = DomainEvent<'RaffleRoundDrawn', { campaignId: string; round: number }>;

/**
 * Emitted by the raffle context when a round's sources and freeze time are declared (before it
 * opens): from then on the round's dates are part of a published timeline and no extension
 * moves them. Extending adds new rounds, each with a timeline of its own.
 */
export type RaffleRoundTimelineFixed = DomainEvent<'RaffleRoundTimelineFixed', { campaignId: string; round: number }>;

/** Everything a campaign's state is folded from. */
export type CampaignStreamEvent = CampaignEvent | RaffleRoundDrawn | RaffleRoundTimelineFixed;

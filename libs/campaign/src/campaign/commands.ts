import type { Actor } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import type { PartialPrepaidTerms } from './prepaid-terms';
import type { ParticipationTarget, PrepaymentBounds, RaffleRound, RaffleSettings, Region } from './settings';

/** Every campaign command is staff's, and carries the time it is decided at. */
interface CampaignCommandBase {
  actor: Actor;
  campaignId: string;
  /** ISO instant, from the handler's clock. */
  now: string;
}

/** Bounds and raffle amounts left out take DOMAIN.md's defaults; no rounds means no raffle. */
export interface CreateCampaign extends CampaignCommandBase {
  type: 'CreateCampaign';
  name: string;
  region: Region;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  bounds?: Partial<PrepaymentBounds>;
  raffle?: Partial<RaffleSettings>;
  participationTarget: ParticipationTarget;
  /** Left out: the standard terms' defaults (5 years, keep after the end, 100% automatic compensation). */
  prepaidTerms?: PartialPrepaidTerms;
  /**
   * A rehearsal: its clock starts at `clockAt` (any instant, before or after the real time;
   * the real time if left out) and from then on moves only forward.
   */
  rehearsal?: { clockAt?: string };
}

/** Whatever is given replaces what the campaign has; the rest stays. */
export interface ChangeCampaign extends CampaignCommandBase {
  type: 'ChangeCampaign';
  name?: string;
  bounds?: Partial<PrepaymentBounds>;
  participationTarget?: Partial<ParticipationTarget>;
}

/**
 * A later last day. `rounds`, if given, is the whole new list: the current rounds unchanged
 * except that the last may end later (if not yet drawn), followed by any new rounds.
 */
export interface ExtendCampaign extends CampaignCommandBase {
  type: 'ExtendCampaign';
  endsOn: CalendarDate;
  rounds?: RaffleRound[];
}

export interface CloseCampaign extends CampaignCommandBase {
  type: 'CloseCampaign';
  reason: string;
}

/** Moves a rehearsal's clock to `to` (an instant later than its "now"). `now` here is the real time. */
export interface AdvanceRehearsalClock extends CampaignCommandBase {
  type: 'AdvanceRehearsalClock';
  to: string;
}

/** Deletes a rehearsal as a whole; a real campaign cannot be deleted. */
export interface DeleteRehearsal extends CampaignCommandBase {
  type: 'DeleteRehearsal';
}

export type CampaignCommand = CreateCampaign | ChangeCampaign | ExtendCampaign | CloseCampaign | AdvanceRehearsalClock | DeleteRehearsal;

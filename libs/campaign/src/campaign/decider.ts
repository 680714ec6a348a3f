import type { Decider } from '@goodpay/event-store';
import { InvalidInputError, RuleViolationError } from '@goodpay/shared';
import { calendarDate, seoulDate } from '@goodpay/shared';
import { requiredText, requireStaff } from '@goodpay/shared';
import type {
  AdvanceRehearsalClock,
  ChangeCampaign,
  CampaignCommand,
  CloseCampaign,
  CreateCampaign,
  DeleteRehearsal,
  ExtendCampaign,
} from './commands';
import type { CampaignChanged, CampaignEvent, CampaignStreamEvent } from './events';
import {
  DEFAULT_PREPAYMENT_BOUNDS,
  DEFAULT_RAFFLE_SETTINGS,
  type RaffleRound,
  sameValues,
  validBounds,
  validPeriod,
  validRaffle,
  validRegion,
  validRounds,
  validTarget,
  withDefaults,
} from './settings';
import { validPrepaidTerms } from './prepaid-terms';
import { type Campaign, type CampaignState, evolveCampaign, existingCampaign, initialCampaignState } from './state';

function create(command: CreateCampaign, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'create campaigns');
  if (state.status !== 'not_created') {
    throw new RuleViolationError('campaign_already_exists', `campaign ${command.campaignId} already exists`);
  }
  const period = validPeriod(command.startsOn, command.endsOn);
  const raffle = withDefaults({ ...DEFAULT_RAFFLE_SETTINGS, rounds: [] as RaffleRound[] }, command.raffle);
  return [
    {
      type: 'CampaignCreated',
      data: {
        campaignId: command.campaignId,
        name: requiredText(command.name, 'name'),
        region: validRegion(command.region),
        ...period,
        bounds: validBounds(withDefaults(DEFAULT_PREPAYMENT_BOUNDS, command.bounds)),
        raffle: validRaffle(raffle, period),
        participationTarget: validTarget(command.participationTarget),
        prepaidTerms: validPrepaidTerms(command.prepaidTerms),
        createdAt: command.now,
        ...(command.rehearsal ? { rehearsal: { clockOffsetMs: rehearsalStart(command.rehearsal.clockAt, command.now) } } : {}),
      },
    },
  ];
}

function instant(value: unknown, field: string): number {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${field} must be an ISO 8601 instant`, { [field]: value }, 'invalid_instant');
  return ms;
}

/** The offset that puts the rehearsal's clock at `clockAt` now (0: it starts at the real time). */
function rehearsalStart(clockAt: string | undefined, now: string): number {
  return clockAt === undefined ? 0 : instant(clockAt, 'rehearsal.clockAt') - Date.parse(now);
}

/** The rehearsal, or rehearsal_only (422) for a real campaign: a real campaign's clock is the real one. */
function rehearsalOf(campaign: Campaign, what: string): { clockOffsetMs: number } {
  if (!campaign.rehearsal)
    throw new RuleViolationError('rehearsal_only', `only a rehearsal campaign can ${what}`, { campaignId: campaign.campaignId });
  return campaign.rehearsal;
}

/** The rehearsal's clock only moves forward: `to` must be later than its "now" (`command.now` is the real time). */
function advanceClock(command: AdvanceRehearsalClock, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'move rehearsal clocks');
  const campaign = existingCampaign(state, command.campaignId);
  const { clockOffsetMs: previousOffsetMs } = rehearsalOf(campaign, 'move its clock');
  const realNow = Date.parse(command.now);
  const clockOffsetMs = instant(command.to, 'to') - realNow;
  if (clockOffsetMs <= previousOffsetMs) {
    throw new RuleViolationError('rehearsal_clock_backwards', 'a rehearsal clock only moves forward', {
      rehearsalNow: new Date(realNow + previousOffsetMs).toISOString(),
      requested: command.to,
    });
  }
  return [
    {
      type: 'RehearsalClockAdvanced',
      data: {
        campaignId: campaign.campaignId,
        previousOffsetMs,
        clockOffsetMs,
        rehearsalNow: new Date(realNow + clockOffsetMs).toISOString(),
        advancedAt: command.now,
      },
    },
  ];
}

function deleteRehearsal(command: DeleteRehearsal, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'delete rehearsals');
  const campaign = existingCampaign(state, command.campaignId);
  rehearsalOf(campaign, 'be deleted');
  return [{ type: 'CampaignRehearsalDeleted', data: { campaignId: campaign.campaignId, deletedAt: command.now } }];
}

/** The campaign if it may still be changed: closing is final. */
function openCampaign(state: CampaignState, campaignId: string): Campaign {
  const campaign = existingCampaign(state, campaignId);
  if (campaign.status === 'closed') {
    throw new RuleViolationError('campaign_closed', `campaign ${campaignId} was closed on ${campaign.closedOn}`);
  }
  return campaign;
}

/** Emits only what really changes; a change to nothing decides nothing. */
function change(command: ChangeCampaign, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'change campaigns');
  const campaign = openCampaign(state, command.campaignId);
  const changes: Omit<CampaignChanged['data'], 'campaignId' | 'changedAt'> = {};
  if (command.name !== undefined) {
    const name = requiredText(command.name, 'name');
    if (name !== campaign.name) changes.name = name;
  }
  if (command.bounds !== undefined) {
    const bounds = validBounds(withDefaults(campaign.bounds, command.bounds));
    if (!sameValues(bounds, campaign.bounds)) changes.bounds = bounds;
  }
  if (command.participationTarget !== undefined) {
    const target = validTarget(withDefaults(campaign.participationTarget, command.participationTarget));
    if (!sameValues(target, campaign.participationTarget)) changes.participationTarget = target;
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'CampaignChanged', data: { campaignId: campaign.campaignId, ...changes, changedAt: command.now } }];
}

/**
 * Rounds only grow: every current round stays as it is, except that the last one may end
 * later while its timeline is not declared (so never once frozen or drawn); new rounds may follow. A drawn round never changes, so
 * a draw already published stays reproducible (Jeonbuk 2025 extended to June 30 this way).
 */
function checkRoundsOnlyGrow(campaign: Campaign, proposed: readonly RaffleRound[]): void {
  const current = campaign.raffle.rounds;
  if (proposed.length < current.length) {
    throw new RuleViolationError('round_change_not_allowed', 'raffle rounds cannot be removed', {
      rounds: current.length,
      proposed: proposed.length,
    });
  }
  current.forEach((round, index) => {
    const next = proposed[index];
    if (sameValues(round, next)) return;
    if (campaign.roundsDrawn.includes(round.number)) {
      throw new RuleViolationError('round_already_drawn', `round ${round.number} is drawn and cannot change`, {
        round: round.number,
      });
    }
    // Its sources, freeze time and drand round were published from these dates: moving them
    // would let a frozen (or about to be frozen) round take entries or randomness after the fact.
    if (campaign.roundsFixed.includes(round.number)) {
      throw new RuleViolationError(
        'round_timeline_fixed',
        `round ${round.number}'s timeline is declared and cannot move: add a round with its own timeline instead`,
        { round: round.number },
      );
    }
    const isLastExtendedLater =
      index === current.length - 1 && next.number === round.number && next.startsOn === round.startsOn && next.endsOn > round.endsOn;
    if (!isLastExtendedLater) {
      throw new RuleViolationError('round_change_not_allowed', 'only the last round may be extended, to a later day', {
        round: round.number,
      });
    }
  });
}

function extend(command: ExtendCampaign, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'extend campaigns');
  const campaign = openCampaign(state, command.campaignId);
  const endsOn = calendarDate(command.endsOn, 'endsOn');
  if (endsOn <= campaign.endsOn) {
    throw new RuleViolationError('extension_must_be_later', `the campaign already runs until ${campaign.endsOn}`, {
      endsOn: campaign.endsOn,
      requested: endsOn,
    });
  }
  const rounds = validRounds(command.rounds ?? campaign.raffle.rounds, { startsOn: campaign.startsOn, endsOn });
  checkRoundsOnlyGrow(campaign, rounds);
  return [
    {
      type: 'CampaignExtended',
      data: { campaignId: campaign.campaignId, previousEndsOn: campaign.endsOn, endsOn, rounds, extendedAt: command.now },
    },
  ];
}

/** Ends the campaign now. Prepayments already made stay redeemable and become refundable. */
function close(command: CloseCampaign, state: CampaignState): CampaignEvent[] {
  requireStaff(command.actor, 'close campaigns');
  const campaign = openCampaign(state, command.campaignId);
  return [
    {
      type: 'CampaignClosed',
      data: {
        campaignId: campaign.campaignId,
        reason: requiredText(command.reason, 'reason', 500),
        closedAt: command.now,
        closedOn: seoulDate(command.now),
      },
    },
  ];
}

function decide(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  switch (command.type) {
    case 'CreateCampaign':
      return create(command, state);
    case 'ChangeCampaign':
      return change(command, state);
    case 'ExtendCampaign':
      return extend(command, state);
    case 'CloseCampaign':
      return close(command, state);
    case 'AdvanceRehearsalClock':
      return advanceClock(command, state);
    case 'DeleteRehearsal':
      return deleteRehearsal(command, state);
  }
}

export const campaignDecider: Decider<CampaignState, CampaignCommand, CampaignStreamEvent> = {
  initialState: initialCampaignState,
  evolve: evolveCampaign,
  decide,
};

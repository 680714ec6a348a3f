import { citizen, spec, staff, stateAfter } from '../../../event-store/src/decider/testing';
import type { CreateCampaign, ExtendCampaign } from './commands';
import { campaignDecider } from './decider';
import type { CampaignCreated, CampaignStreamEvent, RaffleRoundDrawn, RaffleRoundTimelineFixed } from './events';
import { jeonbukPreset } from './presets';
import { DEFAULT_PREPAID_TERMS } from './prepaid-terms';
import { DEFAULT_PREPAYMENT_BOUNDS, DEFAULT_RAFFLE_SETTINGS } from './settings';
import { hasEndedOn, isActiveOn } from './state';

const campaignId = 'jeonbuk-2025';
const now = '2025-01-06T01:00:00Z';
const jeonbuk = jeonbukPreset(2025);

const create: CreateCampaign = {
  type: 'CreateCampaign',
  actor: staff,
  campaignId,
  now,
  name: 'Jeonbuk good prepayment 2025',
  region: { kind: 'province', name: 'Jeonbuk' },
  startsOn: jeonbuk.startsOn,
  endsOn: jeonbuk.endsOn,
  raffle: { rounds: jeonbuk.raffle.rounds },
  participationTarget: { participants: 50_000, amount: 5_000_000_000 },
};

const created: CampaignCreated = {
  type: 'CampaignCreated',
  data: {
    campaignId,
    name: 'Jeonbuk good prepayment 2025',
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: '2025-01-13',
    endsOn: '2025-02-28',
    bounds: DEFAULT_PREPAYMENT_BOUNDS,
    raffle: jeonbuk.raffle,
    participationTarget: { participants: 50_000, amount: 5_000_000_000 },
    prepaidTerms: DEFAULT_PREPAID_TERMS,
    createdAt: now,
  },
};

/** Closed at 01:00 Seoul time on Feb 11. */
const closed: CampaignStreamEvent = {
  type: 'CampaignClosed',
  data: { campaignId, reason: 'budget spent', closedAt: '2025-02-10T16:00:00Z', closedOn: '2025-02-11' },
};

const drawn = (round: number): RaffleRoundDrawn => ({ type: 'RaffleRoundDrawn', data: { campaignId, round } });
const campaigns = spec(campaignDecider);
const given = (...history: CampaignStreamEvent[]) => campaigns.given(history);

describe('campaign decider', () => {
  describe('CreateCampaign', () => {
    it('creates a campaign with the published defaults', () => {
      given().when(create).then([created]);
    });

    it('takes the bounds and raffle amounts it is given', () => {
      given()
        .when({ ...create, bounds: { maxPerPersonPerMonth: 1_000_000 }, raffle: { ...jeonbuk.raffle, prize: 50_000 } })
        .then([
          {
            ...created,
            data: {
              ...created.data,
              bounds: { ...DEFAULT_PREPAYMENT_BOUNDS, maxPerPersonPerMonth: 1_000_000 },
              raffle: { ...jeonbuk.raffle, prize: 50_000 },
            },
          },
        ]);
    });

    it('takes the prepaid terms it is given, over the standard defaults, and checks them', () => {
      given()
        .when({ ...create, prepaidTerms: { validityDays: 365, keepAfterCampaignEnd: false, shopClosure: { refundPercent: 80 } } })
        .then([
          {
            ...created,
            data: {
              ...created.data,
              prepaidTerms: { validityDays: 365, keepAfterCampaignEnd: false, shopClosure: { refundPercent: 80, approval: 'automatic' } },
            },
          },
        ]);
      for (const prepaidTerms of [
        { validityDays: 29 },
        { validityDays: 5 * 365 + 1 },
        { validityDays: 100.5 },
        { keepAfterCampaignEnd: 'yes' as never },
        { shopClosure: { refundPercent: 0 } },
        { shopClosure: { refundPercent: 101 } },
      ]) {
        expect(
          given()
            .when({ ...create, prepaidTerms })
            .then('invalid_prepaid_terms').status,
        ).toBe(400);
      }
      given()
        .when({ ...create, prepaidTerms: { shopClosure: { approval: 'later' as never } } })
        .then('invalid_input');
    });

    it('folds a campaign created before the terms existed to the standard defaults', () => {
      const { prepaidTerms: _absent, ...old } = created.data;
      const state = campaignDecider.evolve(campaignDecider.initialState(), { type: 'CampaignCreated', data: old });
      expect(state.status !== 'not_created' && state.prepaidTerms).toEqual(DEFAULT_PREPAID_TERMS);
    });

    it('is staff only', () => {
      const refusal = given()
        .when({ ...create, actor: citizen() })
        .then('staff_only');
      expect(refusal.status).toBe(403);
    });

    it('refuses a second creation', () => {
      given(created).when(create).then('campaign_already_exists');
    });

    it('refuses bad values with 400', () => {
      expect(
        given()
          .when({ ...create, name: '  ' })
          .then('invalid_input').status,
      ).toBe(400);
      given()
        .when({ ...create, region: { kind: 'county' as never, name: 'x' } })
        .then('invalid_input');
      given()
        .when({ ...create, startsOn: '2025-02-30' })
        .then('invalid_date');
      given()
        .when({ ...create, endsOn: '2025-01-12' })
        .then('invalid_campaign_period');
      given()
        .when({ ...create, participationTarget: { participants: 0, amount: 1 } })
        .then('invalid_input');
      given()
        .when({ ...create, bounds: { minPerPrepayment: 100_000.5 } })
        .then('invalid_input');
    });

    it('refuses inconsistent bounds', () => {
      given()
        .when({ ...create, bounds: { minPerPrepayment: 400_000 } })
        .then('invalid_prepayment_bounds');
      given()
        .when({ ...create, bounds: { maxPerPrepayment: 500_000 } })
        .then('invalid_prepayment_bounds');
    });

    it('refuses a raffle budget that is not a whole number of prizes', () => {
      given()
        .when({ ...create, raffle: { budget: 3_010_000 } })
        .then('raffle_budget_not_multiple_of_prize');
    });

    it('refuses rounds that overlap, leave the campaign or are misnumbered', () => {
      const [one, two, three] = jeonbuk.raffle.rounds;
      const withRounds = (rounds: typeof jeonbuk.raffle.rounds) => ({ ...create, raffle: { rounds } });
      given()
        .when(withRounds([one, { ...two, startsOn: '2025-02-02' }, three]))
        .then('invalid_raffle_rounds');
      given()
        .when(withRounds([one, two, { ...three, endsOn: '2025-03-01' }]))
        .then('invalid_raffle_rounds');
      given()
        .when(withRounds([one, three]))
        .then('invalid_raffle_rounds');
      given()
        .when(withRounds([{ ...one, endsOn: '2025-01-12' }]))
        .then('invalid_raffle_rounds');
    });

    it('takes the raffle rules it is given, and refuses rules out of range or data kept shorter than a winner may confirm', () => {
      const rules = { excludeEarlierWinners: false, confirmationDeadlineDays: 7, personalDataRetentionDays: 30 };
      given()
        .when({ ...create, raffle: { rounds: jeonbuk.raffle.rounds, ...rules } })
        .then([{ ...created, data: { ...created.data, raffle: { ...jeonbuk.raffle, ...rules } } }]);
      for (const bad of [
        { excludeEarlierWinners: 'yes' as never },
        { confirmationDeadlineDays: 0 },
        { confirmationDeadlineDays: 91 },
        { confirmationDeadlineDays: 1.5 },
        { personalDataRetentionDays: 366 },
        { confirmationDeadlineDays: 30, personalDataRetentionDays: 20 },
      ]) {
        expect(
          given()
            .when({ ...create, raffle: { rounds: jeonbuk.raffle.rounds, ...bad } })
            .then('invalid_raffle_rules').status,
        ).toBe(400);
      }
    });

    it('gives a campaign created before the rules were settings the defaults', () => {
      const { excludeEarlierWinners: _e, confirmationDeadlineDays: _c, personalDataRetentionDays: _p, ...older } = jeonbuk.raffle;
      const state = stateAfter(campaignDecider, [{ ...created, data: { ...created.data, raffle: older as never } }]);
      expect(state).toMatchObject({
        raffle: { excludeEarlierWinners: true, confirmationDeadlineDays: 14, personalDataRetentionDays: 180 },
      });
    });

    it('allows a campaign without a raffle', () => {
      given()
        .when({ ...create, raffle: undefined })
        .then([{ ...created, data: { ...created.data, raffle: { ...DEFAULT_RAFFLE_SETTINGS, rounds: [] } } }]);
    });
  });

  describe('ChangeCampaign', () => {
    const change = { type: 'ChangeCampaign', actor: staff, campaignId, now } as const;

    it('records only what changes, with bounds and target whole', () => {
      given(created)
        .when({ ...change, name: 'Jeonbuk 2025', bounds: { maxPerPersonPerMonth: 1_000_000, minPerPrepayment: 100_000 } })
        .then([
          {
            type: 'CampaignChanged',
            data: {
              campaignId,
              name: 'Jeonbuk 2025',
              bounds: { ...DEFAULT_PREPAYMENT_BOUNDS, maxPerPersonPerMonth: 1_000_000 },
              changedAt: now,
            },
          },
        ]);
      given(created)
        .when({ ...change, participationTarget: { participants: 5_000 } })
        .then([
          {
            type: 'CampaignChanged',
            data: { campaignId, participationTarget: { participants: 5_000, amount: 5_000_000_000 }, changedAt: now },
          },
        ]);
    });

    it('decides nothing when nothing changes', () => {
      given(created)
        .when({ ...change, name: created.data.name, bounds: { minPerPrepayment: 100_000 } })
        .then([]);
    });

    it('checks the merged bounds', () => {
      given(created)
        .when({ ...change, bounds: { maxPerPersonPerMonth: 200_000 } })
        .then('invalid_prepayment_bounds');
    });

    it('refuses an unknown or closed campaign, and non-staff', () => {
      given()
        .when({ ...change, name: 'x' })
        .then('campaign_not_found');
      given(created, closed)
        .when({ ...change, name: 'x' })
        .then('campaign_closed');
      given(created)
        .when({ ...change, actor: citizen(), name: 'x' })
        .then('staff_only');
    });
  });

  describe('ExtendCampaign', () => {
    const [one, two, three] = jeonbuk.raffle.rounds;
    const extend = (endsOn: string, rounds?: ExtendCampaign['rounds']): ExtendCampaign => ({
      type: 'ExtendCampaign',
      actor: staff,
      campaignId,
      now,
      endsOn,
      rounds,
    });
    const extended = (endsOn: string, rounds = jeonbuk.raffle.rounds) => ({
      type: 'CampaignExtended' as const,
      data: { campaignId, previousEndsOn: '2025-02-28', endsOn, rounds, extendedAt: now },
    });

    it('moves the last day later and keeps the rounds', () => {
      given(created)
        .when(extend('2025-06-30'))
        .then([extended('2025-06-30')]);
    });

    it('extends the last round while it is not drawn', () => {
      const rounds = [one, two, { ...three, endsOn: '2025-06-29' }];
      given(created, drawn(1), drawn(2))
        .when(extend('2025-06-30', rounds))
        .then([extended('2025-06-30', rounds)]);
    });

    it('adds a round after a drawn last round', () => {
      const rounds = [one, two, three, { number: 4, startsOn: '2025-02-28', endsOn: '2025-06-29' }];
      given(created, drawn(1), drawn(2), drawn(3))
        .when(extend('2025-06-30', rounds))
        .then([extended('2025-06-30', rounds)]);
    });

    it('never changes a drawn round', () => {
      const rounds = [one, two, { ...three, endsOn: '2025-06-29' }];
      const refusal = given(created, drawn(3)).when(extend('2025-06-30', rounds)).then('round_already_drawn');
      expect(refusal).toMatchObject({ status: 422, details: { round: 3 } });
    });

    it('never moves a round whose timeline is declared (frozen or about to be), but adds rounds after it', () => {
      const fixed: RaffleRoundTimelineFixed = { type: 'RaffleRoundTimelineFixed', data: { campaignId, round: 3 } };
      const refusal = given(created, drawn(1), drawn(2), fixed)
        .when(extend('2025-06-30', [one, two, { ...three, endsOn: '2025-06-29' }]))
        .then('round_timeline_fixed');
      expect(refusal).toMatchObject({ status: 422, details: { round: 3 } });
      const added = [one, two, three, { number: 4, startsOn: '2025-02-28', endsOn: '2025-06-29' }];
      given(created, drawn(1), drawn(2), fixed)
        .when(extend('2025-06-30', added))
        .then([extended('2025-06-30', added)]);
    });

    it('changes no round but the last, removes none, and never shortens one', () => {
      given(created)
        .when(extend('2025-06-30', [one, { ...two, endsOn: '2025-02-15' }, three]))
        .then('round_change_not_allowed');
      given(created)
        .when(extend('2025-06-30', [one, two]))
        .then('round_change_not_allowed');
      given(created)
        .when(extend('2025-06-30', [one, two, { ...three, endsOn: '2025-02-20' }]))
        .then('round_change_not_allowed');
      given(created)
        .when(extend('2025-06-30', [one, two, { ...three, startsOn: '2025-02-18' }]))
        .then('round_change_not_allowed');
    });

    it('refuses a malformed round list with 400, before comparing it', () => {
      given(created)
        .when(extend('2025-06-30', [one, two, null as never]))
        .then('invalid_date');
    });

    it('keeps new rounds inside the new dates', () => {
      given(created)
        .when(extend('2025-03-31', [one, two, three, { number: 4, startsOn: '2025-02-28', endsOn: '2025-04-30' }]))
        .then('invalid_raffle_rounds');
    });

    it('only extends: the new last day must be later', () => {
      const refusal = given(created).when(extend('2025-02-28')).then('extension_must_be_later');
      expect(refusal.details).toEqual({ endsOn: '2025-02-28', requested: '2025-02-28' });
      given(created).when(extend('2025-02-31')).then('invalid_date');
    });

    it('refuses a closed campaign', () => {
      given(created, closed).when(extend('2025-06-30')).then('campaign_closed');
    });
  });

  describe('CloseCampaign', () => {
    const close = { type: 'CloseCampaign', actor: staff, campaignId, reason: 'budget spent', now: '2025-02-10T16:00:00Z' } as const;

    it('ends the campaign on the Seoul day it is closed', () => {
      given(created).when(close).then([closed]);
    });

    it('closes once', () => {
      given(created, closed).when(close).then('campaign_closed');
      given(created)
        .when({ ...close, reason: '' })
        .then('invalid_input');
    });
  });

  describe('isActiveOn and hasEndedOn', () => {
    it('is active on its first and last day, not before or after', () => {
      const campaign = stateAfter(campaignDecider, [created]);
      expect(isActiveOn(campaign, '2025-01-12')).toBe(false);
      expect(isActiveOn(campaign, '2025-01-13')).toBe(true);
      expect(isActiveOn(campaign, '2025-02-28')).toBe(true);
      expect(isActiveOn(campaign, '2025-03-01')).toBe(false);
      expect(hasEndedOn(campaign, '2025-01-12')).toBe(false);
      expect(hasEndedOn(campaign, '2025-02-28')).toBe(false);
      expect(hasEndedOn(campaign, '2025-03-01')).toBe(true);
    });

    it('is not active once closed, and has ended', () => {
      const campaign = stateAfter(campaignDecider, [created, closed]);
      expect(isActiveOn(campaign, '2025-02-11')).toBe(false);
      expect(hasEndedOn(campaign, '2025-02-11')).toBe(true);
      expect(campaign).toMatchObject({ status: 'closed', closedOn: '2025-02-11', endsOn: '2025-02-28' });
    });

    it('runs until the extended day', () => {
      const campaign = stateAfter(campaignDecider, [
        created,
        { type: 'CampaignExtended', data: { campaignId, previousEndsOn: '2025-02-28', endsOn: '2025-06-30', rounds: [], extendedAt: now } },
      ]);
      expect(isActiveOn(campaign, '2025-06-30')).toBe(true);
    });

    it('is neither active nor ended before it exists', () => {
      const none = stateAfter(campaignDecider, []);
      expect(isActiveOn(none, '2025-02-01')).toBe(false);
      expect(hasEndedOn(none, '2025-02-01')).toBe(false);
    });

    it('remembers each drawn round once', () => {
      expect(stateAfter(campaignDecider, [created, drawn(1), drawn(1)])).toMatchObject({ roundsDrawn: [1] });
    });
  });
});

import { FixedClock } from '@goodpay/shared';
import { campaignClock } from '../clock/campaign-clocks';
import { citizen, spec, staff, stateAfter } from '../../../event-store/src/decider/testing';
import type { CreateCampaign } from './commands';
import { campaignDecider } from './decider';
import type { CampaignCreated, CampaignStreamEvent } from './events';
import { existingCampaign, isActiveOn } from './state';

const campaignId = 'rehearsal-1';
const now = '2025-12-01T00:00:00Z';
const DAY = 86_400_000;

const create: CreateCampaign = {
  type: 'CreateCampaign',
  actor: staff,
  campaignId,
  now,
  name: 'Jeonbuk rehearsal',
  region: { kind: 'province', name: 'Jeonbuk' },
  startsOn: '2026-01-13',
  endsOn: '2026-02-28',
  participationTarget: { participants: 10, amount: 1_000_000 },
  rehearsal: { clockAt: '2026-01-12T00:00:00Z' },
};
const created = campaignDecider.decide(create, campaignDecider.initialState()) as [CampaignCreated];
const offset = Date.parse('2026-01-12T00:00:00Z') - Date.parse(now);
const campaigns = spec(campaignDecider);
const given = (...history: CampaignStreamEvent[]) => campaigns.given(history);

describe('rehearsal campaigns', () => {
  it('start their clock where staff put it (the offset from the real time); real campaigns have none', () => {
    expect(created[0].data.rehearsal).toEqual({ clockOffsetMs: offset });
    expect(campaignDecider.decide({ ...create, rehearsal: undefined }, campaignDecider.initialState())[0]!.data).not.toHaveProperty(
      'rehearsal',
    );
  });

  it("move their clock only forward, by staff, and the campaign's clock follows", () => {
    const later = '2026-02-03T00:00:00Z';
    given(...created)
      .when({ type: 'AdvanceRehearsalClock', actor: staff, campaignId, now, to: later })
      .then([
        {
          type: 'RehearsalClockAdvanced',
          data: {
            campaignId,
            previousOffsetMs: offset,
            clockOffsetMs: offset + 22 * DAY,
            rehearsalNow: '2026-02-03T00:00:00.000Z',
            advancedAt: now,
          },
        },
      ]);
    given(...created)
      .when({ type: 'AdvanceRehearsalClock', actor: staff, campaignId, now, to: '2026-01-11T00:00:00Z' })
      .then('rehearsal_clock_backwards');
    given(...created)
      .when({ type: 'AdvanceRehearsalClock', actor: citizen(), campaignId, now, to: later })
      .then('staff_only');
    const state = stateAfter(campaignDecider, [
      ...created,
      ...campaignDecider.decide(
        { type: 'AdvanceRehearsalClock', actor: staff, campaignId, now, to: later },
        stateAfter(campaignDecider, created),
      ),
    ]);
    expect(
      campaignClock(state, new FixedClock(new Date(now)))
        .now()
        .toISOString(),
    ).toBe('2026-02-03T00:00:00.000Z');
  });

  it('refuse a clock or a deletion on a real campaign', () => {
    const real = campaignDecider.decide({ ...create, rehearsal: undefined }, campaignDecider.initialState());
    given(...real)
      .when({ type: 'AdvanceRehearsalClock', actor: staff, campaignId, now, to: '2026-02-03T00:00:00Z' })
      .then('rehearsal_only');
    given(...real)
      .when({ type: 'DeleteRehearsal', actor: staff, campaignId, now })
      .then('rehearsal_only');
    expect(
      campaignClock(stateAfter(campaignDecider, real), new FixedClock(new Date(now)))
        .now()
        .toISOString(),
    ).toBe(new Date(now).toISOString());
  });

  it('are gone once deleted: not found, taking nothing', () => {
    const deleted = [...created, { type: 'CampaignRehearsalDeleted' as const, data: { campaignId, deletedAt: now } }];
    const state = stateAfter(campaignDecider, deleted);
    expect(() => existingCampaign(state, campaignId)).toThrow(/campaign/);
    expect(isActiveOn(state, '2026-01-20')).toBe(false);
    given(...deleted)
      .when({ type: 'DeleteRehearsal', actor: staff, campaignId, now })
      .then('campaign_not_found');
  });
});

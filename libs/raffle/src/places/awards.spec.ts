import fc from 'fast-check';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { citizen, spec, staff } from '../../../event-store/src/decider/testing';
import type { AwardTerms, RankedEntry, SettleAwards } from './commands';
import type { RafflePlacesAllotted, RafflePlacesEvent, RaffleVoucherAwarded, RaffleVouchersAdded } from './events';
import { rafflePlacesDecider } from './places';
import { evolvePlaces, initialPlaces, isActive } from './state';

const campaignId = 'camp-1';
const now = '2025-02-08T03:00:00Z';
const entry = (n: number): RankedEntry => ({ entryId: `e-${n}`, personId: `p-${n}`, certificationId: `c-${n}` });
const ranking = [1, 2, 3, 4].map(entry);
const terms: AwardTerms = {
  campaignId,
  actor: staff,
  now,
  prize: 20_000,
  budget: 60_000,
  confirmationDeadlineDays: 14,
  excludeEarlierWinners: true,
  drawnRounds: [{ round: 1, ranking }],
};
const settle: SettleAwards = { ...terms, type: 'SettleAwards' };
const allotted = (round: number, places: number): RafflePlacesAllotted => ({
  type: 'RafflePlacesAllotted',
  data: { campaignId, round, places, totalPlaces: 3 },
});
const stocked = (...codes: string[]): RaffleVouchersAdded => ({
  type: 'RaffleVouchersAdded',
  data: { campaignId, vouchers: codes.map((code) => ({ kind: 'code' as const, code })), addedAt: now },
});
const awarded = (n: number, code: string, rank = n, at = now): RaffleVoucherAwarded => ({
  type: 'RaffleVoucherAwarded',
  data: {
    campaignId,
    round: 1,
    ...entry(n),
    rank,
    amount: 20_000,
    voucher: { kind: 'code', code },
    awardedAt: at,
    confirmBy: new Date(Date.parse(at) + 14 * 86_400_000).toISOString(),
  },
});

describe('raffle awards', () => {
  it('awards each winner a prize with the next voucher in stock, and waits for vouchers when there are none', () => {
    spec(rafflePlacesDecider)
      .given([allotted(1, 2), stocked('V-0001', 'V-0002', 'V-0003')])
      .when(settle)
      .then([awarded(1, 'V-0001'), awarded(2, 'V-0002')]);
    spec(rafflePlacesDecider)
      .given([allotted(1, 2), stocked('V-0001')])
      .when(settle)
      .then([awarded(1, 'V-0001')]);
    spec(rafflePlacesDecider)
      .given([allotted(1, 2), stocked('V-0001', 'V-0002'), awarded(1, 'V-0001'), awarded(2, 'V-0002')])
      .when(settle)
      .then([]);
  });

  it('forfeits a prize not confirmed in time and promotes the next on the waiting list, with the voucher returned', () => {
    const later = '2025-02-22T03:00:01Z';
    const history = [
      allotted(1, 2),
      stocked('V-0001', 'V-0002'),
      awarded(1, 'V-0001'),
      awarded(2, 'V-0002'),
      { type: 'RaffleAwardConfirmed' as const, data: { campaignId, round: 1, entryId: 'e-2', confirmedAt: now } },
    ];
    spec(rafflePlacesDecider)
      .given(history)
      .when({ ...settle, now: later, actor: SYSTEM_ACTOR })
      .then([
        {
          type: 'RaffleAwardForfeited',
          data: { campaignId, round: 1, entryId: 'e-1', reason: 'not_confirmed', note: null, forfeitedAt: later },
        },
        awarded(3, 'V-0001', 3, later),
      ]);
  });

  it('lets staff disqualify a winner, skipping anyone who already holds a prize', () => {
    const twoRounds = {
      ...terms,
      type: 'DisqualifyWinner' as const,
      entryId: 'e-1',
      note: 'false receipt',
      drawnRounds: [
        { round: 1, ranking },
        { round: 2, ranking: [entry(3)] },
      ],
    };
    const history: RafflePlacesEvent[] = [
      allotted(1, 1),
      allotted(2, 1),
      stocked('V-0001', 'V-0002'),
      awarded(1, 'V-0001'),
      { ...awarded(3, 'V-0002'), data: { ...awarded(3, 'V-0002').data, round: 2, rank: 1 } },
    ];
    spec(rafflePlacesDecider)
      .given(history)
      .when(twoRounds)
      .then([
        {
          type: 'RaffleAwardForfeited',
          data: { campaignId, round: 1, entryId: 'e-1', reason: 'disqualified', note: 'false receipt', forfeitedAt: now },
        },
        awarded(2, 'V-0001'),
      ]);
    spec(rafflePlacesDecider)
      .given(history)
      .when({ ...twoRounds, actor: SYSTEM_ACTOR })
      .then('staff_only');
    spec(rafflePlacesDecider)
      .given(history)
      .when({ ...twoRounds, entryId: 'e-9' })
      .then('award_not_found');
  });

  it('lets only the winner confirm, once, before the deadline', () => {
    const history = [allotted(1, 1), stocked('V-0001'), awarded(1, 'V-0001')];
    const confirm = {
      type: 'ConfirmAward' as const,
      campaignId,
      actor: citizen('citizen-1'),
      now,
      entryId: 'e-1',
      winnerCitizenId: 'citizen-1',
    };
    spec(rafflePlacesDecider)
      .given(history)
      .when(confirm)
      .then([{ type: 'RaffleAwardConfirmed', data: { campaignId, round: 1, entryId: 'e-1', confirmedAt: now } }]);
    spec(rafflePlacesDecider)
      .given(history)
      .when({ ...confirm, actor: citizen('someone-else') })
      .then('award_not_found');
    spec(rafflePlacesDecider)
      .given(history)
      .when({ ...confirm, now: '2025-03-01T00:00:00Z' })
      .then('confirmation_deadline_passed');
  });

  it('takes each voucher once', () => {
    const add = { type: 'AddVouchers' as const, campaignId, actor: staff, now, vouchers: [{ kind: 'code', code: 'V-0001' }] };
    spec(rafflePlacesDecider)
      .given([])
      .when(add)
      .then([stocked('V-0001')]);
    spec(rafflePlacesDecider)
      .given([stocked('V-0001')])
      .when(add)
      .then('duplicate_voucher');
    spec(rafflePlacesDecider)
      .given([])
      .when({ ...add, vouchers: [{ kind: 'code', code: 'x' }] })
      .then('invalid_voucher');
    spec(rafflePlacesDecider)
      .given([])
      .when({ ...add, actor: citizen('c') })
      .then('staff_only');
  });

  it('never awards past the budget or a round past its places, nor an entry twice, whatever happens', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('settle' as const), days: fc.nat(30) }),
      fc.record({ kind: fc.constant('disqualify' as const), pick: fc.nat(40) }),
      fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat(40) }),
      fc.record({ kind: fc.constant('stock' as const), count: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 40 }),
        (steps, places, poolSize) => {
          const pool = Array.from({ length: poolSize }, (_, i) => entry(i));
          const rounds = { ...terms, budget: places * 20_000, drawnRounds: [{ round: 1, ranking: pool }] };
          let state = evolvePlaces(initialPlaces(), allotted(1, places));
          let clock = Date.parse(now);
          let codes = 0;
          for (const s of steps) {
            const at = new Date((clock += (s.kind === 'settle' ? s.days : 0) * 86_400_000)).toISOString();
            const pickAward = (pick: number) => Object.values(state.awards)[pick % Math.max(1, Object.keys(state.awards).length)];
            let events: RafflePlacesEvent[] = [];
            try {
              if (s.kind === 'settle') events = rafflePlacesDecider.decide({ ...rounds, type: 'SettleAwards', now: at }, state);
              if (s.kind === 'stock') {
                const vouchers = Array.from({ length: s.count }, () => ({
                  kind: 'code',
                  code: `V-${String((codes += 1)).padStart(4, '0')}`,
                }));
                events = rafflePlacesDecider.decide({ type: 'AddVouchers', campaignId, actor: staff, now: at, vouchers }, state);
              }
              const award = pickAward('pick' in s ? s.pick : 0);
              if (s.kind === 'disqualify' && award)
                events = rafflePlacesDecider.decide(
                  { ...rounds, type: 'DisqualifyWinner', now: at, entryId: award.entryId, note: null },
                  state,
                );
              if (s.kind === 'confirm' && award) {
                events = rafflePlacesDecider.decide(
                  { type: 'ConfirmAward', campaignId, actor: citizen('w'), now: at, entryId: award.entryId, winnerCitizenId: 'w' },
                  state,
                );
              }
            } catch (error) {
              if (!(error as { code?: string }).code) throw error;
            }
            state = events.reduce(evolvePlaces, state);
            const active = Object.values(state.awards).filter(isActive);
            expect(state.awardedAmount).toBe(active.length * 20_000);
            expect(state.awardedAmount).toBeLessThanOrEqual(rounds.budget);
            expect(active.length).toBeLessThanOrEqual(places);
            expect(new Set(active.map((a) => a.voucher.kind === 'code' && a.voucher.code)).size).toBe(active.length);
          }
        },
      ),
    );
  });
});

import fc from 'fast-check';
import {
  type PrepaymentState,
  PrepaymentInvariants,
  PrepaymentQueries,
  prepaymentDecider,
  type PrepaymentEvent,
  prepaymentStream,
  type Redemption,
  redemptionFrom,
} from '@goodpay/prepayment';
import { DomainError } from '@goodpay/shared';
import { citizen, dumpTables, organisation, PrepaymentWorld, READ_MODEL_TABLES } from './prepayment-world';

/**
 * Random histories of prepayments, redemptions, same-day cancellations, refund requests and
 * approvals, each step decided by the prepayment decider against the stream as stored (so the
 * log only ever holds what the rules allow; refusals are simply skipped), appended, projected.
 * After every history: the invariant check holds, every projected prepayment equals the fold of
 * its stream, and the ledger (real campaigns) and the dashboard add up to the same balances. At the end, a rebuild
 * of every projection equals the live tables.
 */

/** The last is a rehearsal: its money is in its own dashboard, never in a shop's ledger or the invariants' totals. */
const campaigns = ['jeonbuk-2025', 'jeonju-2025', 'rehearsal-2025'];
const REHEARSAL = 'rehearsal-2025';
const shops = [
  { merchantId: 'm-noodles', category: 'restaurant', district: 'Wansan-gu' },
  { merchantId: 'm-cafe', category: 'cafe', district: 'Deokjin-gu' },
  { merchantId: 'm-market', category: 'market_stall', district: 'Wansan-gu' },
] as const;
const payers = [citizen('c-1'), citizen('c-2'), citizen('c-3'), organisation('o-1'), organisation('o-2')];

const START = Date.parse('2025-01-13T00:00:00Z');
const MINUTE = 60_000;

const later = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 180 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * 24 * 60 }) },
);
const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('make' as const),
      payer: fc.nat(payers.length - 1),
      shop: fc.nat(shops.length - 1),
      campaign: fc.nat(campaigns.length - 1),
      amount: fc.oneof(fc.integer({ min: 100_000, max: 300_000 }), fc.integer({ min: 50_000, max: 2_000_000 })),
      later,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      pick: fc.nat(),
      // Sometimes exactly what is left (the prepayment is used up), sometimes more than that (refused).
      amount: fc.oneof(fc.integer({ min: 1, max: 150_000 }), fc.constant('rest' as const), fc.constant('too_much' as const)),
      later,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), redemption: fc.nat(), later }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('request' as const), pick: fc.nat(), later }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: fc.nat(), later }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

interface Made {
  prepaymentId: string;
  payer: (typeof payers)[number];
  merchantId: string;
  campaignId: string;
  redemptions: string[];
  refundRequested: boolean;
}

/** The status the read model shows for a folded prepayment. */
const viewStatus = (state: Exclude<PrepaymentState, { status: 'none' }>) =>
  state.status === 'refunded' ? 'refunded' : state.refundRequest !== null ? 'refund_requested' : state.status;

describe('prepayment projections: properties over random valid histories', () => {
  let world: PrepaymentWorld;
  let queries: PrepaymentQueries;
  let invariants: PrepaymentInvariants;

  beforeAll(async () => {
    world = await PrepaymentWorld.create();
    queries = new PrepaymentQueries(world.db.dataSource, world.subscriptions);
    invariants = new PrepaymentInvariants(world.db.dataSource, world.subscriptions);
    for (const campaignId of campaigns.filter((id) => id !== REHEARSAL)) {
      await world.createCampaign(campaignId, { participants: 10, amount: 5_000_000 });
    }
    await world.createCampaign(REHEARSAL, { participants: 10, amount: 5_000_000 }, 'Rehearsal', {});
    for (const shop of shops) await world.openShop(shop.merchantId, shop.category, shop.district);
  });
  afterAll(() => world.drop());

  async function play(startOffsetMinutes: number, steps: Step[]): Promise<void> {
    const made: Made[] = [];
    let clock = START + startOffsetMinutes * MINUTE;
    for (const s of steps) {
      clock += s.later * MINUTE;
      const at = new Date(clock).toISOString();
      const target = made.length > 0 && s.kind !== 'make' ? made[s.pick % made.length] : undefined;
      try {
        if (s.kind === 'make') {
          const payer = payers[s.payer];
          const { merchantId } = shops[s.shop];
          const campaignId = campaigns[s.campaign];
          const { prepaymentId } = await world.prepay({ payer, merchantId, campaignId, amount: s.amount, at });
          made.push({ prepaymentId, payer, merchantId, campaignId, redemptions: [], refundRequested: false });
        } else if (!target) {
          continue;
        } else if (s.kind === 'redeem') {
          let amount = s.amount;
          if (typeof amount !== 'number') {
            const { state } = await world.store.aggregate(prepaymentStream(target.prepaymentId), prepaymentDecider);
            const left = state.status === 'none' ? 0 : state.balance;
            amount = amount === 'rest' ? left : left + 1;
          }
          const { redemptionId } = await world.redeem(target.prepaymentId, target.merchantId, amount, at);
          target.redemptions.push(redemptionId);
        } else if (s.kind === 'cancel') {
          if (target.redemptions.length === 0) continue;
          await world.cancel(target.prepaymentId, target.merchantId, target.redemptions[s.redemption % target.redemptions.length], at);
        } else if (s.kind === 'request') {
          await world.requestRefund(target.prepaymentId, target.payer, target.merchantId, target.campaignId, at);
          target.refundRequested = true;
        } else {
          // Staff approve what was asked for: pick among the prepayments with a request, if any.
          const asked = made.filter((m) => m.refundRequested);
          const chosen = asked.length > 0 ? asked[s.pick % asked.length] : target;
          await world.approveRefund(chosen.prepaymentId, at);
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // a refusal is a valid outcome; anything else is a bug
      }
    }
  }

  /** Every prepayment stream folded by the decider, with its redemptions by id: the log's own answer. */
  async function foldedPrepayments() {
    const { rows } = await world.sql.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM events WHERE stream_id LIKE 'prepayment-%' ORDER BY stream_id`,
    );
    const folded = [];
    for (const { stream_id } of rows) {
      const { state } = await world.store.aggregate(stream_id, prepaymentDecider);
      if (state.status === 'none') continue;
      const events = (await world.store.readStream(stream_id)).events as unknown as PrepaymentEvent[];
      const redemptions: Record<string, Redemption> = {};
      for (const event of events) {
        if (event.type === 'PrepaymentRedeemed') redemptions[event.data.redemptionId] = redemptionFrom(events, event.data.redemptionId)!;
      }
      folded.push({ ...state, redemptions });
    }
    return folded;
  }

  async function expectProjectionsToMatchTheLog(): Promise<void> {
    const report = await invariants.check();
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.balance).toBe(report.totals.prepaid - report.totals.redeemed - report.totals.refunded);

    const folded = await foldedPrepayments();
    const real = folded.filter((state) => state.campaignId !== REHEARSAL);
    expect(report.checkedPrepayments).toBe(real.length);
    for (const state of folded) {
      const view = await queries.getPrepayment(state.prepaymentId);
      expect(view).toMatchObject({
        amount: BigInt(state.amount),
        redeemed: BigInt(state.redeemed),
        refunded: BigInt(state.refunded),
        balance: BigInt(state.balance),
        status: viewStatus(state),
        payerId: state.payer?.id ?? null,
        merchantId: state.merchantId,
        campaignId: state.campaignId,
      });
      expect(view.balance).toBeGreaterThanOrEqual(0n);
      const redemptions = Object.entries(state.redemptions).map(([redemptionId, r]) => ({
        redemptionId,
        amount: BigInt(r.amount),
        cancelled: r.cancelled,
      }));
      expect(view.redemptions.map((r) => ({ redemptionId: r.redemptionId, amount: r.amount, cancelled: r.cancelledAt !== null }))).toEqual(
        expect.arrayContaining(redemptions),
      );
      expect(view.redemptions).toHaveLength(redemptions.length);
    }

    const sum = (states: typeof folded, pick: (s: (typeof folded)[number]) => number) => BigInt(states.reduce((t, s) => t + pick(s), 0));
    for (const { merchantId } of shops) {
      const mine = real.filter((s) => s.merchantId === merchantId);
      if (mine.length === 0) continue;
      const ledger = await queries.merchantLedger(merchantId);
      expect(ledger.outstandingLiability).toBe(sum(mine, (s) => s.balance));
      expect(ledger.totals.prepaidAmount).toBe(sum(mine, (s) => s.amount));
      expect(ledger.totals.redeemedAmount).toBe(sum(mine, (s) => s.redeemed));
      expect(ledger.totals.refundedAmount).toBe(sum(mine, (s) => s.refunded));
      expect(ledger.totals.prepaidCount).toBe(mine.length);
      expect(BigInt(ledger.totals.redemptionCount)).toBe(sum(mine, (s) => Object.values(s.redemptions).filter((r) => !r.cancelled).length));
    }
    for (const campaignId of campaigns) {
      const mine = folded.filter((s) => s.campaignId === campaignId);
      const dashboard = await queries.campaignDashboard(campaignId);
      const distinct = (kind: string) => new Set(mine.filter((s) => s.payer?.kind === kind).map((s) => s.payer!.id)).size;
      expect(dashboard.participants).toEqual({
        citizens: distinct('citizen'),
        organisations: distinct('organisation'),
        total: distinct('citizen') + distinct('organisation'),
      });
      expect(dashboard.prepaymentCount).toBe(mine.length);
      expect(dashboard.amountBroughtForward).toBe(sum(mine, (s) => s.amount));
      expect(dashboard.redeemed).toBe(sum(mine, (s) => s.redeemed));
      expect(dashboard.refunded).toBe(sum(mine, (s) => s.refunded));
      expect(dashboard.outstanding).toBe(sum(mine, (s) => s.balance));
      // Over time: the running totals end where the campaign stands now.
      expect(dashboard.byDay.at(-1) ?? { participants: 0, prepaidAmount: 0n }).toMatchObject({
        participants: dashboard.participants.total,
        prepaidAmount: dashboard.amountBroughtForward,
      });
      const byDistrict = dashboard.byDistrict.reduce((t, row) => t + row.prepaidAmount - row.redeemedAmount - row.refundedAmount, 0n);
      expect(byDistrict).toBe(dashboard.outstanding);
    }
  }

  it('after any valid history the projections equal the fold of the log and the invariants hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        fc.array(step, { minLength: 5, maxLength: 40 }),
        async (offset, steps) => {
          await play(offset, steps);
          await world.project();
          await expectProjectionsToMatchTheLog();
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  it('rebuilds every projection from the accumulated log into exactly the live tables', async () => {
    await world.project();
    for (const name of Object.keys(READ_MODEL_TABLES)) {
      const live = await dumpTables(world.sql, name);
      await world.subscriptions.rebuild(name);
      expect(await dumpTables(world.sql, name)).toEqual(live);
    }
    expect((await invariants.check()).ok).toBe(true);
  });

  it('projects in any batch size to the same tables', async () => {
    const live = await Promise.all(Object.keys(READ_MODEL_TABLES).map((name) => dumpTables(world.sql, name)));
    for (const name of Object.keys(READ_MODEL_TABLES)) await world.subscriptions.rebuild(name, 1 + Math.floor(Math.random() * 7));
    await world.project();
    expect(await Promise.all(Object.keys(READ_MODEL_TABLES).map((name) => dumpTables(world.sql, name)))).toEqual(live);
  });
});

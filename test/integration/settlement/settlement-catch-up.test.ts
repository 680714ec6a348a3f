import type { Job } from 'bullmq';
import { type CampaignEvent, DEFAULT_RAFFLE_RULES } from '@goodpay/campaign';
import { SETTLE_PREVIOUS_DAY, SETTLE_REHEARSAL, settledDaysStream, settlementIdOf } from '@goodpay/settlement';
import { SettlementProcessor } from '../../../libs/settlement/src/run/settlement.processor';
import { SettlementWorld } from './settlement-world';

/** The daily job as the scheduler adds it (or a rehearsal's, as its reactor does), run by the worker's processor. */
const daily = { name: SETTLE_PREVIOUS_DAY, data: {} } as Job;
const dataOf = (event: { data: unknown }) => event.data as Record<string, unknown>;

/**
 * After an outage the daily run settles every day not settled since the last one, in order,
 * each once, by itself (issue 16, item 4); a day's reconciliation shows that day's figures and
 * lists older unsettled items apart. A rehearsal's items never enter a real settlement.
 */
describe('settlement: missed days catch up by themselves', () => {
  let world: SettlementWorld;
  const runDaily = async () =>
    (await world.system.app.get(SettlementProcessor).process(daily)) as { days: string[]; rehearsalDays: string[] };

  beforeAll(async () => {
    world = await SettlementWorld.start({ feeRateBasisPoints: 0 }, '2025-01-14T17:30:00Z');
  });
  afterAll(async () => {
    await world.close();
  });

  it('settles each of three days missed while the worker was stopped, in order, once each', async () => {
    const shop = await world.openShop('soup');
    // One prepayment on each Seoul day from the 14th to the 17th (14:00 Seoul).
    for (const [day, amount] of [
      ['2025-01-14', 10_000],
      ['2025-01-15', 20_000],
      ['2025-01-16', 30_000],
      ['2025-01-17', 40_000],
    ] as const) {
      await world.prepay(shop, amount, `${day}T05:00:00Z`);
    }

    world.dayAfter('2025-01-14');
    expect((await runDaily()).days).toEqual(['2025-01-14']);

    // The worker is stopped for three days: no daily run on the 16th, 17th or 18th. Back on the 18th:
    world.dayAfter('2025-01-17');
    expect((await runDaily()).days).toEqual(['2025-01-15', '2025-01-16', '2025-01-17']);
    // The next trigger (a doubled job, a retry) runs only the last day again, which settles nothing twice.
    expect((await runDaily()).days).toEqual(['2025-01-17']);

    const settlements = (await world.settlementEvents(shop)).map((e) => [dataOf(e).day, dataOf(e).collected]);
    expect(settlements).toEqual([
      ['2025-01-14', 10_000],
      ['2025-01-15', 20_000],
      ['2025-01-16', 30_000],
      ['2025-01-17', 40_000],
    ]);
    const settled = (await world.system.store.readStream(settledDaysStream())).events.map((e) => dataOf(e).day);
    expect(settled).toEqual(['2025-01-14', '2025-01-15', '2025-01-16', '2025-01-17']);
    for (const day of ['2025-01-15', '2025-01-16', '2025-01-17']) {
      await world.until(`the payout of ${day}`, async () => (await world.payoutState(settlementIdOf(shop, day))).status === 'paid');
    }
    expect((await world.bank.transfers(shop)).map((t) => t.amount)).toEqual([10_000, 20_000, 30_000, 40_000]);
  });

  it("shows a day's own figures in its reconciliation, and older unsettled items apart", async () => {
    const shop = await world.openShop('late');
    // Both confirmed late, after their days were settled: an item of the 16th and one of the 18th.
    await world.prepay(shop, 5_000, '2025-01-16T06:00:00Z');
    await world.prepay(shop, 7_000, '2025-01-18T06:00:00Z');
    await world.ledger();

    const reconciliation = await world.queries.reconciliation('2025-01-18');
    expect(reconciliation.lines).toEqual([]);
    expect(reconciliation.unsettled).toEqual({ count: 1, collected: 7_000n, refunded: 0n });
    expect(reconciliation.olderUnsettled).toEqual([expect.objectContaining({ merchantId: shop, day: '2025-01-16', amount: 5_000n })]);

    const ofThe16th = await world.queries.reconciliation('2025-01-16');
    expect(ofThe16th.lines.map((line) => line.collected)).toEqual([30_000n]);
    expect(ofThe16th.unsettled).toEqual({ count: 1, collected: 5_000n, refunded: 0n });
    expect(ofThe16th.olderUnsettled).toEqual([]);
  });

  it("keeps a rehearsal's prepayments out of the real run: settled on the rehearsal's clock, never paid out", async () => {
    const campaignId = '7b0c5d5e-0000-4000-8000-000000000001';
    const created: CampaignEvent = {
      type: 'CampaignCreated',
      data: {
        campaignId,
        name: 'rehearsal',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: '2026-01-13',
        endsOn: '2026-02-28',
        bounds: {
          minPerPrepayment: 1_000,
          maxPerPrepayment: 300_000,
          maxPerPersonPerMonth: 300_000,
          organisationMaxPerPrepayment: 10_000_000,
        },
        raffle: { ...DEFAULT_RAFFLE_RULES, minimumCertifiedAmount: 100_000, prize: 20_000, budget: 3_000_000, rounds: [] },
        participationTarget: { participants: 10, amount: 1_000_000 },
        createdAt: '2025-01-18T00:00:00Z',
        // The rehearsal's clock stands at 2026-01-20 10:00 Seoul while the real one is at 2025-01-18 02:30.
        rehearsal: { clockOffsetMs: Date.parse('2026-01-20T01:00:00Z') - Date.parse('2025-01-17T17:30:00Z') },
      },
    };
    await world.append(`campaign-${campaignId}`, created);
    const shop = await world.openShop('rehearsed');
    await world.prepay(shop, 60_000, '2026-01-14T05:00:00Z', 'platform', campaignId);
    await world.prepay(shop, 3_000, '2025-01-17T05:00:00Z');

    // A day later on the real clock: the rehearsal's stands at 2026-01-21 10:00 Seoul.
    world.dayAfter('2025-01-18');
    const { days, rehearsalDays } = await runDaily();
    expect(days).toEqual(['2025-01-18']);
    const real = await world.settlementEvents(shop);
    expect(real.map((e) => [dataOf(e).day, dataOf(e).collected])).toEqual([['2025-01-18', 3_000]]);
    // The rehearsal's days, on its own clock, from its first item's day to its yesterday.
    expect(rehearsalDays[0]).toBe(`${campaignId}/2026-01-14`);
    expect(rehearsalDays.at(-1)).toBe(`${campaignId}/2026-01-20`);
    expect(rehearsalDays).toHaveLength(7);
    // Its own job (after staff move its clock) settles nothing twice.
    const job = { name: SETTLE_REHEARSAL, data: { campaignId } } as Job;
    expect(await world.system.app.get(SettlementProcessor).process(job)).toEqual({ days: ['2026-01-20'] });
    const rehearsal = (await world.system.store.readStream(`settlement-rehearsal-${campaignId}-${shop}`)).events;
    expect(rehearsal.map((e) => [dataOf(e).day, dataOf(e).collected, dataOf(e).rehearsalCampaignId])).toEqual([
      ['2026-01-14', 60_000, campaignId],
    ]);
    // Only the real settlement's payout is scheduled.
    const payouts = await world.system.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'PayoutScheduled' AND data->>'merchantId' = $1`,
      [shop],
    );
    expect(payouts.rows[0].n).toBe(1);
    await world.ledger();
    const page = await world.queries.listSettlements({ id: 'staff-1', role: 'staff' }, { merchantId: shop });
    expect(page.items.map((s) => s.day)).toEqual(['2025-01-18']);
    const rehearsed = await world.queries.listSettlements(
      { id: 'staff-1', role: 'staff' },
      { merchantId: shop, rehearsalCampaignId: campaignId },
    );
    expect(rehearsed.items.map((s) => [s.day, s.payoutStatus])).toEqual([['2026-01-14', null]]);
  });
});

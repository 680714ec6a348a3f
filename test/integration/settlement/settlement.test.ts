import { DAILY_SCHEDULER_ID, RetryPayoutCommand, SETTLE_PREVIOUS_DAY, SETTLEMENT_LEDGER_TABLES, settlementIdOf } from '@goodpay/settlement';
import { contextFor, refusal } from '../campaign/catalogue-module';
import { SettlementWorld } from './settlement-world';

const staff = { id: 'staff-1', role: 'staff' as const };

describe('settlement: one settlement per shop per Seoul day, paid once', () => {
  let world: SettlementWorld;

  beforeAll(async () => {
    world = await SettlementWorld.start({ feeRateBasisPoints: 100 });
  });
  afterAll(async () => {
    await world.close();
  });

  it("settles platform prepayments less refunds, fee and pledge; shop payments are not the platform's to settle", async () => {
    const shop = await world.openShop('noodles', 300);
    const first = await world.prepay(shop, 100_000, '2025-01-13T15:30:00Z'); // 2025-01-14 00:30 Seoul
    await world.prepay(shop, 50_000, '2025-01-14T05:00:00Z');
    await world.prepay(shop, 70_000, '2025-01-14T06:00:00Z', 'at_shop');
    await world.refund(shop, first, 40_000, '2025-01-14T08:00:00Z');
    await world.prepay(shop, 30_000, '2025-01-14T15:10:00Z'); // 2025-01-15 in Seoul: tomorrow's

    world.dayAfter('2025-01-14');
    const result = await world.run.settleDay('2025-01-14');
    const settlementId = settlementIdOf(shop, '2025-01-14');
    expect(result.closed).toContainEqual({ settlementId, merchantId: shop, payout: 150_000 - 40_000 - 1_500 - 4_500 });

    await world.until('the payout', async () => (await world.payoutState(settlementId)).status === 'paid');
    await world.ledger();
    const statement = await world.queries.statement(settlementId);
    expect(statement).toMatchObject({
      day: '2025-01-14',
      collected: 150_000n,
      refunded: 40_000n,
      fee: 1_500n,
      pledge: 4_500n,
      payout: 104_000n,
      payoutStatus: 'paid',
      merchantOwnerId: 'owner-of-noodles',
    });
    expect(statement.items.map((item) => [item.kind, item.amount])).toEqual([
      ['collected', 100_000n],
      ['collected', 50_000n],
      ['refunded', 40_000n],
    ]);
    expect(await world.bank.transfers(shop)).toEqual([expect.objectContaining({ reference: settlementId, amount: 104_000 })]);

    const reconciliation = await world.queries.reconciliation('2025-01-14');
    expect(reconciliation.balanced).toBe(true);
    expect(reconciliation.lines.find((line) => line.merchantId === shop)).toMatchObject({
      collected: 150_000n,
      paid: 104_000n,
      difference: 0n,
    });
  });

  it('takes off only what went back to the payer: the part the terms withhold after an expiry stays the shop’s', async () => {
    const shop = await world.openShop('expired-tea', 0);
    const paid = await world.prepay(shop, 100_000, '2025-01-14T01:00:00Z');
    await world.refund(shop, paid, 100_000, '2025-01-14T02:00:00Z', 95_000);
    world.dayAfter('2025-01-14');
    await world.run.settleDay('2025-01-14');
    await world.ledger();
    const statement = await world.queries.statement(settlementIdOf(shop, '2025-01-14'));
    expect(statement).toMatchObject({ collected: 100_000n, refunded: 95_000n });
    expect(statement.items.map((item) => [item.kind, item.amount])).toEqual([
      ['collected', 100_000n],
      ['refunded', 95_000n],
    ]);
  });

  it('owes a platform order to the shop only once its payment is confirmed, from the day it was confirmed', async () => {
    const shop = await world.openShop('bakery');
    const order = await world.order(shop, 80_000, '2025-01-20T01:00:00Z');
    world.dayAfter('2025-01-20');
    const unpaid = await world.run.settleDay('2025-01-20');
    expect(unpaid.closed.filter((closed) => closed.merchantId === shop)).toEqual([]);

    await order.confirm('2025-01-21T02:00:00Z'); // confirmed by the office the next day
    world.dayAfter('2025-01-21');
    const settled = await world.run.settleDay('2025-01-21');
    const settlementId = settlementIdOf(shop, '2025-01-21');
    expect(settled.closed).toContainEqual(expect.objectContaining({ settlementId, merchantId: shop }));
    await world.ledger();
    const statement = await world.queries.statement(settlementId);
    expect(statement.items).toEqual([
      expect.objectContaining({ kind: 'collected', prepaymentId: order.prepaymentId, amount: 80_000n, day: '2025-01-21' }),
    ]);
  });

  it('changes nothing when a day is run again, even with a late item of that day waiting', async () => {
    const shop = await world.openShop('bakery');
    await world.prepay(shop, 20_000, '2025-01-14T02:00:00Z');
    world.dayAfter('2025-01-14');
    await world.run.settleDay('2025-01-14');
    const settlementId = settlementIdOf(shop, '2025-01-14');
    await world.until('the payout', async () => (await world.payoutState(settlementId)).status === 'paid');

    const late = await world.prepay(shop, 5_000, '2025-01-14T03:00:00Z'); // committed after the day closed
    const events = await world.system.eventCount();
    const again = await world.run.settleDay('2025-01-14');
    expect(again.closed.find((s) => s.merchantId === shop)).toBeUndefined();
    expect(await world.system.eventCount()).toBe(events);
    expect(await world.settlementEvents(shop)).toHaveLength(1);
    expect(await world.bank.transfers(shop)).toHaveLength(1);

    // The late item goes into the next settlement; the closed one is untouched.
    world.dayAfter('2025-01-15');
    await world.run.settleDay('2025-01-15');
    await world.ledger();
    const next = await world.queries.statement(settlementIdOf(shop, '2025-01-15'));
    expect(next.items.map((item) => item.prepaymentId)).toEqual([late]);
    expect((await world.queries.statement(settlementId)).items).toHaveLength(1);
  });

  it('carries a negative net day forward as a deduction and never pays below 0', async () => {
    const shop = await world.openShop('salon');
    const old = await world.prepay(shop, 80_000, '2025-01-10T02:00:00Z');
    world.dayAfter('2025-01-10');
    await world.run.settleDay('2025-01-10');
    await world.refund(shop, old, 80_000, '2025-01-11T02:00:00Z');
    await world.prepay(shop, 30_000, '2025-01-11T03:00:00Z');
    world.dayAfter('2025-01-11');
    await world.run.settleDay('2025-01-11');
    await world.prepay(shop, 100_000, '2025-01-12T03:00:00Z');
    world.dayAfter('2025-01-12');
    await world.run.settleDay('2025-01-12');

    await world.ledger();
    const page = await world.queries.listSettlements(staff, { merchantId: shop });
    const byDay = Object.fromEntries(page.items.map((s) => [s.day, s]));
    expect(byDay['2025-01-11']).toMatchObject({
      collected: 30_000n,
      refunded: 80_000n,
      fee: 300n,
      payout: 0n,
      carriedOut: 50_300n,
      payoutStatus: null,
    });
    expect(byDay['2025-01-12']).toMatchObject({ collected: 100_000n, fee: 1_000n, carriedIn: 50_300n, payout: 48_700n, carriedOut: 0n });
    for (const day of ['2025-01-10', '2025-01-11', '2025-01-12']) expect((await world.queries.reconciliation(day)).balanced).toBe(true);
  });

  it('leaves no half settlement when the run dies midway, and finishes on the next run', async () => {
    const shops = [await world.openShop('a-cafe'), await world.openShop('b-cafe'), await world.openShop('c-cafe')].sort();
    for (const shop of shops) await world.prepay(shop, 10_000, '2025-01-16T02:00:00Z');
    // The database refuses the second shop's payout: its whole settlement append must roll back.
    await world.system.sql.query(`
      CREATE FUNCTION die_on_payout() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'worker killed'; END $$`);
    // DDL on the partitioned events table may lose a deadlock to the consumers reading it: again then.
    await retryOnDeadlock(() =>
      world.system.sql.query(`
        CREATE TRIGGER die_on_payout BEFORE INSERT ON events FOR EACH ROW
        WHEN (NEW.type = 'PayoutScheduled' AND NEW.data->>'merchantId' = '${shops[1]}') EXECUTE FUNCTION die_on_payout()`),
    );
    world.dayAfter('2025-01-16');
    await expect(world.run.settleDay('2025-01-16')).rejects.toThrow(/worker killed/);
    expect(await world.settlementEvents(shops[0])).toHaveLength(1);
    expect(await world.settlementEvents(shops[1])).toHaveLength(0);
    expect(await world.settlementEvents(shops[2])).toHaveLength(0);

    await retryOnDeadlock(() => world.system.sql.query(`DROP TRIGGER die_on_payout ON events`));
    const rerun = await world.run.settleDay('2025-01-16');
    expect(rerun.closed.map((s) => s.merchantId).filter((m) => shops.includes(m))).toEqual([shops[1], shops[2]]);
    for (const shop of shops) expect(await world.settlementEvents(shop)).toHaveLength(1);
  });

  it('claims each item once when two workers run the same day at the same time', async () => {
    const shop = await world.openShop('racing');
    for (let i = 0; i < 5; i += 1) await world.prepay(shop, 1_000 * (i + 1), '2025-01-17T02:00:00Z');
    world.dayAfter('2025-01-17');
    await Promise.all([world.run.settleDay('2025-01-17'), world.run.settleDay('2025-01-17'), world.run.settleDay('2025-01-17')]);
    const events = await world.settlementEvents(shop);
    expect(events).toHaveLength(1);
    expect((events[0].data as { collected: number }).collected).toBe(15_000);
  });

  it('retries a failing transfer with backoff, and pays once', async () => {
    const shop = await world.openShop('flaky');
    await world.prepay(shop, 60_000, '2025-01-18T02:00:00Z');
    await world.bank.failNext(shop, 2);
    world.dayAfter('2025-01-18');
    await world.run.settleDay('2025-01-18');
    const settlementId = settlementIdOf(shop, '2025-01-18');
    await world.until('the payout', async () => (await world.payoutState(settlementId)).status === 'paid');
    expect(await world.payoutState(settlementId)).toMatchObject({ status: 'paid', failedAttempts: 2, round: 1 });
    expect(await world.bank.transfers(shop)).toHaveLength(1);
  });

  it('leaves a payout that keeps failing visible as failed, and staff retry it', async () => {
    const shop = await world.openShop('broken');
    await world.prepay(shop, 45_000, '2025-01-19T02:00:00Z');
    await world.bank.failNext(shop, 3);
    world.dayAfter('2025-01-19');
    await world.run.settleDay('2025-01-19');
    const settlementId = settlementIdOf(shop, '2025-01-19');
    await world.until('the payout to fail', async () => (await world.payoutState(settlementId)).status === 'failed');
    await world.ledger();
    expect(await world.queries.payouts('failed')).toEqual([expect.objectContaining({ settlementId, status: 'failed', failedAttempts: 3 })]);

    const notStaff = { id: 'owner-of-broken', role: 'merchant' as const };
    expect(await refusal(world.system.commands.execute(new RetryPayoutCommand(contextFor(notStaff), settlementId)))).toMatchObject({
      code: 'wrong_role',
    });
    const { response } = await world.system.commands.execute(new RetryPayoutCommand(contextFor(staff), settlementId));
    expect(response).toEqual({ settlementId, round: 2 });
    await world.until('the retried payout', async () => (await world.payoutState(settlementId)).status === 'paid');
    expect(await world.bank.transfers(shop)).toEqual([expect.objectContaining({ reference: settlementId, amount: 45_000 - 450 })]);
  });

  it('pays once when the transfer went through but the worker died before recording it', async () => {
    const shop = await world.openShop('crashy');
    await world.prepay(shop, 12_000, '2025-01-20T02:00:00Z');
    const settlementId = settlementIdOf(shop, '2025-01-20');
    // The bank already holds the transfer (the first attempt got that far), PayoutPaid was never written.
    await world.bank.transfer({ reference: settlementId, merchantId: shop, amount: 12_000 - 120 });
    world.dayAfter('2025-01-20');
    await world.run.settleDay('2025-01-20');
    await world.until('the payout', async () => (await world.payoutState(settlementId)).status === 'paid');
    expect(await world.bank.transfers(shop)).toHaveLength(1);
  });

  it('schedules the daily run at the configured Seoul hour, and the trigger settles the day before', async () => {
    const scheduler = await world.queue.getJobScheduler(DAILY_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Asia/Seoul' });

    const shop = await world.openShop('scheduled');
    await world.prepay(shop, 9_000, '2025-01-21T04:00:00Z');
    world.system.clock.set('2025-01-21T17:00:00Z'); // 2025-01-22 02:00 in Seoul
    await world.queue.add(SETTLE_PREVIOUS_DAY, {});
    await world.until('the scheduled run', async () => (await world.settlementEvents(shop)).length === 1);
    expect((await world.settlementEvents(shop))[0].data).toMatchObject({ day: '2025-01-21', collected: 9_000 });
  });

  it('rebuilds the ledger from position 0 into the same tables', async () => {
    // A payout of an earlier test may be paid at any moment, between the live dump and the
    // rebuild: with the worker paused nothing appends, so both see the same log.
    const dump = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const table of SETTLEMENT_LEDGER_TABLES) tables[table] = await world.system.rows(table, `to_jsonb(${table})::text`);
      return tables;
    };
    await world.withWorkerPaused(async () => {
      await world.ledger();
      const live = await dump();
      expect((live.payouts as { status: string }[]).map((payout) => payout.status)).toContain('paid');
      await world.system.subscriptions.rebuild('settlement-ledger');
      expect(await dump()).toEqual(live);
    });
  });
});

/** Runs `ddl` again while PostgreSQL picks it as a deadlock's victim (SQLSTATE 40P01). */
async function retryOnDeadlock<T>(ddl: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ddl();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error;
    }
  }
}

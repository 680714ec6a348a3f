import { readCheckpoint } from '@goodpay/event-store';
import { PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { dumpTables, PrepaymentWorld, READ_MODEL_TABLES } from '../integration/prepayment/prepayment-world';
import { eventually } from '../support/processes';
import { RunningSystem } from '../support/system';
import { flushPrefix } from '../support/test-redis';
import { CommandTraffic } from './support/command-traffic';
import { diagnoseConsumer } from './support/consumer-diagnosis';
import { cutDatabaseConnections } from './support/database-cut';
import { DuplicatingQueue } from './support/duplicating-queue';
import { openShop } from '../support/open-shop';

/**
 * The api and worker processes under shop traffic while everything beneath them fails: the
 * worker is SIGKILLed in the middle of its projection batches, Redis loses every key, all
 * PostgreSQL connections are cut (a server restart as our processes see it; the shared server
 * itself keeps running for the other test files), and every queue message arrives twice. Then:
 * no accepted command is missing from the log or doubled, the balances pass the invariant
 * check, and every projection equals its rebuild.
 */
describe('fault: prepayment commands while the worker, Redis and PostgreSQL fail', () => {
  // One shop's tills send twin commands as fast as the machine allows, far past one user's
  // request budget on a fast machine: the limit is not what this test is about.
  const system = new RunningSystem({ RATE_LIMIT_DEFAULT: '100000/1m' }, { checkAnswers: false });
  let traffic: CommandTraffic;
  let duplicates: DuplicatingQueue;
  let world: PrepaymentWorld;

  beforeAll(async () => {
    await system.start();
    duplicates = new DuplicatingQueue(system.queuePrefix);
    await duplicates.start();
    traffic = new CommandTraffic(system, await openShop(system, 'Fault'));
    world = await PrepaymentWorld.attach(system.databaseUrl);
  }, 120_000);
  afterAll(async () => {
    await traffic?.stop();
    await duplicates?.close();
    await world?.drop();
    await system.stop();
  });

  const balancesCheckpoint = async () => BigInt((await readCheckpoint(world.sql, PREPAYMENT_BALANCES)).position);
  const moreAccepted = (than: number, what: string) => eventually(async () => traffic.acceptedCount >= than, what, 30_000);

  it('loses and doubles nothing, and the projections equal a rebuild', async () => {
    traffic.start();
    await moreAccepted(20, 'the first commands are accepted');

    // SIGKILL while it projects: traffic keeps it busy, so it dies inside a batch's transaction.
    const projectedBefore = await balancesCheckpoint();
    await eventually(async () => (await balancesCheckpoint()) > projectedBefore, 'the worker is projecting');
    expect(await system.worker!.kill('SIGKILL')).toBeNull();
    await moreAccepted(traffic.acceptedCount + 20, 'commands are accepted with no worker running');

    // Redis loses every key (the pending wake-ups among them) before the worker comes back.
    await flushPrefix(system.queuePrefix);
    await system.startWorker();
    await duplicates.burst(PREPAYMENT_BALANCES, 10);

    // "PostgreSQL restarts": every connection of the api and the worker is terminated at once.
    const cut = await cutDatabaseConnections(system.database);
    expect(cut).toBeGreaterThan(0);
    await moreAccepted(traffic.acceptedCount + 20, 'commands are accepted again after the connections were cut');

    // Killed once more mid-batch, and Redis flushed while the new worker runs.
    await system.worker!.kill('SIGKILL');
    await system.startWorker();
    await flushPrefix(system.queuePrefix);
    await moreAccepted(traffic.acceptedCount + 20, 'commands are accepted after the last faults');
    await traffic.stop();

    const { accepted } = traffic;
    expect(accepted.disagreeingTwins).toEqual([]);
    expect(duplicates.copies).toBeGreaterThan(0);

    // Every accepted command is in the log exactly once; the log holds nothing more than the
    // commands whose answer never came (they may have committed before the cut).
    const log = async (type: string, field: string) =>
      world.sql
        .query<{ id: string; n: number }>(`SELECT data->>'${field}' AS id, count(*)::int AS n FROM events WHERE type = $1 GROUP BY 1`, [
          type,
        ])
        .then(({ rows }) => new Map(rows.map((row) => [row.id, row.n])));
    const made = await log('PrepaymentMade', 'prepaymentId');
    const redeemed = await log('PrepaymentRedeemed', 'redemptionId');
    const cancelled = await log('RedemptionCancelled', 'redemptionId');
    for (const id of accepted.prepayments) expect([id, made.get(id)]).toEqual([id, 1]);
    for (const id of accepted.redemptions.keys()) expect([id, redeemed.get(id)]).toEqual([id, 1]);
    for (const id of accepted.cancellations) expect([id, cancelled.get(id)]).toEqual([id, 1]);
    expect(made.size - accepted.prepayments.size).toBeLessThanOrEqual(accepted.unknown.prepayments);
    expect(redeemed.size - accepted.redemptions.size).toBeLessThanOrEqual(accepted.unknown.redemptions);
    expect(cancelled.size - accepted.cancellations.size).toBeLessThanOrEqual(accepted.unknown.cancellations);

    // The worker catches up by itself (sweeps and wake-ups), and the balances are right.
    const staff = await system.token('fault-staff', 'staff');
    let report: any;
    await eventually(
      async () => {
        report = (await system.request('POST', `/admin/invariants/check?after=${accepted.lastPosition}`, { token: staff })).body;
        return report?.checkedPrepayments !== undefined;
      },
      'the balances projection reaches the last accepted command',
      60_000,
    );
    expect(report).toMatchObject({ ok: true, violations: [] });
    expect(report.checkedPrepayments).toBeGreaterThanOrEqual(accepted.prepayments.size);

    // Every prepayment projection, as the restarted worker built it, equals a rebuild from 0.
    for (const name of world.subscriptions.names()) {
      await world.subscriptions.waitFor(name, String(accepted.lastPosition), 60_000).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnoseConsumer(world.sql, name, system.worker)}`);
      });
    }
    await system.worker!.kill('SIGTERM'); // from here on nothing projects but the rebuilds below
    // (The projections only: the gateway-refunds reactor keeps no tables; it asks for jobs.)
    for (const name of world.subscriptions.names().filter((consumer) => consumer in READ_MODEL_TABLES)) {
      await world.subscriptions.catchUpCompletely(name); // events whose answers never came
      const live = await dumpTables(world.sql, name);
      await world.subscriptions.rebuild(name);
      expect(await dumpTables(world.sql, name)).toEqual(live);
    }
  }, 240_000);
});

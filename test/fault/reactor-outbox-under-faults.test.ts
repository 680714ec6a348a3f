import { createHash, randomUUID } from 'node:crypto';
import { CreateCampaignCommand, jeonbukPreset } from '@goodpay/campaign';
import { EventSchemas, EventStore, Subscriptions } from '@goodpay/event-store';
import {
  DeclareRaffleRandomnessCommand,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  RAFFLE_DRAW_QUEUE,
  raffleDrawReactor,
  TriggerRaffleDrawCommand,
} from '@goodpay/raffle';
import { payoutsReactor, payoutStream, resolveSettlementOptions, SETTLEMENT_QUEUE } from '@goodpay/settlement';
import { type Actor, SYSTEM_ACTOR } from '@goodpay/shared';
import { API_MIGRATIONS } from '../../apps/api/src/every-process';
import { contextFor } from '../integration/campaign/catalogue-module';
import { metadataFor } from '../support/actors';
import { eventually, type RunningProcess, startWorkerProcess } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { flushPrefix, uniqueQueuePrefix } from '../support/test-redis';
import { DuplicatingQueue } from './support/duplicating-queue';
import { type RaffleDesk, startRaffleDesk } from './support/raffle-desk';

const staff: Actor = { id: 'fault-staff', role: 'staff' };
const ENTRANTS = 12;
const SEED = '271828182845904523536';
const NUMBERS = [['3', '11', '19', '27', '36', '44', '8'], [SEED]];
const PAYOUTS = 12;
const AMOUNT = 70_000;

/**
 * "No job is ever lost or doubled, whatever dies when", for the reactors that turn a triggered
 * draw and scheduled payouts into jobs. The worker dies after a reactor's outbox rows and
 * checkpoint committed and before their enqueue: the reactors' batch is run here, in the test
 * process, with no dispatcher (exactly what a worker SIGKILLed after that commit leaves), while
 * the real worker is down. Redis then loses every key; a new worker starts, and every draw and
 * payout job is delivered twice. The round is drawn once and each payout transferred once.
 */
describe('fault: reactors killed between their outbox and the enqueue, Redis wiped, every job delivered twice', () => {
  let db: TestDatabase;
  let desk: RaffleDesk;
  let worker: RunningProcess | undefined;
  const duplicates: DuplicatingQueue[] = [];
  let campaignId: string;
  const settlements = Array.from({ length: PAYOUTS }, () => ({ settlementId: randomUUID(), merchantId: randomUUID() }));
  const prefix = uniqueQueuePrefix();

  const count = async (text: string, params: unknown[] = []) => Number((await db.dataSource.query(text, params))[0].n);
  const eventsOf = (type: string) => count('SELECT count(*) AS n FROM events WHERE type = $1', [type]);

  beforeAll(async () => {
    db = await createTestDatabase(API_MIGRATIONS, { poolSize: 4 });
    desk = await startRaffleDesk(db.url, prefix, '2025-01-10T03:00:00Z');
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    const created = await desk.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'Outbox under faults',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn,
        endsOn,
        raffle: { ...raffle, budget: 200_000 },
        participationTarget: { participants: 1_000, amount: 100_000_000 },
      }),
    );
    campaignId = created.response.campaignId;
    desk.clock.set('2025-01-10T03:00:00Z'); // sources are declared before the round opens
    await desk.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 1, [
        { kind: 'lotto645', drawNumber: 1158 },
        { kind: 'committed_seed', label: 'office seed', seedSha256: createHash('sha256').update(SEED).digest('hex') },
      ]),
    );
    for (let i = 0; i < ENTRANTS; i += 1) {
      await desk.commands.execute(new EnterRaffleRoundCommand(contextFor(SYSTEM_ACTOR), campaignId, 1, `person-${i}`, randomUUID()));
    }
    desk.clock.set('2025-02-03T01:00:00Z');
    await desk.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 1));
    desk.clock.set('2025-02-08T12:00:00Z');
  }, 60_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    for (const queue of duplicates) await queue.close();
    await desk?.close();
    await flushPrefix(prefix);
    await db?.drop();
  });

  it('draws the round once and pays each payout once', async () => {
    // The worker ran, and is killed: nothing runs the consumers while the causes are written.
    worker = await startWorkerProcess({ databaseUrl: db.url, queuePrefix: prefix });
    expect(await worker.kill('SIGKILL')).toBeNull();

    // The causes: staff trigger the draw (the handler enqueues nothing), the day's run scheduled payouts.
    expect((await desk.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, NUMBERS))).response.status).toBe(
      'draw_requested',
    );
    const store = new EventStore(db.dataSource, new EventSchemas());
    for (const { settlementId, merchantId } of settlements) {
      await store.append(
        [
          {
            streamId: payoutStream(settlementId),
            expectedVersion: 'no_stream',
            events: [{ type: 'PayoutScheduled', data: { settlementId, merchantId, amount: AMOUNT, scheduledAt: '2025-02-08T00:00:00Z' } }],
          },
        ],
        metadataFor(SYSTEM_ACTOR),
      );
    }

    // The reactors' batch commits its outbox rows and checkpoint; the process dies before the enqueue.
    const dying = new Subscriptions(store);
    dying.register(raffleDrawReactor());
    dying.register(payoutsReactor(resolveSettlementOptions()));
    for (const name of dying.names()) await dying.catchUpCompletely(name);
    // (Other reactors of the worker that ran may have left rows of their own: only these two queues count here.)
    expect(
      await count(`SELECT count(*) AS n FROM consumer_outbox WHERE sent_at IS NULL AND queue = ANY($1::text[])`, [
        [RAFFLE_DRAW_QUEUE, SETTLEMENT_QUEUE],
      ]),
    ).toBe(1 + PAYOUTS);

    // Redis loses everything; from now on every draw and payout job is delivered twice.
    await flushPrefix(prefix);
    for (const queue of [RAFFLE_DRAW_QUEUE, SETTLEMENT_QUEUE]) {
      const duplicating = new DuplicatingQueue(prefix, queue);
      await duplicating.start();
      duplicates.push(duplicating);
    }
    worker = await startWorkerProcess({ databaseUrl: db.url, queuePrefix: prefix });

    await eventually(
      async () => (await eventsOf('RaffleDrawRecorded')) === 1 && (await eventsOf('PayoutPaid')) === PAYOUTS,
      'the draw and the payouts are made',
      90_000,
    );
    await eventually(async () => duplicates.every((queue) => queue.copies > 0), 'the jobs were delivered twice', 30_000);
    // Let every copy run out: the outbox sees every job completed.
    await eventually(
      async () => (await count(`SELECT count(*) AS n FROM consumer_outbox WHERE done_at IS NULL`)) === 0,
      'every outbox job completed',
      60_000,
    );

    expect(await eventsOf('RaffleDrawRecorded')).toBe(1);
    expect(await eventsOf('RafflePlacesAllotted')).toBe(1);
    expect(await eventsOf('PayoutPaid')).toBe(PAYOUTS);
    const transfers: { merchant_id: string; n: number; amount: string }[] = await db.dataSource.query(
      `SELECT merchant_id, count(*)::int AS n, sum(amount)::text AS amount FROM payout_transfers GROUP BY merchant_id ORDER BY merchant_id`,
    );
    expect(transfers).toEqual(
      settlements
        .map(({ merchantId }) => merchantId)
        .sort()
        .map((merchantId) => ({ merchant_id: merchantId, n: 1, amount: String(AMOUNT) })),
    );
  }, 240_000);
});

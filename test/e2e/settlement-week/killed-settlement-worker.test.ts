import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { EventSchemas, EventStore } from '@goodpay/event-store';
import { formatPrepaymentCode } from '@goodpay/prepayment';
import { payoutStream, SETTLE_DAY, settleDayJobId, settlementIdOf, SettlementJobs, SETTLEMENT_QUEUE } from '@goodpay/settlement';
import { API_MIGRATIONS } from '../../../apps/api/src/every-process';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { metadataFor } from '../../support/actors';
import { eventually, type RunningProcess, startWorkerProcess } from '../../support/processes';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';
import { StreamHold } from './support/stream-hold';

/** A past Seoul day: the spawned worker runs on the real clock, and only a day that is over is settled. */
const DAY = '2025-06-10';
const SHOPS = 6;
/** The run settles shops in merchant-id order; it is stopped inside the fourth one's transaction. */
const KILLED_AT = 3;
/**
 * The workers' job lock and stall check (QUEUE_STALLED_JOB_MS): a third of BullMQ's 30 s, so the
 * dead worker's job is handed on sooner, and still far longer than a job's event loop is busy.
 */
const STALLED_JOB_MS = 10_000;

interface SettlementClosedRow {
  stream_id: string;
  transaction_id: string;
  data: { settlementId: string; merchantId: string; payout: number; collected: number; items: { itemId: string }[] };
}

/**
 * "A killed worker mid-run leaves no half settlement", with a real worker process and SIGKILL.
 * A shop's settlement is its SettlementClosed and its PayoutScheduled, appended in one
 * transaction. The test holds the row of the fourth shop's payout stream, so the run stops
 * exactly between the two appends of that shop (its SettlementClosed already written, not
 * committed), and kills the worker there. Then: the three shops before it are settled whole,
 * the fourth and the rest not at all. A new worker settles the rest, and everything is paid
 * exactly once.
 */
describe('fault: a settlement worker killed mid-run', () => {
  let db: TestDatabase;
  let store: EventStore;
  let worker: RunningProcess | undefined;
  let queue: Queue;
  let jobs: SettlementJobs;
  let hold: StreamHold | undefined;
  const prefix = uniqueQueuePrefix();
  const merchants = Array.from({ length: SHOPS }, () => randomUUID());
  const prepaymentEventIds: string[] = [];

  const startWorker = async () => {
    worker = await startWorkerProcess({ databaseUrl: db.url, queuePrefix: prefix }, { QUEUE_STALLED_JOB_MS: String(STALLED_JOB_MS) });
  };
  const rows = async <T>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(text, params);
  const settlementsClosed = () =>
    rows<SettlementClosedRow>(
      `SELECT stream_id, transaction_id::text, data FROM events WHERE type = 'SettlementClosed' ORDER BY global_position`,
    );
  const eventCount = async () => (await rows<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase(API_MIGRATIONS);
    store = new EventStore(db.dataSource, new EventSchemas());
    queue = new Queue(SETTLEMENT_QUEUE, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix });
    // What staff's "run the day" and the nightly trigger add: the same job, with the same options.
    jobs = new SettlementJobs(queue);
    // Each shop registered and paid twice through the platform on DAY.
    for (const [index, merchantId] of merchants.entries()) {
      const shop = {
        streamId: `merchant-${merchantId}`,
        expectedVersion: 'any' as const,
        events: [
          {
            type: 'MerchantRegistered',
            data: {
              merchantId,
              ownerId: `owner-${index}`,
              name: `Shop ${index}`,
              category: 'restaurant',
              district: 'Wansan-gu',
              businessRegistrationNumber: aBusinessRegistrationNumber(),
              registeredAt: '2025-06-01T00:00:00Z',
            },
          },
        ],
      };
      const { events } = await store.append(
        [
          shop,
          prepaidOnline(merchantId, 100_000 + index * 1_000, `${DAY}T02:00:00Z`),
          prepaidOnline(merchantId, 50_000, `${DAY}T05:00:00Z`),
        ],
        metadataFor(),
      );
      prepaymentEventIds.push(...events.filter((event) => event.type === 'PrepaymentMade').map((event) => event.id));
    }
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await hold?.release();
    await queue?.close();
    await flushPrefix(prefix);
    await db?.drop();
  });

  it('leaves every shop settled whole or not at all, and a new run settles and pays the rest exactly once', async () => {
    await startWorker();
    await eventually(
      async () => (await rows<{ n: number }>('SELECT count(*)::int AS n FROM settlement_items'))[0].n === SHOPS * 2,
      'the settlement ledger holds every prepayment',
    );
    const order = (await rows<{ merchant_id: string }>('SELECT DISTINCT merchant_id FROM settlement_items ORDER BY merchant_id')).map(
      (r) => r.merchant_id,
    );
    const killedShop = order[KILLED_AT];
    const held = await StreamHold.take(db.url, payoutStream(settlementIdOf(killedShop, DAY)));
    hold = held; // released by afterAll too, should the test fail while holding it

    // Its own job id: the dead worker's job stays active until BullMQ's stall check hands it on
    // (seconds); the run after the crash is the one a staff member or the next night adds.
    await queue.add(SETTLE_DAY, { day: DAY }, { jobId: `${settleDayJobId(DAY)}.before-crash` });
    let blocked: number | null = null;
    await eventually(async () => (blocked = await held.waiter()) !== null, "the run waits inside the fourth shop's settlement");
    expect(await worker!.kill('SIGKILL')).toBeNull(); // died of the signal
    await held.release();
    // The dead client's server process finishes or abandons what it was doing, and goes: the
    // killed shop's settlement was one statement, which the server commits once the hold is gone
    // even though its client died, or it never ran.
    await eventually(
      async () => (await rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [blocked])).length === 0,
      'the killed run is gone from the server',
    );

    // Whole or nothing: the shops before the killed one (and the killed one, whole, if its
    // statement got to run), each with its payout in the same transaction.
    const closed = await settlementsClosed();
    const settledBeforeRestart = closed.length;
    expect([KILLED_AT, KILLED_AT + 1]).toContain(settledBeforeRestart);
    expect(closed.map((event) => event.data.merchantId)).toEqual(order.slice(0, settledBeforeRestart));
    for (const settlement of closed) {
      const scheduled = await rows<{ transaction_id: string; amount: number }>(
        `SELECT transaction_id::text, (data->>'amount')::int AS amount FROM events WHERE type = 'PayoutScheduled' AND data->>'settlementId' = $1`,
        [settlement.data.settlementId],
      );
      expect(scheduled).toEqual([{ transaction_id: settlement.transaction_id, amount: settlement.data.payout }]);
    }
    expect(await rows(`SELECT 1 FROM events WHERE type = 'PayoutScheduled'`)).toHaveLength(settledBeforeRestart);
    if (settledBeforeRestart === KILLED_AT) {
      expect(await rows(`SELECT 1 FROM event_streams WHERE stream_id = $1`, [payoutStream(settlementIdOf(killedShop, DAY))])).toEqual([]);
    }

    // A new worker and the day's run again: the rest is settled, and every payout made once.
    await startWorker();
    await jobs.settleDay(DAY);
    // A payout job the dead worker had taken stays active until BullMQ's stall check hands it on
    // (its lock lasts STALLED_JOB_MS, the check runs as often): up to about three times that.
    await eventually(
      async () => (await rows(`SELECT 1 FROM events WHERE type = 'PayoutPaid'`)).length === SHOPS,
      'every shop is paid',
      120_000,
    );

    const settled = await settlementsClosed();
    expect(settled.map((event) => event.data.merchantId).sort()).toEqual([...merchants].sort());
    const claimed = settled.flatMap((event) => event.data.items.map((item) => item.itemId));
    expect(claimed.sort()).toEqual([...prepaymentEventIds].sort()); // each prepayment in exactly one settlement
    const transfers = await rows<{ reference: string; merchant_id: string; amount: string }>(
      'SELECT reference, merchant_id, amount::text FROM payout_transfers',
    );
    expect(transfers).toHaveLength(SHOPS);
    for (const [index, merchantId] of merchants.entries()) {
      expect(transfers.filter((t) => t.merchant_id === merchantId)).toEqual([
        { reference: settlementIdOf(merchantId, DAY), merchant_id: merchantId, amount: String(150_000 + index * 1_000) },
      ]);
    }

    // Running the day once more changes nothing.
    const events = await eventCount();
    const again = await jobs.settleDay(DAY);
    // The day's job is removed once it completed (a failed one would stay, and this would time out).
    await eventually(async () => (await queue.getJob(again)) === undefined, 'the repeated run is over');
    expect(await eventCount()).toBe(events);
  }, 240_000);
});

function prepaidOnline(merchantId: string, amount: number, paidAt: string) {
  const prepaymentId = randomUUID();
  return {
    streamId: `prepayment-${prepaymentId}`,
    expectedVersion: 'no_stream' as const,
    events: [
      {
        type: 'PrepaymentMade',
        data: {
          prepaymentId,
          code: formatPrepaymentCode(randomBytes(8)),
          payer: { id: `citizen-${prepaymentId}`, kind: 'citizen' },
          merchantId,
          campaignId: randomUUID(),
          amount,
          channel: 'platform',
          paymentConfirmation: { provider: 'toss', externalReference: randomUUID() },
          merchantCategory: 'restaurant',
          merchantDistrict: 'Wansan-gu',
          paidAt,
        },
      },
    ],
  };
}

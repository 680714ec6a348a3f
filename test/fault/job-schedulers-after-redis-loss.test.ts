import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type DeclaresJobSchedulers, useIsolatedEnv } from '@goodpay/platform';
import {
  RAFFLE_FREEZE_QUEUE,
  RAFFLE_FREEZE_SCHEDULER_ID,
  RaffleFreezeScheduler,
  RAFFLE_SWEEP_QUEUE,
  RAFFLE_SWEEP_SCHEDULER_ID,
} from '@goodpay/raffle';
import { DAILY_SCHEDULER_ID, SETTLEMENT_QUEUE, SettlementScheduler } from '@goodpay/settlement';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { RaffleSweepScheduler } from '../../libs/raffle/src/sweep-job/raffle-sweep.scheduler';
import { eventually } from '../support/processes';
import { redisConnection } from '../support/test-redis';

const env = useIsolatedEnv('schedulers');

/**
 * The worker's job schedulers (the daily settlement, the raffle's hourly sweep) live only in
 * Redis. When Redis loses them (keys deleted, a flush, a restart without persistence) they must
 * come back by themselves: on the periodic check, and when the connection is made again.
 */
describe('fault: the job schedulers come back after Redis lost them', () => {
  let app: INestApplicationContext | undefined;
  const redis: Redis = redisConnection();

  /** The real worker, in this process, looking for its schedulers every `checkMs`; and what it schedules. */
  const startWorker = async (checkMs: number) => {
    process.env.JOB_SCHEDULER_CHECK_MS = String(checkMs);
    app = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false });
    // Typed as the keeper reads them: contexts may not import the platform, so the compiler checks their shape here.
    const declared: DeclaresJobSchedulers[] = [
      app.get(SettlementScheduler, { strict: false }),
      app.get(RaffleSweepScheduler, { strict: false }),
      app.get(RaffleFreezeScheduler, { strict: false }),
    ];
    const schedulers = declared.flatMap((declaring) => declaring.jobSchedulers());
    expect(schedulers.map(({ queue, id }) => [queue.name, id])).toEqual([
      [SETTLEMENT_QUEUE, DAILY_SCHEDULER_ID],
      [RAFFLE_SWEEP_QUEUE, RAFFLE_SWEEP_SCHEDULER_ID],
      [RAFFLE_FREEZE_QUEUE, RAFFLE_FREEZE_SCHEDULER_ID],
    ]);
    return schedulers;
  };
  const stopWorker = async () => {
    await app?.close();
    app = undefined;
  };

  /** The scheduler is stored and the job of its next run waits, delayed until then. */
  const scheduled = async ({ queue, id }: { queue: Queue; id: string }) => {
    const stored = await queue.getJobScheduler(id);
    if (!stored?.next || stored.next <= Date.now()) return false;
    return (await queue.getJobState(`repeat:${id}:${stored.next}`)) === 'delayed';
  };
  const allScheduled = async (schedulers: { queue: Queue; id: string }[]) => (await Promise.all(schedulers.map(scheduled))).every(Boolean);
  /**
   * Every key under the prefix deleted in one step, as a Redis restarted without persistence loses
   * them. Not key by key (flushPrefix scans and deletes in batches): the keeper checks every 200 ms
   * here, and a check between two batches made a scheduler again half-deleted, its next run's job
   * kept and its record gone, which BullMQ then refuses to make again ("job ID already exists").
   */
  const loseEverything = async () =>
    Number(
      await redis.eval(
        `local n = 0 for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) n = n + 1 end return n`,
        0,
        `${env.queuePrefix}:*`,
      ),
    );

  afterEach(stopWorker);
  afterAll(async () => {
    redis.disconnect();
    await env.cleanup();
  });

  it('creates them again on the periodic check after every key of the prefix was deleted', async () => {
    const schedulers = await startWorker(200);
    expect(await allScheduled(schedulers)).toBe(true);

    expect(await loseEverything()).toBeGreaterThan(0);
    await eventually(() => allScheduled(schedulers), 'both schedulers are back with their next run', 30_000);
    expect(await schedulers[0].queue.getJobScheduler(DAILY_SCHEDULER_ID)).toMatchObject({ pattern: '0 2 * * *', tz: 'Asia/Seoul' });

    // Only the next run's job lost (a delayed job removed by hand): the scheduler alone never fires again.
    const sweep = schedulers[1];
    const key = (name: string) => `${env.queuePrefix}:${RAFFLE_SWEEP_QUEUE}:${name}`;
    const nextJob = async () =>
      `repeat:${RAFFLE_SWEEP_SCHEDULER_ID}:${(await sweep.queue.getJobScheduler(RAFFLE_SWEEP_SCHEDULER_ID))!.next}`;
    const lost = await nextJob();
    await redis.zrem(key('delayed'), lost);
    await redis.del(key(lost));
    await eventually(async () => (await sweep.queue.getJobState(lost)) === 'delayed', 'the next sweep is queued again', 30_000);

    // The last run done, and its successor never added (the worker adds it, and that can fail):
    // the scheduler still names the run an hour ago as its next one.
    const queued = await nextJob();
    const hourAgo = Date.now() - 3_600_000;
    const done = `repeat:${RAFFLE_SWEEP_SCHEDULER_ID}:${hourAgo}`;
    await redis.zrem(key('delayed'), queued);
    await redis.del(key(queued));
    await redis.zadd(key('repeat'), hourAgo, RAFFLE_SWEEP_SCHEDULER_ID);
    await redis.hset(key(done), { name: 'sweep', data: '{}', opts: '{}', timestamp: hourAgo, finishedOn: hourAgo });
    await redis.zadd(key('completed'), hourAgo, done);
    expect(await sweep.queue.getJobState(done)).toBe('completed');
    await eventually(
      async () => (await nextJob()) !== done && (await scheduled(sweep)),
      'a next sweep is queued after the done one',
      30_000,
    );
  });

  it("makes a scheduler again whose record was lost and its next run's job kept, at the worker's start", async () => {
    const schedulers = await startWorker(3_600_000);
    expect(await allScheduled(schedulers)).toBe(true);
    await stopWorker();
    // A partial loss: the daily scheduler's record goes, the delayed job of its next run stays.
    const key = (name: string) => `${env.queuePrefix}:${SETTLEMENT_QUEUE}:${name}`;
    expect(await redis.zrem(key('repeat'), DAILY_SCHEDULER_ID)).toBe(1);
    expect(await redis.del(key(`repeat:${DAILY_SCHEDULER_ID}`))).toBe(1);

    const restarted = await startWorker(3_600_000); // BullMQ alone refuses: "job ID already exists"
    expect(await allScheduled(restarted)).toBe(true);
    const delayed = (await restarted[0].queue.getDelayed()).filter((job) => job.id?.startsWith(`repeat:${DAILY_SCHEDULER_ID}:`));
    expect(delayed).toHaveLength(1); // the same run, queued once
  });

  it("creates them again when the worker's connection to Redis is made again", async () => {
    // An hour between checks: within this test only the reconnect can bring them back.
    const schedulers = await startWorker(3_600_000);
    expect(await allScheduled(schedulers)).toBe(true);

    expect(await loseEverything()).toBeGreaterThan(0);
    // Redis drops the connections the schedulers' queues hold (as a restarted Redis would).
    // (BullMQ wraps the queue's ioredis client; the wrapper passes other commands through.)
    const ids = await Promise.all(schedulers.map(async ({ queue }) => ((await queue.client) as unknown as Redis).client('ID')));
    for (const id of new Set(ids)) await redis.client('KILL', 'ID', String(id));
    await eventually(() => allScheduled(schedulers), 'both schedulers are back after the reconnect', 30_000);
  });
});

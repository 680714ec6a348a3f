import type { Job } from 'bullmq';
import type { CatchUpResult, Subscriptions } from '../subscriptions/subscriptions';
import { CATCH_UP_JOB, type CatchUpJob, WAKE_ALL_JOB } from './projection-queue';
import { ProjectionWorker } from './projection-worker';
import type { WakeUpRelay } from './wake-up-relay';

const job = (name: string, projection = '') =>
  ({ name, data: { projection }, removeDeduplicationKey: async () => 1 }) as unknown as Job<CatchUpJob>;

/** Consumers that catch up as told (a result, or an error), and a relay that records the catch-up jobs asked for. */
function workerWith(outcomes: Record<string, CatchUpResult | Error>, busy = Object.keys(outcomes)) {
  const ran: string[] = [];
  /** What happens while a consumer catches up (a wake-up arriving meanwhile). */
  const duringCatchUp: (() => Promise<void>)[] = [];
  const subscriptions = {
    names: () => [...busy, 'idle-one'],
    passIdle: async () => ({ busy, checkpoints: new Map() }),
    catchUp: async (name: string) => {
      ran.push(name);
      for (const meanwhile of duringCatchUp) await meanwhile();
      const outcome = outcomes[name];
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  } as unknown as Subscriptions;
  const queued: string[] = [];
  const relay = { wake: async (name: string) => void queued.push(name) } as unknown as WakeUpRelay;
  return { worker: new ProjectionWorker(subscriptions, relay), ran, queued, duringCatchUp };
}

describe('ProjectionWorker', () => {
  it('runs the busy consumers of a wake-all itself, and queues a catch-up only for one with more to do', async () => {
    const { worker, ran, queued } = workerWith({
      balances: { read: 12, unread: false },
      ledger: { read: 12, unread: false },
      planner: { read: 500, unread: true, handedOver: true },
    });

    expect(await worker.process(job(WAKE_ALL_JOB))).toBe(524);
    expect(ran.sort()).toEqual(['balances', 'ledger', 'planner']);
    expect(queued).toEqual(['planner']);
  });

  it('goes on in the same job when a wake-up comes for a consumer while it runs, without a job through the queue', async () => {
    const { worker, ran, queued, duringCatchUp } = workerWith({ balances: { read: 10, unread: false } });
    let wokenMeanwhile = 0;
    duringCatchUp.push(async () => {
      if (wokenMeanwhile++ === 0) expect(await worker.process(job(WAKE_ALL_JOB))).toBe(0); // it is running: nothing here
    });

    expect(await worker.process(job(WAKE_ALL_JOB))).toBe(20);
    expect(ran).toEqual(['balances', 'balances']);
    expect(queued).toEqual([]);
  });

  it('hands a consumer that fails in a wake-all to a catch-up job of its own, and the others finish their turns', async () => {
    const { worker, ran, queued } = workerWith({
      balances: { read: 3, unread: false },
      ledger: new Error('ledger is broken'),
    });

    expect(await worker.process(job(WAKE_ALL_JOB))).toBe(3);
    expect(ran.sort()).toEqual(['balances', 'ledger']);
    expect(queued).toEqual(['ledger']);
  });

  it('lets a catch-up job fail when its consumer fails, for the queue to retry it', async () => {
    const { worker } = workerWith({ ledger: new Error('ledger is broken') });

    await expect(worker.process(job(CATCH_UP_JOB, 'ledger'))).rejects.toThrow('ledger is broken');
  });
});

import type { Queue } from 'bullmq';
import type { EventStore } from '../event-store';
import type { Subscriptions } from '../subscriptions/subscriptions';
import { WAKE_ALL_JOB } from './projection-queue';
import { WAKE_WINDOW_MS, WakeUpRelay } from './wake-up-relay';

/** A queue that records its adds and answers each when told to (Redis's round trip). */
function recordingQueue() {
  const adds: string[] = [];
  const pending: (() => void)[] = [];
  const queue = {
    add: (name: string) => {
      adds.push(name);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
  };
  return { queue: queue as unknown as Queue, adds, answer: () => pending.splice(0).forEach((resolve) => resolve()) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WakeUpRelay', () => {
  const subscriptions = { names: () => ['balances'] } as unknown as Subscriptions;
  const store = {} as EventStore;

  it('sends one wake-up for every commit of a window, and one more for the commits made while it was on its way', async () => {
    const { queue, adds, answer } = recordingQueue();
    const relay = new WakeUpRelay(queue, store, subscriptions);

    for (let i = 0; i < 50; i += 1) relay.wakeAll();
    expect(adds).toEqual([]); // not before the window: the commits after the first fold into it
    await pause(WAKE_WINDOW_MS * 5);
    expect(adds).toEqual([WAKE_ALL_JOB]);

    for (let i = 0; i < 10; i += 1) relay.wakeAll(); // committed while the first is in flight
    answer();
    await pause(WAKE_WINDOW_MS * 5);
    expect(adds).toEqual([WAKE_ALL_JOB, WAKE_ALL_JOB]);

    answer();
    await pause(WAKE_WINDOW_MS * 5);
    expect(adds).toHaveLength(2); // nothing committed since: nothing more to send

    relay.wakeAll();
    await pause(WAKE_WINDOW_MS * 5);
    expect(adds).toHaveLength(3);
    answer();
  });

  it('wakes nobody when no consumer is registered', async () => {
    const { queue, adds } = recordingQueue();
    new WakeUpRelay(queue, store, { names: () => [] } as unknown as Subscriptions).wakeAll();
    await pause(WAKE_WINDOW_MS * 3);
    expect(adds).toEqual([]);
  });
});

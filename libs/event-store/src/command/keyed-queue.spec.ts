import { KeyedQueue } from './keyed-queue';

/** A promise and the functions that settle it, to decide from the test when work ends. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const closed = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { closed, open, fail };
}

describe('KeyedQueue', () => {
  it('runs work with one key one after another, in the order it came', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.run('stream-1', async () => {
      log.push('a starts');
      await first.closed;
      log.push('a ends');
    });
    const b = queue.run('stream-1', async () => void log.push('b runs'));
    const c = queue.run('stream-1', async () => void log.push('c runs'));
    await Promise.resolve();
    expect(log).toEqual(['a starts']);
    first.open();
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a starts', 'a ends', 'b runs', 'c runs']);
  });

  it('does not hold work with another key', async () => {
    const queue = new KeyedQueue();
    const first = gate();
    const held = queue.run('stream-1', () => first.closed);
    await expect(queue.run('stream-2', async () => 'ran')).resolves.toBe('ran');
    first.open();
    await held;
  });

  it('lets the next work run after a failure, and gives the failure to its caller only', async () => {
    const queue = new KeyedQueue();
    const first = gate();
    const failed = queue.run('stream-1', () => first.closed);
    const next = queue.run('stream-1', async () => 'next ran');
    first.fail(new Error('refused'));
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('next ran');
  });
});

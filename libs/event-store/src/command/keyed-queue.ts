/**
 * Runs work for one key after the work queued before it for that key has finished, in this
 * process. Commands on one busy stream (a hot balance: many tills redeeming one prepayment)
 * then take turns instead of racing: with optimistic appends all but one of n racers lose,
 * read again and retry, and the retries collide again, so throughput collapses as n grows.
 * Queued, each decides on the state its predecessor committed and wins at once.
 *
 * This is an optimisation, not the guarantee: the expected version still decides, so writers
 * in other processes (api replicas, workers) that race a queue lose cleanly and retry, and a
 * stream is never overdrawn. Nothing is shared between processes; an idle key holds nothing.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

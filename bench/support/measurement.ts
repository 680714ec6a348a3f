/** One figure of a scenario, as written to bench/results/latest.json. */
export interface Measurement {
  value: number;
  unit: string;
  [extra: string]: number | string | boolean;
}

export type Measurements = Record<string, Measurement>;

/** The value at quantile `q` (0..1) of `samples`, nearest rank. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Milliseconds since `started` (a process.hrtime.bigint()). */
export const msSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

/** Runs `work` and says how long it took, in seconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: msSince(started) / 1000 };
}

/** Runs `count` tasks with `concurrency` workers pulling the next index. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

import { readFileSync } from 'node:fs';

/**
 * What a process of the bench uses, from Linux's /proc (undefined elsewhere): its CPU time, to
 * give each command's cost in CPU rather than in a wall time the shared machine blurs, and its
 * resident memory.
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return undefined;
  }
}

/** Resident memory (VmRSS) in MB. */
export function residentMegabytes(pid: number | undefined): number | undefined {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) / 1024;
  } catch {
    return undefined;
  }
}

/** The largest resident memory of some processes, sampled every second while the bench runs. */
export class PeakMemory {
  private readonly peaks = new Map<string, number>();
  /** The peak of each process during each stretch named by `during` (a scenario). */
  private readonly stretches = new Map<string, Map<string, number>>();
  private stretch?: Map<string, number>;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: () => Record<string, number | undefined>) {
    this.timer = setInterval(() => this.sample(), 1_000);
    this.timer.unref();
  }

  sample(): void {
    for (const [name, pid] of Object.entries(this.pids())) {
      const megabytes = residentMegabytes(pid);
      if (megabytes === undefined) continue;
      this.peaks.set(name, Math.max(megabytes, this.peaks.get(name) ?? 0));
      this.stretch?.set(name, Math.max(megabytes, this.stretch.get(name) ?? 0));
    }
  }

  /** From now on, peaks are also kept under `name` (until the next call). */
  during(name: string): void {
    this.sample();
    this.stretch = new Map();
    this.stretches.set(name, this.stretch);
    this.sample();
  }

  /** `process`'s peak in each stretch, in MB: `title 412, other 380`. */
  byStretch(process: string): string {
    return [...this.stretches].map(([name, peaks]) => `${name} ${Math.round(peaks.get(process) ?? NaN)}`).join(', ');
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * What a process of the bench uses, from Linux's /proc (undefined elsewhere): its CPU time, to
 * give each command's cost in CPU rather than in a wall time the shared machine blurs, and its
 * resident memory.
 */

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  const split = userSystemSeconds(pid);
  return split && split.user + split.system;
}

/** The process's CPU seconds so far in user space and in the kernel (its system calls: socket writes, reads). */
export function userSystemSeconds(pid: number | undefined): { user: number; system: number } | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND }; // utime, stime
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a whole PostgreSQL server so far: the postmaster's own, its children's that have
 * exited (reaped: backends gone, parallel workers of an index build), and its live children's.
 * For a server the bench has to itself, where a backend's own CPU would miss the helpers it
 * starts and the backends that end.
 */
export function serverCpuSeconds(postmasterPid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${postmasterPid}/stat`, 'utf8').split(') ')[1].split(' ');
    let seconds = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const child = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
        if (Number(child[1]) === postmasterPid) seconds += (Number(child[11]) + Number(child[12])) / TICKS_PER_SECOND;
      } catch {
        // exited meanwhile: counted in the postmaster's children's time
      }
    }
    return seconds;
  } catch {
    return undefined;
  }
}

/** The parent of a process (a backend's is its server's postmaster). */
export function parentPid(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
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

/** CPU seconds so far of each part of the machine a load drives, and of the machine as a whole. */
export interface CpuSnapshot {
  byPart: Record<string, number>;
  /** Each backend of the bench's database by pid: one that ends between two snapshots takes its CPU with it. */
  backends: Map<number, number>;
  machine: number;
}

/**
 * Where a load's CPU goes, per part: the named processes, the PostgreSQL backends serving
 * `database` (their command line names it), the server's own processes (WAL writer,
 * checkpointer: shared with whatever else the server serves), Redis, this process (the load
 * generator), and the machine's total busy time (/proc/stat), so "other" shows what the parts
 * do not account for (other tenants of the machine, exited processes). Undefined off Linux.
 */
export function cpuSnapshot(pids: Record<string, number | undefined>, database: string): CpuSnapshot | undefined {
  try {
    const byPart: Record<string, number> = { postgres: 0, postgres_server: 0, redis: 0 };
    const backends = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const part = partOf(entry, database);
      if (!part) continue;
      const seconds = cpuSeconds(Number(entry)) ?? 0;
      byPart[part] += seconds;
      if (part === 'postgres') backends.set(Number(entry), seconds);
    }
    for (const [name, pid] of Object.entries(pids)) byPart[name] = cpuSeconds(pid) ?? 0;
    const self = process.cpuUsage();
    byPart.load = (self.user + self.system) / 1e6;
    return { byPart, backends, machine: machineBusySeconds() };
  } catch {
    return undefined;
  }
}

/**
 * Each part's CPU milliseconds per command between two snapshots, and "other". The bench
 * database's backends are counted by pid: the CPU of those alive at the end since the start (or
 * since they began). A backend that ended meanwhile (a pool closing an idle connection) is in
 * "other": taken from the sum, its CPU before the start made the figure negative.
 */
export function cpuPerCommand(before: CpuSnapshot, after: CpuSnapshot, commands: number): Record<string, number> {
  const perCommand: Record<string, number> = {};
  let accounted = 0;
  for (const [part, seconds] of Object.entries(after.byPart)) {
    const used =
      part === 'postgres'
        ? [...after.backends].reduce((sum, [pid, cpu]) => sum + cpu - (before.backends.get(pid) ?? 0), 0)
        : seconds - (before.byPart[part] ?? 0);
    accounted += used;
    perCommand[part] = Math.round((used * 1e5) / commands) / 100;
  }
  const machine = after.machine - before.machine;
  perCommand.other = Math.round(((machine - accounted) * 1e5) / commands) / 100;
  perCommand.machine = Math.round((machine * 1e5) / commands) / 100;
  return perCommand;
}

/** Which part a process is: a backend of the bench's database, a process of the server itself, Redis, or none. */
function partOf(pid: string, database: string): string | undefined {
  try {
    const command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (command === 'redis-server') return 'redis';
    if (command !== 'postgres') return undefined;
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (line.includes(` ${database} `)) return 'postgres';
    // The main server's own processes (`postgres: 15/main: walwriter`), not another cluster's backends.
    return /^postgres: [^:]+: [a-z ]+$/.test(line.trim()) ? 'postgres_server' : undefined;
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Busy CPU seconds of the whole machine: every CPU's time but idle and iowait. */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

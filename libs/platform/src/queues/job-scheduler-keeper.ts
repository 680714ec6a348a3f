import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type JobSchedulerTemplateOptions, Queue, type RepeatOptions } from 'bullmq';

/** One BullMQ job scheduler as its context declares it: what `Queue.upsertJobScheduler` takes. */
export interface JobSchedulerDefinition {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  template: { name: string; data?: unknown; opts?: JobSchedulerTemplateOptions };
}

/**
 * What a provider has for its job schedulers to be kept. Contexts may not import the platform, so
 * they implement it by shape (as Nest's lifecycle hooks are), and the keeper checks what it finds.
 */
export interface DeclaresJobSchedulers {
  jobSchedulers(): JobSchedulerDefinition[];
}

export interface JobSchedulerKeeperOptions {
  /** How often each scheduler is looked for in Redis (one or two reads per scheduler). */
  checkIntervalMs: number;
}

export const JOB_SCHEDULER_KEEPER_OPTIONS = Symbol('JOB_SCHEDULER_KEEPER_OPTIONS');

/** Job states from which a job still runs (the next run's job is 'active' while it adds its successor). */
const STILL_TO_RUN = new Set<string>(['delayed', 'waiting', 'prioritized', 'active', 'waiting-children']);

const declaresJobSchedulers = (instance: unknown): instance is DeclaresJobSchedulers =>
  typeof instance === 'object' && instance !== null && typeof (instance as Partial<DeclaresJobSchedulers>).jobSchedulers === 'function';

/**
 * Keeps every BullMQ job scheduler of the process (the daily settlement, the raffle sweep, ...)
 * in Redis. A scheduler lives only in Redis: keys deleted by hand, a flush or a Redis restart
 * without persistence would stop it until the next process start. So each one is upserted at
 * start (a changed definition replaces the stored one), and created again whenever it is found
 * missing, or without a next job still to run: every `checkIntervalMs`, and as soon as a queue's
 * connection is ready again after a reconnect. Upserting the same id is idempotent, so replicas
 * doing it at once still make one scheduler.
 *
 * A run that fell due while its scheduler was gone does not happen; the next one does. The
 * keeper logs the missed time when it knew it (the settlement has a staff command for a day).
 */
@Injectable()
export class JobSchedulerKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedulerKeeper.name);
  private schedulers: JobSchedulerDefinition[] = [];
  /** The next run each scheduler announced at the last look: what a loss made us miss. */
  private readonly nextRuns = new Map<JobSchedulerDefinition, number>();
  private readonly stopListening: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(JOB_SCHEDULER_KEEPER_OPTIONS) private readonly options: JobSchedulerKeeperOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.schedulers = this.declared();
    if (this.schedulers.length === 0) return;
    for (const scheduler of this.schedulers) await this.upsert(scheduler);
    await this.check(); // learns each next run, so that a later loss can say what it missed
    for (const queue of new Set(this.schedulers.map((scheduler) => scheduler.queue))) {
      const client = await queue.client;
      // 'ready' comes again after every reconnect: the Redis on the other side may be a new one.
      const onReady = () => void this.check();
      client.on('ready', onReady);
      this.stopListening.push(() => client.off('ready', onReady));
    }
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const stop of this.stopListening.splice(0)) stop();
  }

  /**
   * Creates again each scheduler that Redis lost. One look at a time: a look asked for while
   * another runs joins it (with Redis away, commands wait for the reconnect, which looks again).
   */
  private check(): Promise<void> {
    this.checking ??= this.recreateLost().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async recreateLost(): Promise<void> {
    for (const scheduler of this.schedulers) {
      if (this.stopped) return;
      const { id, queue } = scheduler;
      try {
        if (await this.isKept(scheduler)) continue;
        const missed = this.nextRuns.get(scheduler);
        await this.upsert(scheduler);
        const missedRun =
          missed !== undefined && missed <= Date.now() ? `; its run due at ${new Date(missed).toISOString()} may have been missed` : '';
        this.logger.warn(
          `job scheduler ${id} of queue ${queue.name} had lost itself or its next run in Redis and is created again${missedRun}`,
        );
      } catch (error) {
        if (!this.stopped)
          this.logger.error(`job scheduler ${id} of queue ${queue.name} could not be checked: ${(error as Error).message}`);
      }
    }
  }

  /**
   * The scheduler is stored and the job of its next run is still to run. A scheduler whose next
   * job is gone, or done without a successor (BullMQ adds it from the worker, which can fail),
   * never fires again.
   */
  private async isKept(scheduler: JobSchedulerDefinition): Promise<boolean> {
    const { queue, id } = scheduler;
    const stored = await queue.getJobScheduler(id);
    if (!stored?.next) return false;
    this.nextRuns.set(scheduler, stored.next);
    // BullMQ names the job of a scheduler's next run after the scheduler and the run's time.
    return STILL_TO_RUN.has(await queue.getJobState(`repeat:${id}:${stored.next}`));
  }

  /**
   * Makes the scheduler (again; the same id is idempotent). When Redis lost the scheduler's record
   * but kept the job of its next run (a partial loss), BullMQ refuses to make it again while that
   * job exists ("job ID already exists"), at every check and at the worker's start: that job is
   * removed first, and the scheduler, made again, queues the same run.
   */
  private async upsert({ queue, id, repeat, template }: JobSchedulerDefinition): Promise<void> {
    try {
      await queue.upsertJobScheduler(id, repeat, template);
    } catch (error) {
      if (!/job ID already exists/i.test((error as Error).message)) throw error;
      const orphans = (await queue.getJobs(['delayed', 'waiting', 'prioritized'])).filter((job) => job.id?.startsWith(`repeat:${id}:`));
      for (const job of orphans) await job.remove();
      await queue.upsertJobScheduler(id, repeat, template);
    }
  }

  private declared(): JobSchedulerDefinition[] {
    const definitions = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter(declaresJobSchedulers)
      .flatMap((provider) => provider.jobSchedulers());
    const seen = new Set<string>();
    for (const { queue, id } of definitions) {
      if (!(queue instanceof Queue)) throw new Error(`job scheduler ${id} is not declared on a BullMQ queue`);
      const key = `${queue.name}/${id}`;
      if (seen.has(key)) throw new Error(`job scheduler ${key} is declared twice`);
      seen.add(key);
    }
    return definitions;
  }
}

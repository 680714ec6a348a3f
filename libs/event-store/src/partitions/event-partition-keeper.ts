import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '../event-store';
import { sqlOn } from '../sql/sql';

/** How often a worker makes sure the partitions for the next positions exist. */
export const PARTITION_CHECK_MS = 60_000;

/**
 * Keeps the events table's partitions ahead of its positions (see the PartitionEvents
 * migration): each worker, on start and every minute, runs `ensure_event_partitions()`, which
 * creates the partitions the next `ahead` × `size` positions need and does nothing otherwise.
 * Workers running it at once take turns on its lock. With a lead of two partitions of ten
 * million positions, appends never meet a missing partition unless every worker is down for
 * that many events.
 */
@Injectable()
export class EventPartitionKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventPartitionKeeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number | undefined>;

  constructor(private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.ensure(), PARTITION_CHECK_MS);
    this.timer.unref();
    void this.ensure();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Creates the partitions that are due; how many it made (undefined when it failed, logged). */
  ensure(): Promise<number | undefined> {
    this.running ??= (async () => {
      try {
        const { rows } = await sqlOn(this.store.dataSource).query<{ made: number }>(`SELECT ensure_event_partitions() AS made`);
        const made = rows[0].made;
        if (made > 0) this.logger.log(`created ${made} events partition(s) ahead`);
        return made;
      } catch (error) {
        this.logger.warn(`could not create the events partitions ahead: ${(error as Error).message}`);
        return undefined;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}

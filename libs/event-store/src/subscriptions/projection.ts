import type { RecordedEvent } from '../events/event';
import type { Sql } from '../sql/sql';

/**
 * A read model kept up to date from the log. `apply` and the checkpoint commit in one
 * transaction, so each event takes effect exactly once, whatever crashes or retries.
 */
export interface Projection {
  /** Stable name: the checkpoint's key and the rebuild command's argument. */
  readonly name: string;
  /** The event types it reads; others are passed over (the checkpoint still moves on). */
  readonly eventTypes: readonly string[];
  /** Events per transaction; bigger batches rebuild faster, smaller ones hold locks shorter. Default 500. */
  readonly batchSize?: number;
  /** Applies a batch in order, inside the subscription's transaction. */
  apply(events: readonly RecordedEvent[], sql: Sql): Promise<void>;
  /** Empties the read model so it can be rebuilt from position 0. */
  reset(sql: Sql): Promise<void>;
}

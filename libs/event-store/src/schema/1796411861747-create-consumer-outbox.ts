import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reactors' outbox, and an index for consumers that read only their own event types.
 *
 * - `consumer_outbox`: a job a reactor asked for, written in its checkpoint's transaction.
 *   `sent_at` when the dispatcher put it on its queue; `done_at` once Redis said it completed.
 *   A row sent but not done whose job Redis no longer knows (flushed, failed over) is sent
 *   again: the job id makes that a no-op while Redis still has it.
 * - `events_by_type`: each consumer reads its types in the global order, so one that handles
 *   none of a million new events finds that out from the index instead of reading them.
 */
export class CreateConsumerOutbox1796411861747 implements MigrationInterface {
  name = 'CreateConsumerOutbox1796411861747';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE consumer_outbox (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer   text NOT NULL,
        queue      text NOT NULL,
        job_name   text NOT NULL,
        job_id     text NOT NULL,
        data       jsonb NOT NULL,
        options    jsonb NOT NULL DEFAULT '{}',
        caused_by  uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at    timestamptz,
        done_at    timestamptz,
        UNIQUE (queue, job_id)
      )`);
    await db.query(`CREATE INDEX consumer_outbox_unfinished ON consumer_outbox (id) WHERE done_at IS NULL`);
    await db.query(`CREATE INDEX events_by_type ON events (type, transaction_id, global_position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX events_by_type`);
    await db.query(`DROP TABLE consumer_outbox`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's unsent rows by their own index. The dispatcher reads the next unsent rows in id
 * order; through the unfinished-rows index it stepped over every row sent but not yet seen
 * completed (marked a few thousand every few seconds), which behind an import of a million
 * events (a send job each) grows to hundreds of thousands per read.
 */
export class OutboxUnsentIndex1796425100000 implements MigrationInterface {
  name = 'OutboxUnsentIndex1796425100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX consumer_outbox_unsent ON consumer_outbox (id) WHERE sent_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX consumer_outbox_unsent`);
  }
}

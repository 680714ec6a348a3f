import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rehearsal campaigns in the campaigns read model: the marker every answer carries and the
 * clock offset staff set. A deleted rehearsal's row is deleted (docs/rehearsal.md).
 */
export class CampaignRehearsals1796423167717 implements MigrationInterface {
  name = 'CampaignRehearsals1796423167717';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_views ADD COLUMN rehearsal_clock_offset_ms bigint`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_views DROP COLUMN rehearsal_clock_offset_ms`);
  }
}

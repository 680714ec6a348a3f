import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection `campaign-dashboard`: whether a campaign is a rehearsal, so figures over every
 * campaign (the gauges) leave rehearsals out. A deleted rehearsal's rows are deleted.
 */
export class RehearsalCampaignTargets1796424514775 implements MigrationInterface {
  name = 'RehearsalCampaignTargets1796424514775';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_targets ADD COLUMN rehearsal boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_targets DROP COLUMN rehearsal`);
  }
}

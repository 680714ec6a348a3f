import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `campaign_views.prepaid_terms`: the standard terms the campaign promises (validity, use after
 * its end, shop-closure compensation). Null for campaigns created before they existed: they read
 * as the defaults, as their state folds.
 */
export class CampaignViewsPrepaidTerms1796424284034 implements MigrationInterface {
  name = 'CampaignViewsPrepaidTerms1796424284034';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE campaign_views ADD COLUMN prepaid_terms jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE campaign_views DROP COLUMN prepaid_terms');
  }
}

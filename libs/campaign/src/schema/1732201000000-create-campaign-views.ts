import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaigns read model (projection `campaign-views`): one row per campaign, as staff
 * and citizens list and open them. Settings that travel together (bounds, raffle with its
 * rounds, target) are kept whole as jsonb, the way the events carry them.
 */
export class CreateCampaignViews1732201000000 implements MigrationInterface {
  name = 'CreateCampaignViews1732201000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign_views (
        campaign_id          uuid PRIMARY KEY,
        name                 text NOT NULL,
        region_kind          text NOT NULL,
        region_name          text NOT NULL,
        starts_on            date NOT NULL,
        ends_on              date NOT NULL,
        status               text NOT NULL,
        closed_on            date,
        bounds               jsonb NOT NULL,
        raffle               jsonb NOT NULL,
        participation_target jsonb NOT NULL,
        rounds_drawn         integer[] NOT NULL DEFAULT '{}',
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX campaign_views_by_start ON campaign_views (starts_on DESC, campaign_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE campaign_views`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisations read model (projection `organisation-views`): the organisations staff
 * registered and the participation agreements they signed, one per campaign.
 */
export class CreateOrganisationViews1732203000000 implements MigrationInterface {
  name = 'CreateOrganisationViews1732203000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation_views (
        organisation_id   uuid PRIMARY KEY,
        kind              text NOT NULL,
        name              text NOT NULL,
        representative_id text NOT NULL,
        registered_at     timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE participation_agreements (
        organisation_id uuid NOT NULL REFERENCES organisation_views (organisation_id) ON DELETE CASCADE,
        campaign_id     text NOT NULL,
        purposes        jsonb NOT NULL,
        planned_amount  bigint NOT NULL,
        signed_on       date NOT NULL,
        recorded_at     timestamptz NOT NULL,
        PRIMARY KEY (organisation_id, campaign_id)
      )`);
    await db.query(`CREATE INDEX participation_agreements_by_campaign ON participation_agreements (campaign_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE participation_agreements`);
    await db.query(`DROP TABLE organisation_views`);
  }
}

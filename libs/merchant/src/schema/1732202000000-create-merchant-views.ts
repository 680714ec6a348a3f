import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The merchants read model (projection `merchant-views`): one row per shop, for the public
 * shop list (approved only), the owner's own shops and staff review.
 */
export class CreateMerchantViews1732202000000 implements MigrationInterface {
  name = 'CreateMerchantViews1732202000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE merchant_views (
        merchant_id                  uuid PRIMARY KEY,
        owner_id                     text NOT NULL,
        name                         text NOT NULL,
        category                     text NOT NULL,
        district                     text NOT NULL,
        business_registration_number text NOT NULL,
        status                       text NOT NULL,
        status_reason                text,
        donation_pledge_basis_points smallint NOT NULL DEFAULT 0,
        registered_at                timestamptz NOT NULL,
        closed_on                    date,
        updated_at                   timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX merchant_views_listing ON merchant_views (status, category, district, name)`);
    await db.query(`CREATE INDEX merchant_views_by_owner ON merchant_views (owner_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE merchant_views`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts the "merchant settled" message needs: who runs the shop (the payout names only the
 * shop) and which Seoul day a settlement covered (the payout names only the settlement).
 */
export class AddSettlementFacts1732106100000 implements MigrationInterface {
  name = 'AddSettlementFacts1732106100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notification_merchant_names ADD COLUMN owner_id text`);
    await db.query(`
      CREATE TABLE notification_settlement_days (
        settlement_id text PRIMARY KEY,
        day           date NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_settlement_days`);
    await db.query(`ALTER TABLE notification_merchant_names DROP COLUMN owner_id`);
  }
}

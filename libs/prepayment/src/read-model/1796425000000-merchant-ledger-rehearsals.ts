import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection `merchant-ledger`: a rehearsal's sales are kept out of a shop's figures.
 *   - `merchant_ledger_rehearsals`: the rehearsal campaigns, from the campaign events.
 *   - `merchant_ledger_rehearsal_prepayments`: each rehearsal prepayment (its redemptions and
 *     refunds carry no campaign), so they are left out too. Both go with a deleted rehearsal.
 * Figures counted before this change are dropped by rebuilding the projection (docs/rehearsal.md).
 */
export class MerchantLedgerRehearsals1796425000000 implements MigrationInterface {
  name = 'MerchantLedgerRehearsals1796425000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE merchant_ledger_rehearsals (campaign_id text PRIMARY KEY)`);
    await db.query(`
      CREATE TABLE merchant_ledger_rehearsal_prepayments (
        prepayment_id text PRIMARY KEY,
        campaign_id   text NOT NULL
      )`);
    await db.query(`CREATE INDEX merchant_ledger_rehearsal_prepayments_by_campaign ON merchant_ledger_rehearsal_prepayments (campaign_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE merchant_ledger_rehearsal_prepayments`);
    await db.query(`DROP TABLE merchant_ledger_rehearsals`);
  }
}

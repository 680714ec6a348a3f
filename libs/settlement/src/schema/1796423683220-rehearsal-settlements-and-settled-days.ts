import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projection `settlement-ledger`:
 *   - rehearsal campaigns' prepayments, items and settlements carry the rehearsal's id
 *     (`rehearsal_campaign_id`, null for every real one), so the real run, the real statements
 *     and the payouts never see them; a shop may have a real and a rehearsal settlement of one day.
 *   - `settlement_rehearsals`: the rehearsal campaigns, from the campaign events.
 *   - `settlement_days`: each day a run has settled (real: `rehearsal_campaign_id` '' ), so a
 *     run after an outage knows which days to catch up.
 */
export class RehearsalSettlementsAndSettledDays1796423683220 implements MigrationInterface {
  name = 'RehearsalSettlementsAndSettledDays1796423683220';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE settlement_rehearsals (campaign_id text PRIMARY KEY)`);
    for (const table of ['settlement_prepayments', 'settlement_items', 'settlements']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN rehearsal_campaign_id text`);
    }
    await db.query(`ALTER TABLE settlements DROP CONSTRAINT settlements_merchant_id_day_key`);
    await db.query(`CREATE UNIQUE INDEX settlements_real_by_day ON settlements (merchant_id, day) WHERE rehearsal_campaign_id IS NULL`);
    await db.query(
      `CREATE UNIQUE INDEX settlements_rehearsal_by_day ON settlements (rehearsal_campaign_id, merchant_id, day) WHERE rehearsal_campaign_id IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE settlement_days (
        rehearsal_campaign_id text NOT NULL,
        day                   date NOT NULL,
        settlements           integer NOT NULL,
        ran_at                timestamptz NOT NULL,
        PRIMARY KEY (rehearsal_campaign_id, day)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE settlement_days`);
    await db.query(`DROP INDEX settlements_rehearsal_by_day`);
    await db.query(`DROP INDEX settlements_real_by_day`);
    await db.query(`ALTER TABLE settlements ADD CONSTRAINT settlements_merchant_id_day_key UNIQUE (merchant_id, day)`);
    for (const table of ['settlement_prepayments', 'settlement_items', 'settlements']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN rehearsal_campaign_id`);
    }
    await db.query(`DROP TABLE settlement_rehearsals`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tax receipts (issue 16), projection `donation-ledger`:
 *   - `donation_receipts` gains what a tax receipt fixed when issued (the person, the sealed tax
 *     identity and masked number, the type code, the recipient as printed) and its life since
 *     (reissued, cancelled): the events say it, the row shows the latest.
 *   - `donation_person_accounts`: which accounts are one verified person, from IdentityVerified.
 */
export class TaxReceipts1796423238968 implements MigrationInterface {
  name = 'TaxReceipts1796423238968';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE donation_receipts
        ADD COLUMN person_key      text,
        ADD COLUMN sealed_identity text,
        ADD COLUMN masked_rrn      text,
        ADD COLUMN type_code       text,
        ADD COLUMN recipient       jsonb,
        ADD COLUMN status          text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'cancelled')),
        ADD COLUMN reissued_on     date,
        ADD COLUMN reissue_count   integer NOT NULL DEFAULT 0,
        ADD COLUMN cancelled_at    timestamptz,
        ADD COLUMN cancel_reason   text`);
    await db.query(`CREATE INDEX donation_receipts_tax_by_year ON donation_receipts (year, number) WHERE person_key IS NOT NULL`);
    await db.query(`
      CREATE TABLE donation_person_accounts (
        user_id   text PRIMARY KEY,
        person_id text NOT NULL
      )`);
    await db.query(`CREATE INDEX donation_person_accounts_by_person ON donation_person_accounts (person_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE donation_person_accounts`);
    await db.query(`DROP INDEX donation_receipts_tax_by_year`);
    for (const column of [
      'person_key',
      'sealed_identity',
      'masked_rrn',
      'type_code',
      'recipient',
      'status',
      'reissued_on',
      'reissue_count',
      'cancelled_at',
      'cancel_reason',
    ])
      await db.query(`ALTER TABLE donation_receipts DROP COLUMN ${column}`);
  }
}

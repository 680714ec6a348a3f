import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recording account-holder check's book (development and tests; not a read model): the
 * answers set for accounts (`holder_name` null: no such account) and every inquiry made.
 */
export class CreateRecordedAccountHolders1796412109006 implements MigrationInterface {
  name = 'CreateRecordedAccountHolders1796412109006';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payout_recorded_holders (
        bank_code      text NOT NULL,
        account_number text NOT NULL,
        holder_name    text,
        PRIMARY KEY (bank_code, account_number)
      )`);
    await db.query(`
      CREATE TABLE payout_recorded_holder_inquiries (
        id             bigserial PRIMARY KEY,
        bank_code      text NOT NULL,
        account_number text NOT NULL,
        asked_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payout_recorded_holder_inquiries`);
    await db.query(`DROP TABLE payout_recorded_holders`);
  }
}

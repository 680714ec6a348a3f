import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cashback gifts decided against the card issuer's imported figures (issue 16), projection
 * `donation-ledger`: `cashback_reports` holds each gift reported while its card's figure was
 * not in yet (pending), and what the figure decided (donated, refused). Given gifts are in
 * `donations` as before; a pending or refused one never is, so no sum counts it.
 */
export class CashbackReports1796424318327 implements MigrationInterface {
  name = 'CashbackReports1796424318327';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cashback_reports (
        donation_id    uuid PRIMARY KEY,
        donor_id       text NOT NULL,
        amount         bigint NOT NULL CHECK (amount > 0),
        cashback_month text NOT NULL,
        card_last4     text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
        status         text NOT NULL CHECK (status IN ('pending', 'donated', 'refused')),
        reported_at    timestamptz NOT NULL,
        decided_at     timestamptz
      )`);
    await db.query(`CREATE INDEX cashback_reports_by_donor ON cashback_reports (donor_id, reported_at)`);
    await db.query(`CREATE INDEX cashback_reports_pending ON cashback_reports (reported_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE cashback_reports`);
  }
}

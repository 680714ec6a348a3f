import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prepaid-certificate terms' own tables (libs/prepayment/src/terms):
 *   - `prepayment_expiry_watch` (projection prepayment-expiry-watch): each prepayment's last
 *     usable day, until it is refunded, so the daily expiry sweep finds the ones to tell;
 *   - `prepaid_terms_holdings` (process manager prepaid-terms): which prepayments a shop's
 *     closure or a campaign's end concerns, written in the process manager's own checkpoint
 *     transaction so it has seen every prepayment made before the closing event;
 *   - `prepaid_terms_campaigns` (the same): each campaign's last day, and whether its holders
 *     were offered the end-of-campaign choice, so the daily sweep offers it for a campaign that
 *     ran past its last day without being closed.
 */
export class PrepaidTermsTables1796423004839 implements MigrationInterface {
  name = 'PrepaidTermsTables1796423004839';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE prepayment_expiry_watch (
        prepayment_id text PRIMARY KEY,
        expires_on    date NOT NULL
      )`);
    await db.query('CREATE INDEX prepayment_expiry_watch_by_day ON prepayment_expiry_watch (expires_on)');
    await db.query(`
      CREATE TABLE prepaid_terms_holdings (
        prepayment_id text PRIMARY KEY,
        merchant_id   text NOT NULL,
        campaign_id   text NOT NULL
      )`);
    await db.query('CREATE INDEX prepaid_terms_holdings_by_merchant ON prepaid_terms_holdings (merchant_id)');
    await db.query('CREATE INDEX prepaid_terms_holdings_by_campaign ON prepaid_terms_holdings (campaign_id)');
    await db.query(`
      CREATE TABLE prepaid_terms_campaigns (
        campaign_id text PRIMARY KEY,
        ends_on     date NOT NULL,
        offered     boolean NOT NULL DEFAULT false
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE prepaid_terms_campaigns');
    await db.query('DROP TABLE prepaid_terms_holdings');
    await db.query('DROP TABLE prepayment_expiry_watch');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The donation context's read model, projection `donation-ledger` (its `reset` empties these):
 *   - `donation_merchants`: each shop's public name and owner (who may read its receipts),
 *     from the merchant events.
 *   - `donations`: every donation, citizen cashback or merchant pledge; `receipt_id` is set when
 *     a receipt claims it.
 *   - `donation_receipts`: every receipt, unique by (year, number), with its items.
 *   - `community_chest_entries`: the chest's book, credits and disbursements in log order.
 */
export class CreateDonationLedger1732107000000 implements MigrationInterface {
  name = 'CreateDonationLedger1732107000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE donation_merchants (
        merchant_id text PRIMARY KEY,
        owner_id    text NOT NULL,
        name        text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE donations (
        donation_id    uuid PRIMARY KEY,
        donor_type     text NOT NULL CHECK (donor_type IN ('citizen', 'merchant')),
        donor_id       text NOT NULL,
        source         text NOT NULL CHECK (source IN ('cashback', 'pledge')),
        amount         bigint NOT NULL CHECK (amount > 0),
        donated_at     timestamptz NOT NULL,
        donated_on     date NOT NULL,
        cashback_month text,
        card_last4     text CHECK (card_last4 ~ '^[0-9]{4}$'),
        settlement_id  uuid UNIQUE,
        receipt_id     uuid
      )`);
    await db.query(`CREATE INDEX donations_by_donor ON donations (donor_type, donor_id, donated_at)`);
    await db.query(`CREATE INDEX donations_unreceipted ON donations (donated_on) WHERE receipt_id IS NULL`);
    await db.query(`CREATE INDEX donations_by_day ON donations (donated_on)`);
    await db.query(`
      CREATE TABLE donation_receipts (
        receipt_id uuid PRIMARY KEY,
        year       integer NOT NULL,
        number     integer NOT NULL CHECK (number > 0),
        donor_type text NOT NULL,
        donor_id   text NOT NULL,
        donor_name text NOT NULL,
        total      bigint NOT NULL CHECK (total > 0),
        items      jsonb NOT NULL,
        issued_at  timestamptz NOT NULL,
        issued_on  date NOT NULL,
        UNIQUE (year, number)
      )`);
    await db.query(`CREATE INDEX donation_receipts_by_donor ON donation_receipts (donor_type, donor_id, year)`);
    await db.query(`
      CREATE TABLE community_chest_entries (
        entry_id    uuid PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('credit', 'disbursement')),
        source      text CHECK (source IN ('cashback', 'pledge')),
        donor_type  text,
        project     text,
        amount      bigint NOT NULL CHECK (amount > 0),
        occurred_at timestamptz NOT NULL,
        position    bigint NOT NULL UNIQUE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['community_chest_entries', 'donation_receipts', 'donations', 'donation_merchants'])
      await db.query(`DROP TABLE ${table}`);
  }
}

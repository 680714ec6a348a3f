import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prepayment context's read models, each owned by exactly one projection (its `reset`
 * empties exactly these tables):
 *
 * prepayment-balances
 *   - `prepayment_balances`: one row per prepayment. `balance` and `status` are generated from
 *     the amounts, so they can never disagree with them (as `settle` in prepayment/state.ts).
 *   - `prepayment_redemptions`: every redemption, with its Seoul day and cancellation.
 * merchant-ledger
 *   - `merchant_ledger_days`: per merchant per Seoul day, what was prepaid, redeemed (net of
 *     cancellations, on the redemption's own day) and refunded.
 *   - `merchant_ledger_redemptions`: the ledger's own note of each redemption's day and amount,
 *     so a cancellation is taken off the day the redemption counted on.
 *   - `merchant_ledger_merchants`: name, category, district and status from the merchant events.
 * campaign-dashboard
 *   - `campaign_targets`: name, dates and participation target from the campaign events.
 *   - `campaign_participants`: one row per (campaign, payer): distinct participants by kind.
 *   - `campaign_prepayments`: each prepayment's campaign, category and district, so a
 *     redemption or refund (which carry none of these) lands in the right breakdown rows.
 *   - `campaign_breakdown`: per campaign, per merchant category and per district: count,
 *     amount brought forward, redeemed, refunded. The campaign's totals are the sum over its
 *     category rows: one source for each number.
 *
 * Money is bigint (whole won). CHECK constraints turn an impossible state (a negative balance,
 * more redeemed than paid, a cancellation of nothing) into a failed batch: the projection stops
 * loudly at the event that caused it instead of serving a wrong number.
 */
export class CreatePrepaymentReadModel1732103000000 implements MigrationInterface {
  name = 'CreatePrepaymentReadModel1732103000000';

  async up(db: QueryRunner): Promise<void> {
    // prepayment-balances
    await db.query(`
      CREATE TABLE prepayment_balances (
        prepayment_id       text PRIMARY KEY,
        code                text NOT NULL UNIQUE,
        payer_id            text NOT NULL,
        payer_kind          text NOT NULL CHECK (payer_kind IN ('citizen', 'organisation')),
        merchant_id         text NOT NULL,
        campaign_id         text NOT NULL,
        merchant_category   text NOT NULL,
        merchant_district   text NOT NULL,
        channel             text NOT NULL CHECK (channel IN ('at_shop', 'platform')),
        amount              bigint NOT NULL CHECK (amount > 0),
        redeemed            bigint NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
        refunded            bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
        balance             bigint GENERATED ALWAYS AS (amount - redeemed - refunded) STORED,
        refund_basis        text,
        refund_requested_at timestamptz,
        refunded_at         timestamptz,
        status              text GENERATED ALWAYS AS (
                              CASE WHEN refunded > 0 THEN 'refunded'
                                   WHEN refund_requested_at IS NOT NULL THEN 'refund_requested'
                                   WHEN amount - redeemed - refunded = 0 THEN 'exhausted'
                                   ELSE 'active' END) STORED,
        paid_at             timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        CONSTRAINT prepayment_balance_not_negative CHECK (amount - redeemed - refunded >= 0),
        CONSTRAINT prepayment_refund_takes_whole_balance CHECK (refunded = 0 OR amount - redeemed - refunded = 0),
        CONSTRAINT prepayment_refunded_when_refunded CHECK ((refunded > 0) = (refunded_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX prepayment_balances_payer ON prepayment_balances (payer_id, paid_at DESC)`);
    await db.query(`CREATE INDEX prepayment_balances_merchant ON prepayment_balances (merchant_id) INCLUDE (balance)`);
    await db.query(`CREATE INDEX prepayment_balances_campaign ON prepayment_balances (campaign_id)`);
    await db.query(`
      CREATE TABLE prepayment_redemptions (
        prepayment_id text NOT NULL REFERENCES prepayment_balances (prepayment_id),
        redemption_id text NOT NULL,
        merchant_id   text NOT NULL,
        amount        bigint NOT NULL CHECK (amount > 0),
        redeemed_at   timestamptz NOT NULL,
        seoul_day     date NOT NULL,
        cancelled_at  timestamptz,
        PRIMARY KEY (prepayment_id, redemption_id)
      )`);
    await db.query(`CREATE INDEX prepayment_redemptions_merchant_day ON prepayment_redemptions (merchant_id, seoul_day)`);

    // merchant-ledger
    await db.query(`
      CREATE TABLE merchant_ledger_days (
        merchant_id      text NOT NULL,
        day              date NOT NULL,
        prepaid_amount   bigint NOT NULL DEFAULT 0 CHECK (prepaid_amount >= 0),
        prepaid_count    integer NOT NULL DEFAULT 0 CHECK (prepaid_count >= 0),
        redeemed_amount  bigint NOT NULL DEFAULT 0 CHECK (redeemed_amount >= 0),
        redemption_count integer NOT NULL DEFAULT 0 CHECK (redemption_count >= 0),
        refunded_amount  bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        refund_count     integer NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
        PRIMARY KEY (merchant_id, day)
      )`);
    await db.query(`
      CREATE TABLE merchant_ledger_redemptions (
        prepayment_id text NOT NULL,
        redemption_id text NOT NULL,
        merchant_id   text NOT NULL,
        day           date NOT NULL,
        amount        bigint NOT NULL CHECK (amount > 0),
        cancelled     boolean NOT NULL DEFAULT false,
        PRIMARY KEY (prepayment_id, redemption_id)
      )`);
    await db.query(`
      CREATE TABLE merchant_ledger_merchants (
        merchant_id   text PRIMARY KEY,
        owner_id      text NOT NULL,
        name          text NOT NULL,
        category      text NOT NULL,
        district      text NOT NULL,
        status        text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended', 'closed')),
        donation_pledge_basis_points integer NOT NULL DEFAULT 0 CHECK (donation_pledge_basis_points >= 0),
        registered_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);

    // campaign-dashboard
    await db.query(`
      CREATE TABLE campaign_targets (
        campaign_id         text PRIMARY KEY,
        name                text NOT NULL,
        starts_on           date NOT NULL,
        ends_on             date NOT NULL,
        closed_on           date,
        target_participants bigint NOT NULL CHECK (target_participants >= 0),
        target_amount       bigint NOT NULL CHECK (target_amount >= 0),
        updated_at          timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE campaign_participants (
        campaign_id    text NOT NULL,
        payer_kind     text NOT NULL CHECK (payer_kind IN ('citizen', 'organisation')),
        payer_id       text NOT NULL,
        first_paid_at  timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, payer_kind, payer_id)
      )`);
    await db.query(`
      CREATE TABLE campaign_prepayments (
        prepayment_id     text PRIMARY KEY,
        campaign_id       text NOT NULL,
        merchant_category text NOT NULL,
        merchant_district text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE campaign_breakdown (
        campaign_id      text NOT NULL,
        dimension        text NOT NULL CHECK (dimension IN ('category', 'district')),
        key              text NOT NULL,
        prepayment_count integer NOT NULL DEFAULT 0 CHECK (prepayment_count >= 0),
        prepaid_amount   bigint NOT NULL DEFAULT 0 CHECK (prepaid_amount >= 0),
        redeemed_amount  bigint NOT NULL DEFAULT 0 CHECK (redeemed_amount >= 0),
        refunded_amount  bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        PRIMARY KEY (campaign_id, dimension, key),
        CONSTRAINT campaign_breakdown_within_prepaid CHECK (redeemed_amount + refunded_amount <= prepaid_amount)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'campaign_breakdown',
      'campaign_prepayments',
      'campaign_participants',
      'campaign_targets',
      'merchant_ledger_merchants',
      'merchant_ledger_redemptions',
      'merchant_ledger_days',
      'prepayment_redemptions',
      'prepayment_balances',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

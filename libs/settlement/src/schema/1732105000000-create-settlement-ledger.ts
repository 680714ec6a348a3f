import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The settlement context's tables.
 *
 * Projection `settlement-ledger` (its `reset` empties exactly these):
 *   - `settlement_merchants`: owner (who may read the statements), public name and the
 *     donation-angel pledge in force, from the merchant events.
 *   - `settlement_prepayments`: each prepayment's shop and channel, so a refund (which carries
 *     no channel) is known to be the platform's to take off, or the shop's own affair.
 *   - `settlement_items`: every platform-collected prepayment and every refund of one, with its
 *     Seoul day; `settlement_id` is set when a SettlementClosed claims it. Unsettled items are
 *     what the daily run offers to each shop's settlement stream.
 *   - `settlements`: one row per SettlementClosed.
 *   - `payouts`: each settlement's payout and its status.
 *
 * The built-in bank adapter's own book (not a read model: the "bank"):
 *   - `payout_transfers`: each transfer, unique by its idempotency reference (the settlement
 *     id), so a retry after a crash can never transfer twice.
 *   - `payout_adapter_failures`: how many next transfers to a shop must fail (demos, tests).
 */
export class CreateSettlementLedger1732105000000 implements MigrationInterface {
  name = 'CreateSettlementLedger1732105000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE settlement_merchants (
        merchant_id         text PRIMARY KEY,
        owner_id            text NOT NULL,
        name                text NOT NULL,
        pledge_basis_points smallint NOT NULL DEFAULT 0 CHECK (pledge_basis_points BETWEEN 0 AND 10000)
      )`);
    await db.query(`
      CREATE TABLE settlement_prepayments (
        prepayment_id text PRIMARY KEY,
        merchant_id   text NOT NULL,
        channel       text NOT NULL CHECK (channel IN ('at_shop', 'platform'))
      )`);
    await db.query(`
      CREATE TABLE settlement_items (
        item_id             text PRIMARY KEY,
        merchant_id         text NOT NULL,
        kind                text NOT NULL CHECK (kind IN ('collected', 'refunded')),
        prepayment_id       text NOT NULL,
        amount              bigint NOT NULL CHECK (amount > 0),
        occurred_at         timestamptz NOT NULL,
        day                 date NOT NULL,
        pledge_basis_points smallint NOT NULL CHECK (pledge_basis_points BETWEEN 0 AND 10000),
        settlement_id       uuid
      )`);
    await db.query(`CREATE INDEX settlement_items_unsettled ON settlement_items (day, merchant_id) WHERE settlement_id IS NULL`);
    await db.query(`CREATE INDEX settlement_items_by_settlement ON settlement_items (settlement_id)`);
    await db.query(`
      CREATE TABLE settlements (
        settlement_id    uuid PRIMARY KEY,
        merchant_id      text NOT NULL,
        day              date NOT NULL,
        item_count       integer NOT NULL,
        collected        bigint NOT NULL CHECK (collected >= 0),
        refunded         bigint NOT NULL CHECK (refunded >= 0),
        fee_basis_points integer NOT NULL,
        fee              bigint NOT NULL CHECK (fee >= 0),
        pledge           bigint NOT NULL CHECK (pledge >= 0),
        carried_in       bigint NOT NULL CHECK (carried_in >= 0),
        payout           bigint NOT NULL CHECK (payout >= 0),
        carried_out      bigint NOT NULL CHECK (carried_out >= 0),
        closed_at        timestamptz NOT NULL,
        UNIQUE (merchant_id, day)
      )`);
    await db.query(`CREATE INDEX settlements_by_day ON settlements (day)`);
    await db.query(`
      CREATE TABLE payouts (
        settlement_id   uuid PRIMARY KEY,
        merchant_id     text NOT NULL,
        amount          bigint NOT NULL CHECK (amount > 0),
        status          text NOT NULL CHECK (status IN ('scheduled', 'failed', 'retried', 'paid')),
        round           integer NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        last_error      text,
        transfer_id     text,
        scheduled_at    timestamptz NOT NULL,
        paid_at         timestamptz,
        updated_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX payouts_by_status ON payouts (status)`);
    await db.query(`
      CREATE TABLE payout_transfers (
        reference      text PRIMARY KEY,
        transfer_id    uuid NOT NULL UNIQUE,
        merchant_id    text NOT NULL,
        amount         bigint NOT NULL CHECK (amount > 0),
        transferred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE payout_adapter_failures (
        merchant_id text PRIMARY KEY,
        remaining   integer NOT NULL CHECK (remaining >= 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'payout_adapter_failures',
      'payout_transfers',
      'payouts',
      'settlements',
      'settlement_items',
      'settlement_prepayments',
      'settlement_merchants',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

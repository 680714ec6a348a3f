import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * prepayment-balances, for orders awaiting their payment's confirmation and for prepayments at
 * the shop that count for nobody until claimed:
 *   - `prepayment_orders`: every platform order as ordered (PrepaymentOrdered), with when it was
 *     cancelled (PrepaymentOrderCancelled). One awaits its payment while it has no row in
 *     `prepayment_balances`: the confirmation (PrepaymentMade) adds that row, so the balances,
 *     the liability and the invariant check only ever hold paid prepayments.
 *   - `prepayment_balances.payer_id`/`payer_kind` are null while a prepayment at the shop is
 *     unclaimed (PrepaymentClaimed fills them): it is in nobody's wallet.
 */
export class PrepaymentOrdersAndClaims1732103000001 implements MigrationInterface {
  name = 'PrepaymentOrdersAndClaims1732103000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE prepayment_balances ALTER COLUMN payer_id DROP NOT NULL, ALTER COLUMN payer_kind DROP NOT NULL`);
    await db.query(
      `ALTER TABLE prepayment_balances ADD CONSTRAINT prepayment_payer_whole CHECK ((payer_id IS NULL) = (payer_kind IS NULL))`,
    );
    await db.query(`
      CREATE TABLE prepayment_orders (
        prepayment_id      text PRIMARY KEY,
        code               text NOT NULL UNIQUE,
        payer_id           text NOT NULL,
        payer_kind         text NOT NULL CHECK (payer_kind IN ('citizen', 'organisation')),
        merchant_id        text NOT NULL,
        campaign_id        text NOT NULL,
        merchant_category  text NOT NULL,
        merchant_district  text NOT NULL,
        amount             bigint NOT NULL CHECK (amount > 0),
        provider           text NOT NULL,
        external_reference text NOT NULL,
        paid_at            timestamptz NOT NULL,
        cancelled_at       timestamptz
      )`);
    await db.query(`CREATE INDEX prepayment_orders_payer ON prepayment_orders (payer_id, paid_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE prepayment_orders`);
    await db.query(`ALTER TABLE prepayment_balances DROP CONSTRAINT prepayment_payer_whole`);
  }
}

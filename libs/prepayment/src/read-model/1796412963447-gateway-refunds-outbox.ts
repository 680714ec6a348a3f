import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `gateway_refunds`: the outbox of refunds to return through the payment gateway. The
 * gateway-refunds reactor inserts a row per approved refund (PrepaymentRefunded) in its
 * checkpoint's transaction and marks it returned on RefundCancelledAtGateway; the worker's
 * dispatcher hands pending rows to the `gateway-refunds` queue (never a job added after a
 * command's commit). `enqueued_at` spares Redis a job per tick; a row is queued again later,
 * which repairs jobs lost with Redis.
 */
export class GatewayRefundsOutbox1796412963447 implements MigrationInterface {
  name = 'GatewayRefundsOutbox1796412963447';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE gateway_refunds (
        prepayment_id  text PRIMARY KEY,
        correlation_id text NOT NULL,
        status         text NOT NULL CHECK (status IN ('pending', 'returned', 'not_through_gateway')),
        refunded_at    timestamptz NOT NULL,
        enqueued_at    timestamptz,
        returned_at    timestamptz
      )`);
    await db.query(`CREATE INDEX gateway_refunds_pending ON gateway_refunds (refunded_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE gateway_refunds`);
  }
}

import { applyEach, asEvent, type Projection, type RecordedEvent, type Sql } from '@goodpay/event-store';

/** The outbox the reactor writes (for dumps and checks). */
export const GATEWAY_REFUNDS_TABLES = ['gateway_refunds'] as const;
import type { PrepaymentRefunded, RefundCancelledAtGateway } from '../../prepayment/events';

export const GATEWAY_REFUNDS_REACTOR = 'gateway-refunds';

/**
 * Reacts to approved refunds: each PrepaymentRefunded becomes a pending row of the
 * `gateway_refunds` outbox, in the same transaction as the reactor's checkpoint, so each refund
 * is queued for its gateway exactly once in effect; RefundCancelledAtGateway marks it returned.
 * A rebuild replays both and finds the rows, so nothing is queued again; and the job itself
 * decides on the prepayment's stream, so even a repeated job returns nothing twice.
 */
export class GatewayRefundsReactor implements Projection {
  readonly name = GATEWAY_REFUNDS_REACTOR;
  readonly eventTypes = ['PrepaymentRefunded', 'RefundCancelledAtGateway'];

  async apply(events: readonly RecordedEvent[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, async (event) => {
      if (event.type === 'PrepaymentRefunded') {
        const { data } = asEvent<PrepaymentRefunded>(event);
        await sql.query(
          `INSERT INTO gateway_refunds (prepayment_id, correlation_id, status, refunded_at)
           VALUES ($1, $2, 'pending', $3) ON CONFLICT (prepayment_id) DO NOTHING`,
          [data.prepaymentId, event.metadata.correlationId, data.refundedAt],
        );
      } else {
        const { data } = asEvent<RefundCancelledAtGateway>(event);
        await sql.query(`UPDATE gateway_refunds SET status = 'returned', returned_at = $2 WHERE prepayment_id = $1`, [
          data.prepaymentId,
          data.cancelledAt,
        ]);
      }
    });
  }

  /**
   * Empties nothing: the outbox is not a read model to throw away. A replay from position 0 finds
   * each refund's row (ON CONFLICT DO NOTHING) and marks returned ones again, so a rebuild equals
   * the live table and queues nothing anew.
   */
  async reset(): Promise<void> {}
}

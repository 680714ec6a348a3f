import { projectionOf } from '@goodpay/event-store';
import type { PrepaymentEvent } from '../prepayment/events';

export const PREPAYMENT_EXPIRY_WATCH = 'prepayment-expiry-watch';

/**
 * Each prepayment's last usable day (stamped when paid), until it is refunded: where the daily
 * expiry sweep looks for the holders to tell. The decision itself (which notice, whether any)
 * is the prepayment's own (expiry.ts), so a row that is already used up just decides nothing.
 */
export const expiryWatchProjection = () =>
  projectionOf<PrepaymentEvent>()({
    name: PREPAYMENT_EXPIRY_WATCH,
    eventTypes: ['PrepaymentMade', 'PrepaymentRefunded'],
    // A batch in two statements, not one per event. A prepayment is made once and refunded after,
    // so a refund in the batch leaves no row whatever came before it: its watch is deleted, and
    // only those made and not refunded in the batch are inserted.
    async apply(events, sql) {
      const refunded = new Set<string>();
      const made = new Map<string, string>();
      for (const event of events) {
        if (event.type === 'PrepaymentRefunded') refunded.add(event.data.prepaymentId);
        else if (event.data.expiresOn !== undefined) made.set(event.data.prepaymentId, event.data.expiresOn);
      }
      for (const prepaymentId of refunded) made.delete(prepaymentId);
      if (made.size > 0) {
        await sql.query(
          `INSERT INTO prepayment_expiry_watch (prepayment_id, expires_on)
           SELECT * FROM unnest($1::text[], $2::date[]) ON CONFLICT (prepayment_id) DO NOTHING`,
          [[...made.keys()], [...made.values()]],
        );
      }
      if (refunded.size > 0) {
        await sql.query('DELETE FROM prepayment_expiry_watch WHERE prepayment_id = ANY($1::text[])', [[...refunded]]);
      }
    },
    tables: ['prepayment_expiry_watch'],
  });

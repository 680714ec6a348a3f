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
    async apply(events, sql) {
      for (const event of events) {
        if (event.type === 'PrepaymentMade') {
          if (event.data.expiresOn === undefined) continue;
          await sql.query(
            `INSERT INTO prepayment_expiry_watch (prepayment_id, expires_on) VALUES ($1, $2) ON CONFLICT (prepayment_id) DO NOTHING`,
            [event.data.prepaymentId, event.data.expiresOn],
          );
        } else {
          await sql.query('DELETE FROM prepayment_expiry_watch WHERE prepayment_id = $1', [event.data.prepaymentId]);
        }
      }
    },
    tables: ['prepayment_expiry_watch'],
  });

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, seoulDate } from '@goodpay/shared';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { Clock, SYSTEM_ACTOR } from '@goodpay/shared';
import { EXPIRY_NOTICE_DAYS } from '../../prepayment/expiry';
import { onPrepayment } from '../../prepayment/handlers/prepayment-command';

export interface ExpirySweepResult {
  /** Prepayments whose expiry is within the notice window. */
  examined: number;
  /** Notices recorded now (each becomes one message to its payer through the notification planner). */
  noticed: number;
  failed: number;
}

/**
 * The daily sweep: every prepayment whose last usable day is within the notice window is asked
 * (AnnounceExpiry, as the system) whether a notice is due today; the prepayment's own decision
 * (expiry.ts) records each notice at most once, so a doubled, retried or late sweep never tells
 * anyone twice, and a sweep after an outage sends the latest notice due. One prepayment failing
 * does not hold up the others; the job fails at the end so it is retried and seen.
 */
@Injectable()
export class ExpirySweep {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async sweep(correlationId: string): Promise<ExpirySweepResult> {
    const now = this.clock.now().toISOString();
    const today = seoulDate(now);
    const { rows } = await this.sql.query<{ prepayment_id: string }>(
      `SELECT prepayment_id FROM prepayment_expiry_watch WHERE expires_on BETWEEN $1::date AND $2::date ORDER BY expires_on, prepayment_id`,
      [today, addDays(today, Math.max(...EXPIRY_NOTICE_DAYS))],
    );
    let noticed = 0;
    const failures: string[] = [];
    for (const { prepayment_id: prepaymentId } of rows) {
      try {
        const result = await onPrepayment(
          this.store,
          { actor: SYSTEM_ACTOR, correlationId },
          prepaymentId,
          () => ({ type: 'AnnounceExpiry', actor: SYSTEM_ACTOR, prepaymentId, now }),
          () => ({ prepaymentId }),
        );
        if (result.position !== '0') noticed += 1;
      } catch (error) {
        failures.push(`${prepaymentId}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`expiry sweep failed for ${failures.length} prepayment(s): ${failures.slice(0, 10).join('; ')}`);
    return { examined: rows.length, noticed, failed: failures.length };
  }
}

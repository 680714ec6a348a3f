import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignClocks } from '@goodpay/campaign';
import { addDays, type CalendarDate, seoulDate } from '@goodpay/shared';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { SYSTEM_ACTOR } from '@goodpay/shared';
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
 *
 * Each prepayment is asked on its campaign's clock: a rehearsal's notices fall due on its own
 * days, so its prepayments are looked for within its own window as well as the real one.
 */
@Injectable()
export class ExpirySweep {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async sweep(correlationId: string): Promise<ExpirySweepResult> {
    const rows = await this.dueSoon();
    let noticed = 0;
    const failures: string[] = [];
    for (const prepaymentId of rows) {
      try {
        const result = await onPrepayment(
          this.store,
          { actor: SYSTEM_ACTOR, correlationId },
          prepaymentId,
          async (prepayment) => ({
            type: 'AnnounceExpiry',
            actor: SYSTEM_ACTOR,
            prepaymentId,
            now: await this.clocks.now(prepayment.campaignId),
          }),
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

  /** Prepayments whose last usable day is within the notice window: the real one, and each rehearsal's own. */
  private async dueSoon(): Promise<string[]> {
    const window = (today: CalendarDate) => [today, addDays(today, Math.max(...EXPIRY_NOTICE_DAYS))];
    const { rows: real } = await this.sql.query<{ prepayment_id: string }>(
      `SELECT prepayment_id FROM prepayment_expiry_watch WHERE expires_on BETWEEN $1::date AND $2::date ORDER BY expires_on, prepayment_id`,
      window(seoulDate(this.clocks.system.now().toISOString())),
    );
    const found = new Set(real.map((row) => row.prepayment_id));
    const { rows: rehearsals } = await this.sql.query<{ campaign_id: string }>(
      `SELECT campaign_id FROM campaign_targets WHERE rehearsal ORDER BY campaign_id`,
    );
    for (const { campaign_id: campaignId } of rehearsals) {
      const { rows } = await this.sql.query<{ prepayment_id: string }>(
        `SELECT w.prepayment_id FROM prepayment_expiry_watch w JOIN prepayment_balances b ON b.prepayment_id = w.prepayment_id
         WHERE b.campaign_id = $1 AND w.expires_on BETWEEN $2::date AND $3::date ORDER BY w.expires_on, w.prepayment_id`,
        [campaignId, ...window(seoulDate(await this.clocks.now(campaignId)))],
      );
      for (const row of rows) found.add(row.prepayment_id);
    }
    return [...found];
  }
}

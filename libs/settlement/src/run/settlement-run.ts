import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignClocks } from '@goodpay/campaign';
import { addDays, calendarDate, type CalendarDate, seoulDate } from '@goodpay/shared';
import {
  type AppendRequest,
  decideOnStream,
  EventStore,
  type EventMetadata,
  ProjectionNotReadyError,
  type Sql,
  sqlOn,
  Subscriptions,
} from '@goodpay/event-store';
import { type Clock, krwFromDb, SYSTEM_ACTOR } from '@goodpay/shared';
import { SETTLEMENT_LEDGER } from '../ledger/settlement-ledger.projection';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { payoutDecider } from '../payout/decider';
import { payoutStream } from '../payout/events';
import { settlementDecider } from '../settlement/decider';
import { merchantSettlementsStream, settledDaysStream, type SettlementClosed, type SettlementItem } from '../settlement/events';
import { daysToSettle, settledDaysDecider } from '../settlement/settled-days';

export interface ClosedSettlement {
  settlementId: string;
  merchantId: string;
  payout: number;
}

export interface SettleDayResult {
  day: CalendarDate;
  closed: ClosedSettlement[];
  /** The rehearsal settled (its settlements are never paid out); absent for the real run. */
  rehearsalCampaignId?: string;
}

/** Whose days a run settles: the real shops', or one rehearsal campaign's (on its own clock). */
export interface SettlementScope {
  rehearsalCampaignId?: string;
}

/** `settlement_items` of the scope: the real ones never include a rehearsal's, and the other way round. */
const inScope = (param: string) => `rehearsal_campaign_id IS NOT DISTINCT FROM ${param}`;

const LEDGER_WAIT_MS = 30_000;

interface ItemRow {
  item_id: string;
  kind: SettlementItem['kind'];
  prepayment_id: string;
  amount: string;
  occurred_at: Date;
  day: string;
  pledge_basis_points: number;
}

/**
 * A day's run: for each shop with unsettled items of that day or before, close its settlement
 * and schedule its payout in ONE append (two streams, one transaction); the payout's job
 * follows from PayoutScheduled through the settlement-payouts reactor, never from here. A run killed midway
 * leaves each shop either settled or not, never half; running it again settles the rest and
 * changes nothing for the shops already settled (the decider's "already settled").
 */
@Injectable()
export class SettlementRun {
  private readonly logger = new Logger(SettlementRun.name);
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly subscriptions: Subscriptions,
    private readonly clocks: CampaignClocks,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /** The real clock, or a rehearsal's own. */
  private clockOf(scope: SettlementScope): Promise<Clock> | Clock {
    return scope.rehearsalCampaignId ? this.clocks.of(scope.rehearsalCampaignId) : this.clocks.system;
  }

  /**
   * Every day of the scope not settled yet, in order, up to the day before the scope's today:
   * after an outage (or a rehearsal's clock moved on by weeks) each missed day is run once, by
   * itself. A day already recorded as settled is not run again.
   */
  async catchUp(scope: SettlementScope = {}): Promise<SettleDayResult[]> {
    const lastOver = addDays(seoulDate((await this.clockOf(scope)).now().toISOString()), -1);
    await this.ledgerCaughtUp();
    const { state } = await this.store.aggregate(settledDaysStream(scope.rehearsalCampaignId), settledDaysDecider);
    const { rows } = await this.sql.query<{ day: string | null }>(
      `SELECT min(day)::text AS day FROM settlement_items WHERE settlement_id IS NULL AND ${inScope('$1')}`,
      [scope.rehearsalCampaignId ?? null],
    );
    const results: SettleDayResult[] = [];
    for (const day of daysToSettle(state.lastDay, rows[0]?.day ?? null, lastOver)) results.push(await this.settleDay(day, scope));
    return results;
  }

  /** The rehearsal campaigns with a settlement ledger (their runs follow their own clocks). */
  async rehearsals(): Promise<string[]> {
    const { rows } = await this.sql.query<{ campaign_id: string }>(`SELECT campaign_id FROM settlement_rehearsals ORDER BY campaign_id`);
    return rows.map((row) => row.campaign_id);
  }

  async settleDay(day: CalendarDate, scope: SettlementScope = {}): Promise<SettleDayResult> {
    calendarDate(day, 'day');
    await this.ledgerCaughtUp();
    const rehearsal = scope.rehearsalCampaignId ?? null;
    const { rows } = await this.sql.query<{ merchant_id: string }>(
      `SELECT DISTINCT merchant_id FROM settlement_items WHERE settlement_id IS NULL AND day <= $1 AND ${inScope('$2')} ORDER BY merchant_id`,
      [day, rehearsal],
    );
    const closed: ClosedSettlement[] = [];
    for (const { merchant_id: merchantId } of rows) {
      const settlement = await this.closeFor(merchantId, day, scope);
      if (settlement) closed.push(settlement);
    }
    await this.recordSettled(day, closed.length, scope);
    // Their payouts are queued by the settlement-payouts reactor, from the PayoutScheduled events.
    this.logger.log(`settled ${day}${rehearsal ? ` (rehearsal ${rehearsal})` : ''}: ${closed.length} settlements closed`);
    return { day, closed, ...(rehearsal ? { rehearsalCampaignId: rehearsal } : {}) };
  }

  /** The day joins the settled days (a day not yet over is refused before, by the settlements' decider). */
  private async recordSettled(day: CalendarDate, settlements: number, scope: SettlementScope): Promise<void> {
    const now = (await this.clockOf(scope)).now().toISOString();
    if (day >= seoulDate(now)) return;
    await this.store.execute(
      async () => {
        const { append } = await decideOnStream(this.store, settledDaysStream(scope.rehearsalCampaignId), settledDaysDecider, {
          type: 'RecordDaySettled',
          day,
          settlements,
          now,
          ...(scope.rehearsalCampaignId ? { rehearsalCampaignId: scope.rehearsalCampaignId } : {}),
        });
        return { appends: append.events.length > 0 ? [append] : [], respond: () => null };
      },
      { metadata: this.metadata(day), maxAttempts: 5 },
    );
  }

  /**
   * Waits (bounded) until the ledger holds everything committed by now. Not needed for
   * correctness: an item the ledger has not seen yet goes into the shop's next settlement. So
   * when an old open transaction somewhere on the server holds the ledger back, the run goes on.
   */
  private async ledgerCaughtUp(): Promise<void> {
    try {
      await this.subscriptions.catchUpCompletely(SETTLEMENT_LEDGER, LEDGER_WAIT_MS);
    } catch (error) {
      if (!(error instanceof ProjectionNotReadyError)) throw error;
      this.logger.warn(`settling with the ledger behind: ${error.message}`);
    }
  }

  /** The shop's settlement for the day, or null when it had nothing new (or was settled already). */
  private async closeFor(merchantId: string, day: CalendarDate, scope: SettlementScope): Promise<ClosedSettlement | null> {
    const { rehearsalCampaignId } = scope;
    const { response } = await this.store.execute<ClosedSettlement | null>(
      async () => {
        const now = (await this.clockOf(scope)).now().toISOString();
        const candidates = await this.unsettledItems(merchantId, day, scope);
        const stream = merchantSettlementsStream(merchantId, rehearsalCampaignId);
        const { events, append } = await decideOnStream(this.store, stream, settlementDecider, {
          type: 'CloseSettlement',
          merchantId,
          day,
          candidates,
          feeBasisPoints: this.options.feeRateBasisPoints,
          now,
          ...(rehearsalCampaignId ? { rehearsalCampaignId } : {}),
        });
        if (events.length === 0) return { appends: [], respond: () => null };
        const { settlementId, payout } = (events[0] as SettlementClosed).data;
        const appends: AppendRequest[] = [append];
        // A rehearsal's settlement is computed like a real one but never paid out: no payout is scheduled.
        if (payout > 0 && !rehearsalCampaignId) {
          const scheduled = await decideOnStream(this.store, payoutStream(settlementId), payoutDecider, {
            type: 'SchedulePayout',
            settlementId,
            merchantId,
            amount: payout,
            now,
          });
          appends.push(scheduled.append);
        }
        return { appends, respond: () => ({ settlementId, merchantId, payout }) };
      },
      // A concurrent run of the same day loses the append, decides again and finds it settled.
      { metadata: this.metadata(day), maxAttempts: 5 },
    );
    return response;
  }

  private async unsettledItems(merchantId: string, day: CalendarDate, scope: SettlementScope): Promise<SettlementItem[]> {
    const { rows } = await this.sql.query<ItemRow>(
      `SELECT item_id, kind, prepayment_id, amount::text AS amount, occurred_at, day::text AS day, pledge_basis_points
       FROM settlement_items WHERE merchant_id = $1 AND settlement_id IS NULL AND day <= $2 AND ${inScope('$3')}`,
      [merchantId, day, scope.rehearsalCampaignId ?? null],
    );
    return rows.map((row) => ({
      itemId: row.item_id,
      kind: row.kind,
      prepaymentId: row.prepayment_id,
      amount: krwFromDb(row.amount),
      occurredAt: row.occurred_at.toISOString(),
      day: row.day,
      pledgeBasisPoints: Number(row.pledge_basis_points),
    }));
  }

  private metadata(day: CalendarDate): EventMetadata {
    return { correlationId: `settle-day.${day}`, causationId: null, actor: SYSTEM_ACTOR };
  }
}

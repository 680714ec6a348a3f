import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calendarDate, type CalendarDate } from '@goodpay/shared';
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
import { Clock, krwFromDb, SYSTEM_ACTOR } from '@goodpay/shared';
import { SETTLEMENT_LEDGER } from '../ledger/settlement-ledger.projection';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from '../options/settlement-options';
import { payoutDecider } from '../payout/decider';
import { payoutStream } from '../payout/events';
import { settlementDecider } from '../settlement/decider';
import { merchantSettlementsStream, type SettlementClosed, type SettlementItem } from '../settlement/events';

export interface ClosedSettlement {
  settlementId: string;
  merchantId: string;
  payout: number;
}

export interface SettleDayResult {
  day: CalendarDate;
  closed: ClosedSettlement[];
}

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
    private readonly clock: Clock,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async settleDay(day: CalendarDate): Promise<SettleDayResult> {
    calendarDate(day, 'day');
    await this.ledgerCaughtUp();
    const { rows } = await this.sql.query<{ merchant_id: string }>(
      `SELECT DISTINCT merchant_id FROM settlement_items WHERE settlement_id IS NULL AND day <= $1 ORDER BY merchant_id`,
      [day],
    );
    const closed: ClosedSettlement[] = [];
    for (const { merchant_id: merchantId } of rows) {
      const settlement = await this.closeFor(merchantId, day);
      if (settlement) closed.push(settlement);
    }
    // Their payouts are queued by the settlement-payouts reactor, from the PayoutScheduled events.
    this.logger.log(`settled ${day}: ${closed.length} settlements closed`);
    return { day, closed };
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
  private async closeFor(merchantId: string, day: CalendarDate): Promise<ClosedSettlement | null> {
    const { response } = await this.store.execute<ClosedSettlement | null>(
      async () => {
        const now = this.clock.now().toISOString();
        const candidates = await this.unsettledItems(merchantId, day);
        const { events, append } = await decideOnStream(this.store, merchantSettlementsStream(merchantId), settlementDecider, {
          type: 'CloseSettlement',
          merchantId,
          day,
          candidates,
          feeBasisPoints: this.options.feeRateBasisPoints,
          now,
        });
        if (events.length === 0) return { appends: [], respond: () => null };
        const { settlementId, payout } = (events[0] as SettlementClosed).data;
        const appends: AppendRequest[] = [append];
        if (payout > 0) {
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

  private async unsettledItems(merchantId: string, day: CalendarDate): Promise<SettlementItem[]> {
    const { rows } = await this.sql.query<ItemRow>(
      `SELECT item_id, kind, prepayment_id, amount::text AS amount, occurred_at, day::text AS day, pledge_basis_points
       FROM settlement_items WHERE merchant_id = $1 AND settlement_id IS NULL AND day <= $2`,
      [merchantId, day],
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

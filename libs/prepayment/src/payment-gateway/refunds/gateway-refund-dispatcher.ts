import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import {
  GATEWAY_REFUND_QUEUE,
  type ResolvedGatewayRefundOptions,
  RETURN_REFUND_JOB,
  type ReturnRefundJob,
  returnRefundJobId,
} from './gateway-refund-queue';

export const GATEWAY_REFUND_OPTIONS = Symbol('GATEWAY_REFUND_OPTIONS');

const BATCH = 200;

/**
 * The relay from the `gateway_refunds` outbox to BullMQ, as the notification dispatcher does
 * for notifications: pending rows not queued lately become jobs whose id is the refund's, so a
 * job already waiting or retrying is not added twice.
 */
@Injectable()
export class GatewayRefundDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayRefundDispatcher.name);
  private readonly sql: Sql;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    dataSource: DataSource,
    @InjectQueue(GATEWAY_REFUND_QUEUE) private readonly queue: Queue<ReturnRefundJob>,
    private readonly clock: Clock,
    @Inject(GATEWAY_REFUND_OPTIONS) private readonly options: ResolvedGatewayRefundOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.options.dispatchIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Queues every pending refund not queued lately; returns how many. One run at a time. */
  dispatchDue(): Promise<number> {
    this.running ??= this.dispatch().finally(() => (this.running = undefined));
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.dispatchDue();
    } catch (error) {
      this.logger.error(`dispatching gateway refunds failed: ${(error as Error).message}`);
    }
  }

  private async dispatch(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.sql.query<{ prepayment_id: string; correlation_id: string }>(
      `SELECT prepayment_id, correlation_id FROM gateway_refunds
       WHERE status = 'pending' AND (enqueued_at IS NULL OR enqueued_at <= $1)
       ORDER BY refunded_at LIMIT ${BATCH}`,
      [new Date(now.getTime() - this.options.requeueAfterMs)],
    );
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map(({ prepayment_id, correlation_id }) => ({
        name: RETURN_REFUND_JOB,
        data: { prepaymentId: prepayment_id, correlationId: correlation_id },
        opts: {
          jobId: returnRefundJobId(prepayment_id),
          attempts: this.options.attempts,
          backoff: { type: 'exponential', delay: this.options.backoffMs },
          removeOnComplete: true,
          // A refund that keeps failing stays visible (Bull Board) until staff look at it.
          removeOnFail: false,
        },
      })),
    );
    await this.sql.query(`UPDATE gateway_refunds SET enqueued_at = $2 WHERE prepayment_id = ANY($1::text[])`, [
      rows.map((row) => row.prepayment_id),
      now,
    ]);
    return rows.length;
  }
}

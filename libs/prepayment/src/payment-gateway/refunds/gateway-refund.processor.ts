import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { GatewayRefundReturn, type RefundReturnOutcome } from './gateway-refund-return';
import { GATEWAY_REFUND_QUEUE, type ReturnRefundJob } from './gateway-refund-queue';

/**
 * Runs the refund jobs. A gateway that is down fails the attempt, and BullMQ retries it with
 * exponential backoff; the return is idempotent on the refund, so a retry never cancels twice.
 */
@Processor(GATEWAY_REFUND_QUEUE)
export class GatewayRefundProcessor extends WorkerHost {
  private readonly sql: Sql;

  constructor(
    private readonly refunds: GatewayRefundReturn,
    dataSource: DataSource,
  ) {
    super();
    this.sql = sqlOn(dataSource);
  }

  async process(job: Job<ReturnRefundJob>): Promise<RefundReturnOutcome> {
    const outcome = await this.refunds.returnRefund(job.data.prepaymentId, job.data.correlationId);
    // Paid at the counter, or by the office: nothing for the gateway, so the outbox stops offering it.
    if (outcome === 'not_through_gateway') {
      await this.sql.query(`UPDATE gateway_refunds SET status = 'not_through_gateway' WHERE prepayment_id = $1 AND status = 'pending'`, [
        job.data.prepaymentId,
      ]);
    }
    return outcome;
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { GatewayRefundReturn, type RefundReturnOutcome } from './gateway-refund-return';
import { GATEWAY_REFUND_QUEUE, type ReturnRefundJob } from './gateway-refund-queue';

/**
 * Runs the refund jobs. A gateway that is down fails the attempt, and BullMQ retries it with
 * exponential backoff; the return is idempotent on the refund, so a retry never cancels twice.
 */
@Processor(GATEWAY_REFUND_QUEUE)
export class GatewayRefundProcessor extends WorkerHost {
  constructor(private readonly refunds: GatewayRefundReturn) {
    super();
  }

  /** Paid at the counter, or by the office: `not_through_gateway`, and the job is done. */
  process(job: Job<ReturnRefundJob>): Promise<RefundReturnOutcome> {
    return this.refunds.returnRefund(job.data.prepaymentId, job.data.correlationId);
  }
}

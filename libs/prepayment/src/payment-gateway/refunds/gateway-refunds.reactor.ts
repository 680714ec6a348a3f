import { reactorOf } from '@goodpay/event-store';
import type { PrepaymentEvent } from '../../prepayment/events';
import { GATEWAY_REFUND_QUEUE, RETURN_REFUND_JOB, type ReturnRefundJob, returnRefundJobId } from './gateway-refund-queue';

export const GATEWAY_REFUNDS_REACTOR = 'gateway-refunds';

/** Attempts per refund job, with exponential backoff while the gateway is down (about an hour in all). */
const ATTEMPTS = 12;

/**
 * An approved refund becomes its job: one per refund (the job id), recorded in the outbox with
 * the reactor's checkpoint, so a refund is never lost between the commit and Redis. The job
 * decides on the prepayment's stream and reconciles with the gateway's own cancellations, so a
 * job run twice returns the money once; a refund paid at the counter or by the office is
 * answered `not_through_gateway` and returns nothing.
 */
export const gatewayRefundsReactor = () =>
  reactorOf<PrepaymentEvent>()({
    name: GATEWAY_REFUNDS_REACTOR,
    eventTypes: ['PrepaymentRefunded'],
    react: (events) =>
      events.map(({ id, data, metadata }) => ({
        queue: GATEWAY_REFUND_QUEUE,
        name: RETURN_REFUND_JOB,
        jobId: returnRefundJobId(data.prepaymentId),
        data: { prepaymentId: data.prepaymentId, correlationId: metadata.correlationId } satisfies ReturnRefundJob,
        options: { attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnFail: false },
        causedBy: id,
      })),
  });

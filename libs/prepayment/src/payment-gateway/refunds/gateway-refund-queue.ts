/** The BullMQ queue of refunds to return through the gateway; jobs carry the prepayment's id only. */
export const GATEWAY_REFUND_QUEUE = 'gateway-refunds';
export const RETURN_REFUND_JOB = 'return-refund';

export interface ReturnRefundJob {
  prepaymentId: string;
  correlationId: string;
}

/** One job per refund while it waits or retries: adding it again is a no-op. */
export const returnRefundJobId = (prepaymentId: string): string => `return-refund-${prepaymentId}`;

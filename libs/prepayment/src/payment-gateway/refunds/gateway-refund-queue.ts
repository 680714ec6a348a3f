/** The BullMQ queue of refunds to return through the gateway; jobs carry the prepayment's id only. */
export const GATEWAY_REFUND_QUEUE = 'gateway-refunds';
export const RETURN_REFUND_JOB = 'return-refund';

export interface ReturnRefundJob {
  prepaymentId: string;
  correlationId: string;
}

/** One job per refund while it waits or retries: adding it again is a no-op. */
export const returnRefundJobId = (prepaymentId: string): string => `return-refund-${prepaymentId}`;

export interface GatewayRefundOptions {
  /** How often pending refunds are handed to the queue. */
  dispatchIntervalMs?: number;
  /** A pending refund queued longer ago than this is queued again (its job may have been lost with Redis). */
  requeueAfterMs?: number;
  /** Attempts per job, with exponential backoff from `backoffMs` while the gateway is down. */
  attempts?: number;
  backoffMs?: number;
}

export type ResolvedGatewayRefundOptions = Required<GatewayRefundOptions>;

export const resolveGatewayRefundOptions = (options: GatewayRefundOptions = {}): ResolvedGatewayRefundOptions => ({
  dispatchIntervalMs: options.dispatchIntervalMs ?? 1_000,
  requeueAfterMs: options.requeueAfterMs ?? 10 * 60_000,
  attempts: options.attempts ?? 12,
  backoffMs: options.backoffMs ?? 1_000,
});

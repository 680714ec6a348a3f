import { Injectable } from '@nestjs/common';
import { decideOnStream, EventStore } from '@goodpay/event-store';
import { Clock, SYSTEM_ACTOR } from '@goodpay/shared';
import { type PayoutCommand, payoutDecider } from '../payout/decider';
import { payoutStream } from '../payout/events';
import { PayoutAdapter } from '../payout/payout-adapter';

export type PayoutOutcome = 'paid' | 'skipped' | 'awaiting_bank_file';

/**
 * One attempt at a payout round: transfer through the adapter with the settlement id as the
 * idempotency reference, then record PayoutPaid; or record the failure and throw, so BullMQ
 * retries with backoff. A crash between the transfer and the record is repaired by the next
 * attempt: the adapter answers the first transfer again, and PayoutPaid is recorded once.
 */
@Injectable()
export class PayoutRunner {
  constructor(
    private readonly store: EventStore,
    private readonly adapter: PayoutAdapter,
    private readonly clock: Clock,
  ) {}

  async attempt(settlementId: string, round: number, attempt: number, attemptsInRound: number): Promise<PayoutOutcome> {
    const { state } = await this.store.aggregate(payoutStream(settlementId), payoutDecider);
    // Paid, failed for good, or a job of an earlier round: nothing to do.
    if ((state.status !== 'scheduled' && state.status !== 'retried') || state.round !== round) return 'skipped';
    let transferId: string;
    try {
      const receipt = await this.adapter.transfer({ reference: settlementId, merchantId: state.merchantId, amount: state.amount });
      // A bank-file payout: the next file carries it, the bank's result file records it.
      if ('awaitingBankFile' in receipt) return 'awaiting_bank_file';
      ({ transferId } = receipt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = attempt >= attemptsInRound;
      await this.record(settlementId, { type: 'RecordPayoutAttemptFailed', settlementId, round, attempt, reason, final, now: this.now() });
      throw error;
    }
    await this.record(settlementId, { type: 'RecordPayoutPaid', settlementId, round, transferId, now: this.now() });
    return 'paid';
  }

  private async record(settlementId: string, command: PayoutCommand): Promise<void> {
    await this.store.execute(
      async () => {
        const { append } = await decideOnStream(this.store, payoutStream(settlementId), payoutDecider, command);
        return { appends: [append], respond: () => undefined };
      },
      { metadata: { correlationId: `payout.${settlementId}`, causationId: null, actor: SYSTEM_ACTOR }, maxAttempts: 5 },
    );
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

import { type AppendRequest, decideOnStream, type StreamReader } from '@goodpay/event-store';
import { type PayerMonthCommand, payerMonthDecider } from './decider';
import { payerMonthStream } from './events';

/**
 * The payer's month, decided at the version read, to append in the same transaction as the
 * prepayment event that needs it (an order, a claim, a cancelled order): of two concurrent
 * commands on one month, one conflicts and decides again. None when no cap applies.
 */
export async function monthAppends(store: StreamReader, command: PayerMonthCommand | null): Promise<AppendRequest[]> {
  if (command === null) return [];
  const stream = payerMonthStream(command.campaignId, command.payerId, command.month);
  return [(await decideOnStream(store, stream, payerMonthDecider, command)).append];
}

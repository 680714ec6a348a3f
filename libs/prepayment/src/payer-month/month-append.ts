import { type AppendRequest, decideOnStream, type StreamReader } from '@goodpay/event-store';
import { verifiedPersonOf } from '@goodpay/identity';
import { type PayerMonthCommand, payerMonthDecider } from './decider';
import { payerMonthStream } from './events';

/**
 * The payer's month, decided at the version read, to append in the same transaction as the
 * prepayment event that needs it (an order, a claim, a cancelled order): of two concurrent
 * commands on one month, one conflicts and decides again. None when no cap applies.
 */
export async function monthAppends(store: StreamReader, command: PayerMonthCommand | null): Promise<AppendRequest[]> {
  if (command === null) return [];
  // The cap is per person: a verified citizen's accounts share their person's month (libs/identity).
  const person = await verifiedPersonOf(store, command.payerId);
  const keys = person === null ? [command.payerId] : [person];
  // A release looks under the user id too: the order may have been recorded before the payer verified.
  if (person !== null && command.type === 'ReleaseMonthlyPrepayment') keys.push(command.payerId);
  const appends: AppendRequest[] = [];
  for (const key of keys) {
    const decided = await decideOnStream(store, payerMonthStream(command.campaignId, key, command.month), payerMonthDecider, command);
    if (decided.events.length > 0 || keys.length === 1) appends.push(decided.append);
  }
  return appends;
}

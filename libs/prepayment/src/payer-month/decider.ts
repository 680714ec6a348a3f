import { type PrepaymentBounds } from '@goodpay/campaign';
import { type CalendarMonth, seoulMonth } from '@goodpay/shared';
import type { Decider } from '@goodpay/event-store';
import { type Krw, RuleViolationError } from '@goodpay/shared';
import type { Payer } from '../prepayment/events';
import type { PayerMonthEvent } from './events';

/**
 * The monthly cap per citizen, held under concurrency. Two prepayments by one citizen go to
 * two prepayment streams, so neither stream alone can see the other. The handler therefore
 * decides MakePrepayment, then RecordMonthlyPrepayment on this payer's month stream, and
 * appends both in one transaction at the versions it read: of two concurrent prepayments
 * one conflicts, decides again on the new total, and is refused if it no longer fits.
 *
 * Organisations have no monthly cap (they prepay planned events, supplies and rent, up to
 * their per-prepayment maximum), so only citizens' prepayments are recorded here. A refund
 * does not give the month's room back: the cap limits what is paid in, as card limits do. An
 * order cancelled before its payment was confirmed does (ReleaseMonthlyPrepayment): nothing was
 * paid in.
 */
export interface RecordMonthlyPrepayment {
  type: 'RecordMonthlyPrepayment';
  campaignId: string;
  payerId: string;
  month: CalendarMonth;
  prepaymentId: string;
  amount: Krw;
  monthlyCap: Krw;
}

export interface ReleaseMonthlyPrepayment {
  type: 'ReleaseMonthlyPrepayment';
  campaignId: string;
  payerId: string;
  month: CalendarMonth;
  prepaymentId: string;
}

export type PayerMonthCommand = RecordMonthlyPrepayment | ReleaseMonthlyPrepayment;

export interface PayerMonthState {
  total: Krw;
  /** Amounts by prepayment id: recording one twice (a retried command) changes nothing. */
  prepayments: Record<string, Krw>;
  /** Cancelled orders whose room came back. */
  released: string[];
}

/** What a prepayment counts against: it counts from when it names its payer (ordered, or claimed). */
export interface MonthlyFacts {
  payer: Payer | null;
  campaignId: string;
  prepaymentId: string;
  amount: Krw;
  /** The payment's Seoul month is the one it counts in, whenever it is claimed. */
  paidAt: string;
}

/**
 * The command for a prepayment just ordered or claimed, or null when no cap applies:
 * organisations, and a prepayment at the shop nobody has claimed yet (it counts at its claim).
 */
export function monthlyPrepaymentFor(
  { payer, campaignId, prepaymentId, amount, paidAt }: MonthlyFacts,
  bounds: PrepaymentBounds,
): RecordMonthlyPrepayment | null {
  if (payer === null || payer.kind !== 'citizen') return null;
  return {
    type: 'RecordMonthlyPrepayment',
    campaignId,
    payerId: payer.id,
    month: seoulMonth(paidAt),
    prepaymentId,
    amount,
    monthlyCap: bounds.maxPerPersonPerMonth,
  };
}

/** The release for an order just cancelled, or null when nothing was recorded for it (organisations). */
export function monthlyReleaseFor({ payer, campaignId, prepaymentId, paidAt }: MonthlyFacts): ReleaseMonthlyPrepayment | null {
  if (payer === null || payer.kind !== 'citizen') return null;
  return { type: 'ReleaseMonthlyPrepayment', campaignId, payerId: payer.id, month: seoulMonth(paidAt), prepaymentId };
}

function decide(command: PayerMonthCommand, state: PayerMonthState): PayerMonthEvent[] {
  if (command.type === 'ReleaseMonthlyPrepayment') {
    if (!Object.hasOwn(state.prepayments, command.prepaymentId)) return [];
    const amount = state.prepayments[command.prepaymentId];
    const { campaignId, payerId, month, prepaymentId } = command;
    return [
      { type: 'MonthlyPrepaymentReleased', data: { campaignId, payerId, month, prepaymentId, amount, monthTotal: state.total - amount } },
    ];
  }
  // Recorded once (a retried command decides nothing), and never again once released.
  if (Object.hasOwn(state.prepayments, command.prepaymentId) || state.released.includes(command.prepaymentId)) return [];
  const monthTotal = state.total + command.amount;
  if (monthTotal > command.monthlyCap) {
    throw new RuleViolationError(
      'monthly_limit_exceeded',
      `at most ${command.monthlyCap} won a month; ${command.monthlyCap - state.total} won is left for ${command.month}`,
      { monthlyCap: command.monthlyCap, alreadyPrepaid: state.total, remaining: command.monthlyCap - state.total, amount: command.amount },
    );
  }
  const { campaignId, payerId, month, prepaymentId, amount } = command;
  return [{ type: 'MonthlyPrepaymentRecorded', data: { campaignId, payerId, month, prepaymentId, amount, monthTotal } }];
}

export const payerMonthDecider: Decider<PayerMonthState, PayerMonthCommand, PayerMonthEvent> = {
  initialState: () => ({ total: 0, prepayments: {}, released: [] }),
  evolve: (state, event) => {
    if (event.type === 'MonthlyPrepaymentReleased') {
      const { [event.data.prepaymentId]: _released, ...prepayments } = state.prepayments;
      return { total: state.total - event.data.amount, prepayments, released: [...state.released, event.data.prepaymentId] };
    }
    return {
      total: state.total + event.data.amount,
      prepayments: { ...state.prepayments, [event.data.prepaymentId]: event.data.amount },
      released: state.released,
    };
  },
  decide,
};

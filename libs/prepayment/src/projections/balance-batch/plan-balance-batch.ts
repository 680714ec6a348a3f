import { seoulDate } from '@goodpay/shared';
import type { RecordedEvent, RecordedOf } from '@goodpay/event-store';
import type { PrepaymentEvent, PrepaymentMade } from '../../prepayment/events';

/** The events that move a balance: what the plan folds. */
export type BalanceEvent = Extract<
  PrepaymentEvent,
  { type: 'PrepaymentMade' | 'PrepaymentRedeemed' | 'RedemptionCancelled' | 'RefundRequested' | 'PrepaymentRefunded' }
>;

/** A prepayment row as the batch finds it (only what the checks need). */
export interface StoredBalance {
  prepaymentId: string;
  amount: number;
  redeemed: number;
  refunded: number;
  refundedAtSet: boolean;
}

/** A redemption row as the batch finds it. */
export interface StoredRedemption {
  prepaymentId: string;
  redemptionId: string;
  amount: number;
  cancelled: boolean;
}

/** What happened to one prepayment over the batch: its row if it is new, its changes if not. */
export interface BalanceOutcome {
  prepaymentId: string;
  /** Set when the prepayment was made in this batch: the row is inserted whole. */
  made: PrepaymentMade['data'] | null;
  /** Added over the batch (for a new row: its value). */
  redeemed: number;
  refunded: number;
  refundRequested: boolean;
  refundBasis: string | null;
  refundRequestedAt: string | null;
  refundedAt: string | null;
  updatedAt: string;
}

export interface NewRedemption {
  prepaymentId: string;
  redemptionId: string;
  merchantId: string;
  amount: number;
  redeemedAt: string;
  seoulDay: string;
  cancelledAt: string | null;
}

export interface StoredCancellation {
  prepaymentId: string;
  redemptionId: string;
  cancelledAt: string;
}

export interface BalanceBatchPlan {
  balances: BalanceOutcome[];
  redemptions: NewRedemption[];
  cancellations: StoredCancellation[];
  /** Every moment written on the way, also those a later event overwrites: each must be a valid timestamptz. */
  moments: string[];
}

/** The keys the batch must look up before it is planned. */
export interface BalanceBatchKeys {
  prepaymentIds: string[];
  redemptions: { prepaymentId: string; redemptionId: string }[];
}

interface Working extends BalanceOutcome {
  amount: number;
  totalRedeemed: number;
  totalRefunded: number;
  refundedAtSet: boolean;
}

const redemptionKey = (prepaymentId: string, redemptionId: string): string => JSON.stringify([prepaymentId, redemptionId]);

/**
 * The prepayments the batch names, and the redemptions it names of prepayments made before it:
 * one made in the batch has no stored redemption (the foreign key; were it stored, its
 * PrepaymentMade fails the plan as made twice), so its redemptions need no lookup. In a
 * rebuild, where most redemptions follow their prepayment closely, that is most of them.
 */
export function keysOf(events: readonly RecordedEvent[]): BalanceBatchKeys {
  const prepaymentIds = new Set<string>();
  const made = new Set(
    events.filter((event) => event.type === 'PrepaymentMade').map((event) => (event.data as { prepaymentId: string }).prepaymentId),
  );
  const redemptions = new Map<string, { prepaymentId: string; redemptionId: string }>();
  for (const event of events) {
    const data = event.data as { prepaymentId: string; redemptionId?: string };
    prepaymentIds.add(data.prepaymentId);
    if (data.redemptionId !== undefined && !made.has(data.prepaymentId)) {
      redemptions.set(redemptionKey(data.prepaymentId, data.redemptionId), {
        prepaymentId: data.prepaymentId,
        redemptionId: data.redemptionId,
      });
    }
  }
  return { prepaymentIds: [...prepaymentIds], redemptions: [...redemptions.values()] };
}

/**
 * Folds a batch over the rows it touches, in log order, with every check the per-event path
 * makes after each statement (the table's CHECK constraints, exactly-one-row updates, the
 * balance each event says it left), so a batch that would fail event by event fails here
 * too. Throws at the first impossible event, naming it. What the plan cannot see (a duplicate
 * code, a value the column types refuse) the statements refuse, and the batch fails whole.
 */
export function planBalanceBatch(
  events: readonly RecordedOf<BalanceEvent>[],
  storedBalances: readonly StoredBalance[],
  storedRedemptions: readonly StoredRedemption[],
): BalanceBatchPlan {
  const stored = new Map(storedBalances.map((row) => [row.prepaymentId, row]));
  const working = new Map<string, Working>();
  const known = new Map(storedRedemptions.map((row) => [redemptionKey(row.prepaymentId, row.redemptionId), { ...row }]));
  const redemptions = new Map<string, NewRedemption>();
  const cancellations: StoredCancellation[] = [];
  const moments: string[] = [];

  const balanceOf = (prepaymentId: string): Working => {
    const current = working.get(prepaymentId);
    if (current) return current;
    const row = stored.get(prepaymentId);
    if (!row) throw new Error(`no prepayment ${prepaymentId}`);
    const fresh: Working = {
      prepaymentId,
      made: null,
      redeemed: 0,
      refunded: 0,
      refundRequested: false,
      refundBasis: null,
      refundRequestedAt: null,
      refundedAt: null,
      updatedAt: '',
      amount: row.amount,
      totalRedeemed: row.redeemed,
      totalRefunded: row.refunded,
      refundedAtSet: row.refundedAtSet,
    };
    working.set(prepaymentId, fresh);
    return fresh;
  };

  const touch = (balance: Working, at: string): void => {
    if (typeof at !== 'string') throw new Error('updated_at would be null');
    balance.updatedAt = at;
    moments.push(at);
  };

  const move = (
    balance: Working,
    at: string,
    balanceAfter: number,
    { redeemed = 0, refunded = 0, refundedAt = null }: { redeemed?: number; refunded?: number; refundedAt?: string | null },
  ): void => {
    if (!Number.isSafeInteger(redeemed) || !Number.isSafeInteger(refunded)) throw new Error('amount is not whole won');
    balance.redeemed += redeemed;
    balance.totalRedeemed += redeemed;
    balance.refunded += refunded;
    balance.totalRefunded += refunded;
    if (refundedAt !== null && refundedAt !== undefined) {
      balance.refundedAt = refundedAt;
      balance.refundedAtSet = true;
      moments.push(refundedAt);
    }
    touch(balance, at);
    const left = balance.amount - balance.totalRedeemed - balance.totalRefunded;
    // The table's own CHECK constraints, named as the per-row statements would have met them.
    if (left < 0) throw new Error(`the balance would be ${left} (prepayment_balance_not_negative)`);
    if (balance.totalRedeemed < 0 || balance.totalRefunded < 0) throw new Error('amounts out of range');
    if (balance.totalRefunded !== 0 && left !== 0) throw new Error('refund does not take the whole balance');
    if (balance.totalRefunded > 0 !== balance.refundedAtSet) throw new Error('refunded and refunded_at disagree');
    if (left !== balanceAfter) throw new Error(`balance ${left} is not ${balanceAfter}`);
  };

  for (const event of events) {
    try {
      planOne(event);
    } catch (error) {
      throw new Error(
        `failed on ${event.type} at position ${event.globalPosition} (stream ${event.streamId}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  function planOne(event: RecordedOf<BalanceEvent>): void {
    switch (event.type) {
      case 'PrepaymentMade': {
        const { data } = event;
        if (stored.has(data.prepaymentId) || working.has(data.prepaymentId)) throw new Error(`prepayment ${data.prepaymentId} made twice`);
        if (!Number.isSafeInteger(data.amount)) throw new Error('amount is not whole won');
        working.set(data.prepaymentId, {
          prepaymentId: data.prepaymentId,
          made: data,
          redeemed: 0,
          refunded: 0,
          refundRequested: false,
          refundBasis: null,
          refundRequestedAt: null,
          refundedAt: null,
          updatedAt: data.paidAt,
          amount: data.amount,
          totalRedeemed: 0,
          totalRefunded: 0,
          refundedAtSet: false,
        });
        return;
      }
      case 'PrepaymentRedeemed': {
        const { data } = event;
        const key = redemptionKey(data.prepaymentId, data.redemptionId);
        if (known.has(key) || redemptions.has(key)) throw new Error(`redemption ${data.redemptionId} recorded twice`);
        const balance = balanceOf(data.prepaymentId);
        redemptions.set(key, {
          prepaymentId: data.prepaymentId,
          redemptionId: data.redemptionId,
          merchantId: data.merchantId,
          amount: data.amount,
          redeemedAt: data.redeemedAt,
          seoulDay: seoulDate(data.redeemedAt),
          cancelledAt: null,
        });
        move(balance, data.redeemedAt, data.balanceAfter, { redeemed: data.amount });
        return;
      }
      case 'RedemptionCancelled': {
        const { data } = event;
        const key = redemptionKey(data.prepaymentId, data.redemptionId);
        const fresh = redemptions.get(key);
        const old = known.get(key);
        if (fresh && fresh.cancelledAt === null) {
          if (fresh.amount !== data.amount) throw new Error(`redemption ${data.redemptionId} amount differs`);
          fresh.cancelledAt = data.cancelledAt;
        } else if (old && !old.cancelled) {
          if (old.amount !== data.amount) throw new Error(`redemption ${data.redemptionId} amount differs`);
          old.cancelled = true;
          cancellations.push({ prepaymentId: data.prepaymentId, redemptionId: data.redemptionId, cancelledAt: data.cancelledAt });
        } else {
          throw new Error(`no open redemption ${data.redemptionId}`);
        }
        move(balanceOf(data.prepaymentId), data.cancelledAt, data.balanceAfter, { redeemed: -data.amount });
        return;
      }
      case 'RefundRequested': {
        const { data } = event;
        const balance = balanceOf(data.prepaymentId);
        if (balance.totalRefunded !== 0) throw new Error(`prepayment ${data.prepaymentId} already refunded`);
        balance.refundRequested = true;
        balance.refundBasis = data.basis;
        balance.refundRequestedAt = data.requestedAt;
        if (data.requestedAt !== null) moments.push(data.requestedAt);
        touch(balance, data.requestedAt);
        return;
      }
      case 'PrepaymentRefunded': {
        const { data } = event;
        move(balanceOf(data.prepaymentId), data.refundedAt, 0, { refunded: data.amount, refundedAt: data.refundedAt });
        return;
      }
    }
  }

  const balances = [...working.values()].map(
    ({ amount: _a, totalRedeemed: _r, totalRefunded: _f, refundedAtSet: _s, ...outcome }): BalanceOutcome => outcome,
  );
  return { balances, redemptions: [...redemptions.values()], cancellations, moments };
}

import type { StreamReader } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';
import { type PrepaymentEvent, prepaymentStream } from './events';

/** One earlier redemption, as its cancellation needs it. */
export interface Redemption {
  amount: Krw;
  /** When it was redeemed: it can be cancelled on that Seoul day only. */
  at: string;
  cancelled: boolean;
}

/**
 * Only a cancellation asks about an earlier redemption, and only about the one it names. So
 * the prepayment's state keeps none (carrying every one made a command on a much-used
 * prepayment read, decode and rewrite all of them, its snapshot one entry longer per visit):
 * the cancellation's handler reads that redemption's own events from the stream instead.
 */
const REDEMPTION_EVENT_TYPES: readonly PrepaymentEvent['type'][] = ['PrepaymentRedeemed', 'RedemptionCancelled'];

/** The redemption `redemptionId` as these events tell it (oldest first), or null if none records it. */
export function redemptionFrom(events: readonly PrepaymentEvent[], redemptionId: string): Redemption | null {
  let redemption: Redemption | null = null;
  for (const event of events) {
    if (event.type === 'PrepaymentRedeemed' && event.data.redemptionId === redemptionId) {
      redemption = { amount: event.data.amount, at: event.data.redeemedAt, cancelled: false };
    }
    if (event.type === 'RedemptionCancelled' && event.data.redemptionId === redemptionId && redemption) {
      redemption = { ...redemption, cancelled: true };
    }
  }
  return redemption;
}

/**
 * The redemption as the prepayment's stream tells it at `version`, the version the command
 * decides on and appends at: a cancellation committed since makes that append fail and the
 * command decide again, on the cancelled redemption.
 */
export async function redemptionAt(
  read: StreamReader,
  prepaymentId: string,
  redemptionId: string,
  version: number,
): Promise<Redemption | null> {
  const events = await read.readStreamWhere(prepaymentStream(prepaymentId), {
    types: REDEMPTION_EVENT_TYPES,
    field: 'redemptionId',
    equals: redemptionId,
    toVersion: version,
  });
  return redemptionFrom(events as unknown as PrepaymentEvent[], redemptionId);
}

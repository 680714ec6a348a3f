import type { Actor } from '@goodpay/shared';
import type { PrepaymentView } from './views';

/**
 * Who may see a prepayment: its payer, the user who runs its shop, and staff. Everyone else is
 * told it does not exist (404), so ids cannot be probed.
 */
export function canSeePrepayment(actor: Actor, prepayment: Pick<PrepaymentView, 'payerId' | 'payerKind' | 'merchantOwnerId'>): boolean {
  if (actor.role === 'staff') return true;
  if (actor.role === 'merchant') return prepayment.merchantOwnerId !== null && prepayment.merchantOwnerId === actor.id;
  // Unclaimed at the shop: the shop's and staff's only; the payer it names sees it once they claim it.
  return prepayment.payerId !== null && actor.role === prepayment.payerKind && actor.id === prepayment.payerId;
}

/** Who may read a shop's ledger: the user who runs it, and staff. */
export function canSeeMerchantLedger(actor: Actor, ownerId: string | null): boolean {
  return actor.role === 'staff' || (actor.role === 'merchant' && ownerId !== null && ownerId === actor.id);
}

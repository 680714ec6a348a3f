import type { MerchantState } from '@goodpay/merchant';
import type { Actor } from '@goodpay/shared';

/**
 * Tokens say who the user is, not which shop they run: a merchant user acts for a shop when
 * the shop's stream names them its owner. The deciders then check `actor.merchantId`.
 */
export function actorForShop(actor: Actor, merchant: MerchantState): Actor {
  if (actor.role !== 'merchant' || merchant.status === 'unregistered' || merchant.ownerId !== actor.id) return actor;
  return { ...actor, merchantId: merchant.merchantId };
}

import type { Actor } from '@goodpay/shared';

/** A shop's settlements are read by the user who runs it, and by staff; to anyone else they do not exist (404). */
export function canSeeSettlement(actor: Actor, merchantOwnerId: string | null): boolean {
  return actor.role === 'staff' || (actor.role === 'merchant' && merchantOwnerId !== null && merchantOwnerId === actor.id);
}

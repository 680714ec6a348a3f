import type { Actor } from '@goodpay/shared';
import type { DonorRef } from '../donor/donor';

/**
 * A receipt is read by its donor (the citizen themself; the user who owns the shop) and by
 * staff; to anyone else it does not exist (404).
 */
export function canSeeReceipt(actor: Actor, donor: DonorRef, merchantOwnerId: string | null): boolean {
  if (actor.role === 'staff') return true;
  if (donor.type === 'citizen') return actor.role === 'citizen' && actor.id === donor.id;
  return actor.role === 'merchant' && merchantOwnerId !== null && merchantOwnerId === actor.id;
}

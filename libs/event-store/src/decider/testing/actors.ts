import type { Actor } from '@goodpay/shared';

/** The actors the domain specs use. */
export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const citizen = (id = 'citizen-1'): Actor => ({ id, role: 'citizen' });
export const organisation = (id = 'organisation-1'): Actor => ({ id, role: 'organisation' });
export const merchantActor = (merchantId: string, id = `owner-of-${merchantId}`): Actor => ({
  id,
  role: 'merchant',
  merchantId,
});

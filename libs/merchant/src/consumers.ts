import type { Consumer } from '@goodpay/event-store';
import { MerchantViewsProjection } from './merchant/views/merchant-views.projection';

/** The merchant context's consumers: the one list its module registers (add one here, nowhere else). */
export const merchantConsumers = (): Consumer[] => [new MerchantViewsProjection()];

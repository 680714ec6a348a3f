import type { Consumer } from '@goodpay/event-store';
import { OrganisationViewsProjection } from './organisation/views/organisation-views.projection';

/** The participant context's consumers: the one list its module registers (add one here, nowhere else). */
export const participantConsumers = (): Consumer[] => [new OrganisationViewsProjection()];

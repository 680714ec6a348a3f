import type { Consumer } from '@goodpay/event-store';
import { RaffleCertificationsProjection } from './certification/read-model/certifications.projection';
import { raffleBeaconReactor } from './beacon-job/raffle-beacon.reactor';
import { raffleDrawReactor } from './draw-job/raffle-draw.reactor';

/** The raffle context's consumers: the one list its read module registers (add one here, nowhere else). */
export const raffleConsumers = (): Consumer[] => [new RaffleCertificationsProjection(), raffleDrawReactor(), raffleBeaconReactor()];

import { CreateRaffleCertifications1732400000000 } from './1732400000000-create-raffle-certifications';

/** The raffle read model's migrations, in order; they run after the event store's. */
export const raffleMigrations = [CreateRaffleCertifications1732400000000];

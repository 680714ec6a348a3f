import { CreateRaffleCertifications1732400000000 } from './1732400000000-create-raffle-certifications';
import { AllowWithdrawnCertifications1732400000001 } from './1732400000001-allow-withdrawn-certifications';

/** The raffle read model's migrations, in order; they run after the event store's. */
export const raffleMigrations = [CreateRaffleCertifications1732400000000, AllowWithdrawnCertifications1732400000001];

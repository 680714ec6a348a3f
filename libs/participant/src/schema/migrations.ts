import { CreateOrganisationViews1732203000000 } from './1732203000000-create-organisation-views';

/** The participant library's migrations, in order; apps append them to their list. */
export const participantMigrations = [CreateOrganisationViews1732203000000];

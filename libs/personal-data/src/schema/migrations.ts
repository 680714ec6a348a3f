import { CreatePersonalDataVault1732350000000 } from './1732350000000-create-personal-data-vault';
import { CreateSubjectIndex1732350000001 } from './1732350000001-create-subject-index';

/** The personal-data vault's migrations, in order; apps append them to their list. */
export const personalDataMigrations = [CreatePersonalDataVault1732350000000, CreateSubjectIndex1732350000001];

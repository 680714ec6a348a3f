import { CreatePhoneCodes1796414621415 } from './1796414621415-create-phone-codes';

/** The identity context's migrations, in order; apps append them to their list. */
export const identityMigrations = [CreatePhoneCodes1796414621415];

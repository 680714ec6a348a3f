import { CreateMerchantViews1732202000000 } from './1732202000000-create-merchant-views';

/** The merchant library's migrations, in order; apps append them to their list. */
export const merchantMigrations = [CreateMerchantViews1732202000000];

import type { MigrationClass } from '@goodpay/platform';
import { eventStoreMigrations } from '@goodpay/event-store';
import { campaignMigrations } from '@goodpay/campaign';
import { merchantMigrations } from '@goodpay/merchant';
import { participantMigrations } from '@goodpay/participant';
import { prepaymentMigrations } from '@goodpay/prepayment';

/**
 * Every migration of the product, from every library, in order. The single list used by all
 * processes that may migrate: api, worker, standalone and `cli migrate` (they take turns under
 * an advisory lock, so starting several at once is safe).
 */
export const API_MIGRATIONS: MigrationClass[] = [...eventStoreMigrations, ...prepaymentMigrations, ...campaignMigrations, ...merchantMigrations, ...participantMigrations];

/**
 * What every goodpay process (api, worker, standalone, cli) is built with, defined once here
 * beside the api that owns the schema; the dependency rules let the other apps import this file.
 */
import { DataSource } from 'typeorm';
import { AppConfig, type MigrationClass } from '@goodpay/platform';
import { SystemClock } from '@goodpay/shared';
import { eventStoreMigrations } from '@goodpay/event-store';
import { campaignMigrations } from '@goodpay/campaign';
import { merchantMigrations } from '@goodpay/merchant';
import { participantMigrations } from '@goodpay/participant';
import { prepaymentMigrations } from '@goodpay/prepayment';
import { raffleMigrations } from '@goodpay/raffle';
import { settlementMigrations, type SettlementOptions } from '@goodpay/settlement';
import { donationMigrations } from '@goodpay/donation';
import { BuiltInChannels, notificationMigrations, type NotificationOptions } from '@goodpay/notification';
import { PersonalDataModule, personalDataMigrations } from '@goodpay/personal-data';
import { IdentityModule, identityMigrations } from '@goodpay/identity';

/**
 * Every migration of the product, from every library (TypeORM runs them in the order of their
 * timestamps, whatever their place here). The single list used by all
 * processes that may migrate: api, worker, standalone and `cli migrate` (they take turns under
 * an advisory lock, so starting several at once is safe).
 */
export const API_MIGRATIONS: MigrationClass[] = [
  ...eventStoreMigrations,
  ...campaignMigrations,
  ...merchantMigrations,
  ...participantMigrations,
  ...prepaymentMigrations,
  ...raffleMigrations,
  ...settlementMigrations,
  ...donationMigrations,
  ...notificationMigrations,
  ...personalDataMigrations,
  ...identityMigrations,
];

/**
 * The personal-data vault, keyed from configuration. Global: registered once per process by
 * its root module (never in a feature list, so the standalone process does not get two).
 */
export const PERSONAL_DATA_VAULT = PersonalDataModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({ masterKey: config.PERSONAL_DATA_MASTER_KEY, hashKey: config.PERSONAL_DATA_HASH_KEY }),
});

/** Settlement's options from configuration: the api (runs a day on request) and the worker agree. */
export const settlementOptionsFrom = (config: AppConfig): SettlementOptions => ({
  feeRateBasisPoints: config.SETTLEMENT_FEE_BASIS_POINTS,
  runAtHourSeoul: config.SETTLEMENT_HOUR_SEOUL,
});

/** Notification options from configuration, for the api (receipts) and the worker (sending). */
export const notificationOptionsFrom = (config: AppConfig): NotificationOptions => ({ receiptSecret: config.NOTIFICATION_RECEIPT_SECRET });

/**
 * Verified identity (본인인증) and the person key, from configuration: global like the vault,
 * registered once per process by its root module (the raffle's rules need the person key in
 * the api and the worker alike).
 */
export const VERIFIED_IDENTITY = IdentityModule.forRootAsync({
  inject: [AppConfig, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource) => ({
    // The SMS channel of libs/notification: its recording built-in until real providers are wired (issue 11's messages part).
    phoneCodeChannel: new BuiltInChannels(dataSource, new SystemClock()).channels().sms,
    verifiedIdentityRequired: config.VERIFIED_IDENTITY_REQUIRED,
    verifications:
      config.IDENTITY_VERIFICATION === 'portone'
        ? { kind: 'portone', portone: { secret: config.PORTONE_API_SECRET, baseUrl: config.PORTONE_API_BASE, storeId: config.PORTONE_STORE_ID || undefined } }
        : { kind: 'recording' },
  }),
});

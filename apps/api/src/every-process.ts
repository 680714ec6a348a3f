/**
 * What every goodpay process (api, worker, standalone, cli) is built with, defined once here
 * beside the api that owns the schema; the dependency rules let the other apps import this file.
 */
import { AppConfig, type MigrationClass } from '@goodpay/platform';
import { eventStoreMigrations } from '@goodpay/event-store';
import { campaignMigrations } from '@goodpay/campaign';
import { merchantMigrations } from '@goodpay/merchant';
import { participantMigrations } from '@goodpay/participant';
import { type PaymentGatewaySettings, prepaymentMigrations } from '@goodpay/prepayment';
import { raffleMigrations } from '@goodpay/raffle';
import { settlementMigrations, type SettlementOptions } from '@goodpay/settlement';
import { donationMigrations } from '@goodpay/donation';
import { notificationMigrations, type NotificationOptions } from '@goodpay/notification';
import { PersonalDataModule, personalDataMigrations } from '@goodpay/personal-data';

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

/** The payment gateway from configuration: the api (confirmations, webhooks) and the worker (refunds) use the same. */
export const paymentGatewayFrom = (config: AppConfig): PaymentGatewaySettings =>
  config.PAYMENT_CONFIRMATIONS === 'portone'
    ? {
        mode: 'portone',
        portone: {
          apiSecret: config.PORTONE_API_SECRET,
          apiBase: config.PORTONE_API_BASE,
          storeId: config.PORTONE_STORE_ID,
          webhookSecret: config.PORTONE_WEBHOOK_SECRET,
        },
      }
    : config.PAYMENT_CONFIRMATIONS;

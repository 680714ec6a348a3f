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
import { type PaymentGatewaySettings, prepaymentMigrations } from '@goodpay/prepayment';
import { raffleMigrations } from '@goodpay/raffle';
import { settlementMigrations, type SettlementOptions } from '@goodpay/settlement';
import { donationMigrations } from '@goodpay/donation';
import {
  BuiltInChannels,
  configuredChannels,
  notificationMigrations,
  type NotificationOptions,
  resolveNotificationOptions,
} from '@goodpay/notification';
import { PersonalDataModule, personalDataMigrations } from '@goodpay/personal-data';
import { IdentityModule, identityMigrations } from '@goodpay/identity';
import { officeExportMigrations } from '@goodpay/office-export';

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
  ...officeExportMigrations,
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
  payoutAdapter: config.PAYOUT_ADAPTER,
  accountHolderCheck:
    config.ACCOUNT_HOLDER_CHECK === 'portone-v1'
      ? {
          kind: 'portone-v1',
          baseUrl: config.PORTONE_V1_API_URL,
          apiKey: config.PORTONE_V1_API_KEY,
          apiSecret: config.PORTONE_V1_API_SECRET,
        }
      : { kind: 'recording' },
});

/** Notification options from configuration, for the api (receipts, views) and the worker (sending). */
export const notificationOptionsFrom = (config: AppConfig): NotificationOptions => ({
  receiptSecret: config.NOTIFICATION_RECEIPT_SECRET,
  messages:
    config.MESSAGE_PROVIDER === 'solapi'
      ? {
          provider: 'solapi',
          solapi: {
            apiKey: config.SOLAPI_API_KEY,
            apiSecret: config.SOLAPI_API_SECRET,
            apiBase: config.SOLAPI_API_BASE,
            sender: config.SOLAPI_SENDER,
            pfId: config.KAKAO_PF_ID,
          },
        }
      : { provider: 'recording' },
  smtp: config.SMTP_URL ? { url: config.SMTP_URL, from: config.MAIL_FROM } : undefined,
  retentionDays: config.NOTIFICATION_RETENTION_DAYS,
  deliveryPollMs: config.NOTIFICATION_DELIVERY_POLL_MS,
  planEventsWithinMs: config.NOTIFICATION_PLAN_WITHIN_HOURS * 3_600_000,
});

/**
 * Verified identity (본인인증) and the person key, from configuration: global like the vault,
 * registered once per process by its root module (the raffle's rules need the person key in
 * the api and the worker alike).
 */
export const VERIFIED_IDENTITY = IdentityModule.forRootAsync({
  inject: [AppConfig, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource) => ({
    // The SMS channel the messages go out on (MESSAGE_PROVIDER): Solapi in production, the recording one in development.
    phoneCodeChannel: configuredChannels(
      resolveNotificationOptions(notificationOptionsFrom(config)),
      new BuiltInChannels(dataSource, new SystemClock()),
    ).sms,
    verifiedIdentityRequired: config.VERIFIED_IDENTITY_REQUIRED,
    verifications:
      config.IDENTITY_VERIFICATION === 'portone'
        ? {
            kind: 'portone',
            portone: { secret: config.PORTONE_API_SECRET, baseUrl: config.PORTONE_API_BASE, storeId: config.PORTONE_STORE_ID || undefined },
          }
        : { kind: 'recording' },
  }),
});

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

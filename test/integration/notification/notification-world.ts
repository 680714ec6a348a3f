import { randomUUID } from 'node:crypto';
import { BullModule } from '@nestjs/bullmq';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  type DomainEvent,
  EventStore,
  eventStoreMigrations,
  EventStoreModule,
  OutboxDispatcher,
  type Sql,
  sqlOn,
  Subscriptions,
} from '@goodpay/event-store';
import { PersonalDataModule, personalDataMigrations, PersonalDataVault } from '@goodpay/personal-data';
import {
  BuiltInChannels,
  FailedNotifications,
  NOTIFICATION_PLANNER,
  NOTIFICATION_QUEUE,
  notificationMigrations,
  NotificationModule,
  type NotificationOptions,
  NotificationSender,
  DeliveryReceipts,
  SetContactCommand,
  SetNotificationPreferencesCommand,
} from '@goodpay/notification';
import { type Actor, Clock, FixedClock, SYSTEM_ACTOR } from '@goodpay/shared';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';
import { createTestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';

export const RECEIPT_SECRET = 'test-receipt-secret-of-enough-length-0123456789';

export interface SentMessage {
  notification_id: string;
  send_round: number;
  recipient_id: string;
  channel: string;
  message_type: string;
  masked_address: string;
  template_code: string;
  title: string | null;
  body: string;
}

/**
 * The notification library on its own database and queue prefix, with the real personal-data
 * vault, the built-in recording channels, a clock that stands still, and the consumers' outbox
 * dispatcher that sends the planner's jobs to the queue (`planAndDispatch` waits for it).
 */
export class NotificationWorld {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly subscriptions: Subscriptions;
  readonly commands: CommandBus;
  readonly channels: BuiltInChannels;
  readonly dispatcher: OutboxDispatcher;
  readonly sender: NotificationSender;
  readonly failed: FailedNotifications;
  readonly receipts: DeliveryReceipts;
  readonly vault: PersonalDataVault;
  readonly queue: Queue;

  private constructor(
    readonly app: TestingModule,
    readonly clock: FixedClock,
    private readonly dropAll: () => Promise<void>,
    dataSourceSql: Sql,
  ) {
    this.sql = dataSourceSql;
    this.store = app.get(EventStore);
    this.subscriptions = app.get(Subscriptions);
    this.commands = app.get(CommandBus);
    this.channels = app.get(BuiltInChannels);
    this.dispatcher = app.get(OutboxDispatcher);
    this.sender = app.get(NotificationSender);
    this.failed = app.get(FailedNotifications);
    this.receipts = app.get(DeliveryReceipts);
    this.vault = app.get(PersonalDataVault);
    this.queue = app.get<Queue>(getQueueToken(NOTIFICATION_QUEUE));
  }

  static async start(options: Partial<NotificationOptions> = {}, now = '2025-01-20T05:00:00Z'): Promise<NotificationWorld> {
    const db = await createTestDatabase([...eventStoreMigrations, ...personalDataMigrations, ...notificationMigrations]);
    const prefix = uniqueQueuePrefix();
    const clock = new FixedClock(new Date(now));
    const app = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: db.url, extra: { max: 20 } }),
        BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
        CqrsModule.forRoot(),
        PersonalDataModule.forRoot({ masterKey: 'test-master-key-0123456789abcdef', hashKey: 'test-hash-key-0123456789abcdef' }),
        EventStoreModule,
        NotificationModule.forRootAsync({
          worker: true,
          useFactory: () => ({ receiptSecret: RECEIPT_SECRET, attempts: 4, backoffMs: 20, ...options }),
        }),
      ],
      providers: [OutboxDispatcher],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await app.init();
    return new NotificationWorld(
      app,
      clock,
      async () => {
        await app.close();
        await flushPrefix(prefix);
        await db.drop();
      },
      sqlOn(db.dataSource),
    );
  }

  close(): Promise<void> {
    return this.dropAll();
  }

  async append(streamId: string, ...events: DomainEvent[]): Promise<string[]> {
    const { events: recorded } = await this.store.append([{ streamId, expectedVersion: 'any', events }], metadataFor(SYSTEM_ACTOR));
    return recorded.map((event) => event.id);
  }

  /** Sets a contact whose phone, if any, the person verified (identity's part, not under test here). */
  setContact(userId: string, contact: { phone?: string; email?: string }) {
    return this.commands.execute(new SetContactCommand(actor(userId), contact, true));
  }

  setPreferences(userId: string, optedOut: string[], preferred?: string) {
    return this.commands.execute(new SetNotificationPreferencesCommand(actor(userId), { optedOut, preferred }));
  }

  /** Plans every event committed so far and sends the planned jobs to the queue. */
  async planAndDispatch(): Promise<void> {
    await this.subscriptions.catchUpCompletely(NOTIFICATION_PLANNER);
    await this.sendOutbox();
  }

  /** One outbox pass of ours (its timer's pass may hold the lock: then we wait for it). */
  async sendOutbox(options: { check?: boolean } = {}): Promise<void> {
    await eventually(() => this.dispatcher.pass(options), 'an outbox pass ran');
  }

  /** Waits until no notification is pending and no send job is waiting, active or delayed. */
  async settled(): Promise<void> {
    await eventually(async () => {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const busy = Object.values(counts).some((n) => n > 0);
      return !busy && (await this.count(`SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'`)) === 0;
    }, 'every notification is sent, skipped or failed');
  }

  async notifications(): Promise<Record<string, any>[]> {
    return (await this.sql.query(`SELECT * FROM notifications ORDER BY event_position, kind`)).rows;
  }

  async sentMessages(): Promise<SentMessage[]> {
    return (await this.sql.query<SentMessage>(`SELECT * FROM notification_sent_messages ORDER BY sent_at, send_round`)).rows;
  }

  async attempts(notificationId: string): Promise<{ channel: string; outcome: string; error_code: string | null }[]> {
    return (
      await this.sql.query<{ channel: string; outcome: string; error_code: string | null }>(
        `SELECT channel, outcome, error_code FROM notification_attempts WHERE notification_id = $1 ORDER BY attempt`,
        [notificationId],
      )
    ).rows;
  }

  async count(text: string, params: unknown[] = []): Promise<number> {
    return (await this.sql.query<{ n: number }>(text, params)).rows[0].n;
  }
}

export const actor = (userId: string): Actor => ({ id: userId, role: 'citizen' });

/** Events as the merchant and prepayment contexts record them (only what the planner reads matters). */
export const merchantRegistered = (merchantId: string, name: string): DomainEvent => ({
  type: 'MerchantRegistered',
  data: {
    merchantId,
    ownerId: `owner-${merchantId}`,
    name,
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: '1234567890',
    registeredAt: '2025-01-02T00:00:00Z',
  },
});

export const prepaymentMade = (prepaymentId: string, payerId: string, merchantId: string, amount = 100_000): DomainEvent => ({
  type: 'PrepaymentMade',
  data: {
    prepaymentId,
    code: '7K3M9QXA',
    payer: { id: payerId, kind: 'citizen' },
    merchantId,
    campaignId: randomUUID(),
    amount,
    channel: 'at_shop',
    paymentConfirmation: null,
    merchantCategory: 'restaurant',
    merchantDistrict: 'Wansan-gu',
    paidAt: '2025-01-20T01:00:00Z',
  },
});

export const prepaymentRedeemed = (prepaymentId: string, merchantId: string, amount: number, balanceAfter: number): DomainEvent => ({
  type: 'PrepaymentRedeemed',
  data: { prepaymentId, merchantId, redemptionId: randomUUID(), amount, balanceAfter, redeemedAt: '2025-01-21T03:00:00Z' },
});

export const prepaymentRefunded = (prepaymentId: string, payerId: string, merchantId: string, amount: number): DomainEvent => ({
  type: 'PrepaymentRefunded',
  data: {
    prepaymentId,
    payerId,
    merchantId,
    campaignId: randomUUID(),
    amount,
    basis: 'within_7_days',
    requestedAt: '2025-01-21T03:00:00Z',
    refundedAt: '2025-01-21T04:00:00Z',
  },
});

import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { type DomainEvent, ProjectionWorkerModule, readAll, START } from '@goodpay/event-store';
import type { DonationPledgeBasisPoints, MerchantEvent } from '@goodpay/merchant';
import type { PaymentChannel, PrepaymentEvent } from '@goodpay/prepayment';
import {
  merchantSettlementsStream,
  PayoutRunner,
  payoutDecider,
  payoutStream,
  RecordingBankTransferAdapter,
  SETTLEMENT_LEDGER,
  SETTLEMENT_QUEUE,
  settlementMigrations,
  SettlementQueries,
  SettlementRun,
  SettlementModule,
  SettlementWorkerModule,
  type SettlementOptions,
} from '@goodpay/settlement';
import { PersonalDataModule, personalDataMigrations } from '@goodpay/personal-data';
import { SettlementProcessor } from '../../../libs/settlement/src/run/settlement.processor';
import { KEYS } from '../personal-data/vault-module';
import { metadataFor } from '../../support/actors';
import { type CatalogueModule, startCatalogueModule } from '../campaign/catalogue-module';

/**
 * The settlement worker module on its own database and queue prefix, with a standing clock,
 * and a way to write the prepayment and merchant history it settles (the events as those
 * contexts record them).
 */
export class SettlementWorld {
  private constructor(readonly system: CatalogueModule) {}

  static async start(options: SettlementOptions = {}, now = '2025-01-14T17:30:00Z'): Promise<SettlementWorld> {
    const settings = { payoutAttempts: 3, payoutBackoffMs: 10, ...options };
    // The vault: settlement accounts are sealed in it. The consumers run as in the worker: the payouts reactor turns scheduled payouts into jobs.
    const modules = [
      PersonalDataModule.forRoot(KEYS),
      SettlementWorkerModule.forRoot(settings),
      SettlementModule.forRoot(settings),
      ProjectionWorkerModule,
    ];
    return new SettlementWorld(await startCatalogueModule(modules, [...settlementMigrations, ...personalDataMigrations], now));
  }

  get run() {
    return this.system.app.get(SettlementRun);
  }
  get queries() {
    return this.system.app.get(SettlementQueries);
  }
  get bank() {
    return this.system.app.get(RecordingBankTransferAdapter);
  }
  get payouts() {
    return this.system.app.get(PayoutRunner);
  }
  get queue(): Queue {
    return this.system.app.get<Queue>(getQueueToken(SETTLEMENT_QUEUE));
  }

  close(): Promise<void> {
    return this.system.close();
  }

  async append(streamId: string, event: DomainEvent): Promise<string> {
    const { lastPosition } = await this.system.store.append([{ streamId, expectedVersion: 'any', events: [event] }], metadataFor());
    return lastPosition;
  }

  async openShop(name: string, pledge: DonationPledgeBasisPoints = 0): Promise<string> {
    const merchantId = randomUUID();
    const registered: MerchantEvent = {
      type: 'MerchantRegistered',
      data: {
        merchantId,
        ownerId: `owner-of-${name}`,
        name,
        category: 'restaurant',
        district: 'Wansan-gu',
        businessRegistrationNumber: '1234567891',
        registeredAt: '2025-01-07T00:00:00Z',
      },
    };
    await this.append(`merchant-${merchantId}`, registered);
    if (pledge > 0) await this.pledge(merchantId, pledge);
    return merchantId;
  }

  pledge(merchantId: string, basisPoints: DonationPledgeBasisPoints): Promise<string> {
    const set: MerchantEvent = { type: 'DonationPledgeSet', data: { merchantId, basisPoints, setAt: '2025-01-08T00:00:00Z' } };
    return this.append(`merchant-${merchantId}`, set);
  }

  async prepay(
    merchantId: string,
    amount: number,
    paidAt: string,
    channel: PaymentChannel = 'platform',
    campaignId = 'c-1',
  ): Promise<string> {
    const prepaymentId = randomUUID();
    const made: PrepaymentEvent = {
      type: 'PrepaymentMade',
      data: {
        prepaymentId,
        code: randomUUID().slice(0, 8),
        payer: { id: 'citizen-1', kind: 'citizen' },
        merchantId,
        campaignId,
        amount,
        channel,
        paymentConfirmation: channel === 'platform' ? { provider: 'toss', externalReference: randomUUID() } : null,
        merchantCategory: 'restaurant',
        merchantDistrict: 'Wansan-gu',
        paidAt,
      },
    };
    await this.append(`prepayment-${prepaymentId}`, made);
    return prepaymentId;
  }

  /** A platform order awaiting its payment: `confirm` makes it (PrepaymentMade), confirmed at `confirmedAt`. */
  async order(merchantId: string, amount: number, paidAt: string) {
    const prepaymentId = randomUUID();
    const data = {
      prepaymentId,
      code: randomUUID().slice(0, 8),
      payer: { id: 'citizen-1', kind: 'citizen' as const },
      merchantId,
      campaignId: 'c-1',
      amount,
      channel: 'platform' as const,
      merchantCategory: 'restaurant' as const,
      merchantDistrict: 'Wansan-gu',
      paidAt,
    };
    const payment = { provider: 'toss', externalReference: randomUUID() };
    await this.append(`prepayment-${prepaymentId}`, { type: 'PrepaymentOrdered', data: { ...data, payment } } satisfies PrepaymentEvent);
    return {
      prepaymentId,
      confirm: (confirmedAt: string) =>
        this.append(`prepayment-${prepaymentId}`, {
          type: 'PrepaymentMade',
          data: { ...data, paymentConfirmation: { ...payment, confirmedBy: 'office', confirmedAt } },
        } satisfies PrepaymentEvent),
    };
  }

  /** `payout`: what went back to the payer, when the terms returned less than the balance (after an expiry). */
  refund(merchantId: string, prepaymentId: string, amount: number, refundedAt: string, payout?: number): Promise<string> {
    const refunded: PrepaymentEvent = {
      type: 'PrepaymentRefunded',
      data: {
        prepaymentId,
        payerId: 'citizen-1',
        merchantId,
        campaignId: 'c-1',
        amount,
        ...(payout === undefined ? {} : { payout }),
        basis: payout === undefined ? 'within_7_days' : 'after_expiry',
        requestedAt: refundedAt,
        refundedAt,
      },
    };
    return this.append(`prepayment-${prepaymentId}`, refunded);
  }

  /** Sets the clock to 02:30 Seoul on the day after `day`: when the daily run settles `day`. */
  dayAfter(day: string): void {
    this.system.clock.set(new Date(Date.parse(`${day}T17:30:00Z`)));
  }

  async settlementEvents(merchantId: string) {
    return (await this.system.store.readStream(merchantSettlementsStream(merchantId))).events;
  }

  async payoutState(settlementId: string) {
    return (await this.system.store.aggregate(payoutStream(settlementId), payoutDecider)).state;
  }

  async ledger(): Promise<void> {
    await this.system.caughtUp(SETTLEMENT_LEDGER);
  }

  /**
   * Runs `body` while the settlement worker takes no job: it finishes the one in hand first, and
   * the day runs and payouts still waiting stay queued until `body` is done. Nothing else appends
   * to the log here, so two reads inside `body` see the same history.
   */
  async withWorkerPaused<T>(body: () => Promise<T>): Promise<T> {
    const { worker } = this.system.app.get(SettlementProcessor);
    await worker.pause();
    try {
      return await body();
    } finally {
      worker.resume();
    }
  }

  /** Waits (polling the log, not the clock of any assertion) until `done` holds. */
  async until(what: string, done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async eventsOfType(type: string): Promise<number> {
    return (await readAll(this.system.sql, this.system.store.schemas, START, 100_000)).filter((e) => e.type === type).length;
  }
}

import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@goodpay/event-store';
import {
  DONATION_LEDGER,
  DONATION_PLEDGES,
  donationMigrations,
  DonationModule,
  DonationQueries,
  DonateCashbackCommand,
  type DonateCashbackInput,
  DisburseFromChestCommand,
  RunReceiptsCommand,
  type ReceiptRunInput,
} from '@goodpay/donation';
import type { MerchantEvent } from '@goodpay/merchant';
import type { SettlementClosed } from '@goodpay/settlement';
import type { Actor } from '@goodpay/shared';
import { metadataFor } from '../../support/actors';
import { type CatalogueModule, contextFor, startCatalogueModule } from '../campaign/catalogue-module';

export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const citizen = (id: string): Actor => ({ id, role: 'citizen' });

/**
 * The donation module on its own database and queue prefix, with a standing clock, and a way
 * to write the merchant and settlement history it reads (the events as those contexts record them).
 */
export class DonationWorld {
  private constructor(readonly system: CatalogueModule) {}

  static async start(now = '2025-02-10T03:00:00Z'): Promise<DonationWorld> {
    return new DonationWorld(await startCatalogueModule([DonationModule.forRoot()], donationMigrations, now));
  }

  get queries() {
    return this.system.app.get(DonationQueries);
  }

  close(): Promise<void> {
    return this.system.close();
  }

  async append(streamId: string, event: DomainEvent): Promise<string> {
    const { lastPosition } = await this.system.store.append([{ streamId, expectedVersion: 'any', events: [event] }], metadataFor());
    return lastPosition;
  }

  donate(citizenId: string, input: Partial<DonateCashbackInput> & { amount: number }, idempotencyKey?: string) {
    const full: DonateCashbackInput = { reportedCashback: 100_000, cashbackMonth: '2025-01', cardReference: '9410123456784321', ...input };
    return this.system.commands.execute(new DonateCashbackCommand(contextFor(citizen(citizenId), idempotencyKey), full));
  }

  disburse(amount: number, project = 'Warm meals for seniors', idempotencyKey?: string) {
    return this.system.commands.execute(new DisburseFromChestCommand(contextFor(staff, idempotencyKey), { project, amount }));
  }

  runReceipts(input: ReceiptRunInput) {
    return this.system.commands.execute(new RunReceiptsCommand(contextFor(staff), input));
  }

  async openShop(name: string): Promise<string> {
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
    return merchantId;
  }

  /** A closed settlement with its pledge, as the settlement context records it. */
  async settle(merchantId: string, day: string, pledge: number): Promise<string> {
    const settlementId = randomUUID();
    const closed: SettlementClosed = {
      type: 'SettlementClosed',
      data: {
        settlementId,
        merchantId,
        day,
        items: [],
        collected: pledge * 100,
        refunded: 0,
        feeBasisPoints: 0,
        fee: 0,
        pledge,
        carriedIn: 0,
        payout: pledge * 99,
        carriedOut: 0,
        closedAt: `${day}T17:30:00.000Z`,
      },
    };
    await this.append(`settlement-${merchantId}`, closed);
    return settlementId;
  }

  async pledgesAccrued(): Promise<void> {
    await this.system.caughtUp(DONATION_PLEDGES);
  }

  async ledger(): Promise<void> {
    await this.system.caughtUp(DONATION_PLEDGES);
    await this.system.caughtUp(DONATION_LEDGER);
  }

  /** Every stored event of `type`, in log order, straight from the table (no reading horizon). */
  async events<Data = Record<string, unknown>>(type: string): Promise<{ streamId: string; transactionId: string; data: Data }[]> {
    const { rows } = await this.system.sql.query<{ stream_id: string; transaction_id: string; data: Data }>(
      `SELECT stream_id, transaction_id::text AS transaction_id, data FROM events WHERE type = $1 ORDER BY global_position`,
      [type],
    );
    return rows.map((row) => ({ streamId: row.stream_id, transactionId: row.transaction_id, data: row.data }));
  }
}

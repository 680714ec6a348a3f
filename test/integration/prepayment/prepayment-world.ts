import { randomBytes, randomUUID } from 'node:crypto';
import { campaignDecider, type CampaignCommand, campaignStream } from '@goodpay/campaign';
import { type Decider, type DomainEvent, EventStore, EventSchemas, type Sql, sqlOn, Subscriptions } from '@goodpay/event-store';
import { type MerchantCategory, type MerchantCommand, merchantDecider, merchantStream } from '@goodpay/merchant';
import {
  CAMPAIGN_DASHBOARD_TABLES,
  formatPrepaymentCode,
  type MakePrepayment,
  MERCHANT_LEDGER_TABLES,
  type Payer,
  type PrepaymentCommand,
  prepaymentDecider,
  prepaymentMigrations,
  prepaymentConsumers,
  prepaymentStream,
  PREPAYMENT_BALANCES_TABLES,
  redemptionAt,
} from '@goodpay/prepayment';
import { eventStoreMigrations } from '@goodpay/event-store';
import type { Actor } from '@goodpay/shared';
import { DataSource } from 'typeorm';
import { metadataFor } from '../../support/actors';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const shopOf = (merchantId: string): Actor => ({ id: `owner-of-${merchantId}`, role: 'merchant', merchantId });
export const actorOf = (payer: Payer): Actor => ({ id: payer.id, role: payer.kind });
export const citizen = (id: string): Payer => ({ id, kind: 'citizen' });
export const organisation = (id: string): Payer => ({ id, kind: 'organisation' });

/** Every table the prepayment projections own, with a stable order for dumps. */
export const READ_MODEL_TABLES: Record<string, readonly string[]> = {
  'prepayment-balances': PREPAYMENT_BALANCES_TABLES,
  'merchant-ledger': MERCHANT_LEDGER_TABLES,
  'campaign-dashboard': CAMPAIGN_DASHBOARD_TABLES,
};

/** A projection's tables, every row, in a fixed order: what "rebuild equals live" compares. */
export async function dumpTables(sql: Sql, projection: string): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of READ_MODEL_TABLES[projection]) {
    const { rows } = await sql.query(`SELECT * FROM ${table} ORDER BY to_jsonb(${table})::text`);
    dump[table] = rows;
  }
  return dump;
}

export interface Appended {
  position: string;
}

/**
 * A test database with the event store and the prepayment read model, and a way to write
 * realistic histories: every event is decided by the context's own decider against the stream
 * as stored, then appended at the version read, as the command handlers do (without them).
 */
export class PrepaymentWorld {
  readonly store: EventStore;
  readonly subscriptions: Subscriptions;
  readonly sql: Sql;

  private constructor(readonly db: TestDatabase) {
    this.store = new EventStore(db.dataSource, new EventSchemas());
    this.subscriptions = new Subscriptions(this.store);
    for (const projection of prepaymentConsumers()) this.subscriptions.register(projection);
    this.sql = sqlOn(db.dataSource);
  }

  static async create(): Promise<PrepaymentWorld> {
    return new PrepaymentWorld(await createTestDatabase([...eventStoreMigrations, ...prepaymentMigrations]));
  }

  /** On a database migrated elsewhere (by the CLI, say); `drop` only disconnects. */
  static async attach(url: string): Promise<PrepaymentWorld> {
    const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    return new PrepaymentWorld({ name: url, url, dataSource, drop: () => dataSource.destroy() });
  }

  drop(): Promise<void> {
    return this.db.drop();
  }

  /** Catches every prepayment projection up with everything committed by now. */
  async project(): Promise<void> {
    for (const name of this.subscriptions.names()) await this.subscriptions.catchUpCompletely(name);
  }

  /** Decides on the stream as stored and appends at the version read. */
  async decide<S, C, E extends DomainEvent>(
    streamId: string,
    decider: Decider<S, C, E>,
    /** Or, for a command that reads one more fact of the stream, how to make it at the version read. */
    command: C | ((version: number) => Promise<C>),
    actor: Actor,
  ): Promise<{ events: E[]; position: string }> {
    const { state, version } = await this.store.aggregate(streamId, decider);
    const events = decider.decide(
      typeof command === 'function' ? await (command as (version: number) => Promise<C>)(version) : command,
      state,
    );
    if (events.length === 0) return { events, position: '0' };
    const { lastPosition } = await this.store.append(
      [{ streamId, expectedVersion: version === 0 ? 'no_stream' : version, events }],
      metadataFor(actor),
    );
    return { events, position: lastPosition };
  }

  async createCampaign(
    campaignId: string,
    target = { participants: 50_000, amount: 5_000_000_000 },
    name = 'Jeonbuk good prepayment 2025',
    rehearsal?: Extract<CampaignCommand, { type: 'CreateCampaign' }>['rehearsal'],
  ): Promise<Appended> {
    return this.campaign({
      type: 'CreateCampaign',
      actor: staff,
      campaignId,
      now: '2025-01-06T00:00:00Z',
      name,
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: '2025-01-13',
      endsOn: '2025-02-28',
      participationTarget: target,
      ...(rehearsal ? { rehearsal } : {}),
    });
  }

  campaign(command: CampaignCommand): Promise<Appended> {
    return this.decide(campaignStream(command.campaignId), campaignDecider, command, staff);
  }

  /** Registered by its owner and approved by staff. */
  async openShop(merchantId: string, category: MerchantCategory, district: string, name = `Shop ${merchantId}`): Promise<Appended> {
    const now = '2025-01-07T00:00:00Z';
    await this.merchant({
      type: 'RegisterMerchant',
      actor: { id: `owner-of-${merchantId}`, role: 'citizen' },
      merchantId,
      now,
      name,
      category,
      district,
      businessRegistrationNumber: '123-45-67891',
    });
    return this.merchant({ type: 'ApproveMerchant', actor: staff, merchantId, now });
  }

  merchant(command: MerchantCommand): Promise<Appended> {
    return this.decide(merchantStream(command.merchantId), merchantDecider, command, staff);
  }

  /** A prepayment recorded at the shop; the campaign's and the merchant's states as stored. */
  async prepay(input: {
    payer: Payer;
    merchantId: string;
    campaignId: string;
    amount: number;
    at: string;
    prepaymentId?: string;
    /** Left unclaimed: the counter customer's, in nobody's wallet. By default the payer claims it at once. */
    unclaimed?: boolean;
  }): Promise<Appended & { prepaymentId: string; code: string }> {
    const { prepaymentId, code, position } = await this.make(input.prepaymentId ?? randomUUID(), input, shopOf(input.merchantId), {
      channel: 'at_shop',
    });
    if (input.unclaimed) return { prepaymentId, code, position };
    const claimed = await this.prepayment(prepaymentId, {
      type: 'ClaimPrepayment',
      actor: { id: input.payer.id, role: input.payer.kind },
      prepaymentId,
      now: input.at,
    });
    return { prepaymentId, code, position: claimed.position };
  }

  /** A platform order by the payer, awaiting its payment's confirmation. */
  async order(input: { payer: Payer; merchantId: string; campaignId: string; amount: number; at: string }) {
    const prepaymentId = randomUUID();
    const paymentConfirmation = { provider: 'toss', externalReference: `pay-${prepaymentId}` };
    return this.make(prepaymentId, input, actorOf(input.payer), { channel: 'platform', paymentConfirmation });
  }

  /** MakePrepayment as the deciders see it: with the campaign's and the merchant's states as stored. */
  private async make(
    prepaymentId: string,
    input: { payer: Payer; merchantId: string; campaignId: string; amount: number; at: string },
    actor: Actor,
    channel: Pick<MakePrepayment, 'channel' | 'paymentConfirmation'>,
  ): Promise<Appended & { prepaymentId: string; code: string }> {
    const code = formatPrepaymentCode(randomBytes(8));
    const [campaign, merchant] = await Promise.all([
      this.store.aggregate(campaignStream(input.campaignId), campaignDecider),
      this.store.aggregate(merchantStream(input.merchantId), merchantDecider),
    ]);
    const { position } = await this.prepayment(prepaymentId, {
      type: 'MakePrepayment',
      actor,
      prepaymentId,
      now: input.at,
      code,
      payer: input.payer,
      merchantId: input.merchantId,
      campaignId: input.campaignId,
      amount: input.amount,
      ...channel,
      campaign: campaign.state,
      merchant: merchant.state,
      organisationAgreementSigned: input.payer.kind === 'organisation' ? true : undefined,
    });
    return { prepaymentId, code, position };
  }

  async redeem(prepaymentId: string, merchantId: string, amount: number, at: string, redemptionId = randomUUID()) {
    const { position } = await this.prepayment(prepaymentId, {
      type: 'RedeemPrepayment',
      actor: shopOf(merchantId),
      prepaymentId,
      now: at,
      redemptionId,
      amount,
    });
    return { redemptionId, position };
  }

  /** As its handler does: with the redemption as the stream tells it at the version decided on. */
  async cancel(prepaymentId: string, merchantId: string, redemptionId: string, at: string): Promise<Appended> {
    const actor = shopOf(merchantId);
    const command = async (version: number): Promise<PrepaymentCommand> => ({
      type: 'CancelRedemption',
      actor,
      prepaymentId,
      now: at,
      redemptionId,
      redemption: await redemptionAt(this.store, prepaymentId, redemptionId, version),
    });
    return this.decide(prepaymentStream(prepaymentId), prepaymentDecider, command, actor);
  }

  async requestRefund(prepaymentId: string, payer: Payer, merchantId: string, campaignId: string, at: string): Promise<Appended> {
    const [campaign, merchant] = await Promise.all([
      this.store.aggregate(campaignStream(campaignId), campaignDecider),
      this.store.aggregate(merchantStream(merchantId), merchantDecider),
    ]);
    return this.prepayment(prepaymentId, {
      type: 'RequestRefund',
      actor: actorOf(payer),
      prepaymentId,
      now: at,
      merchant: merchant.state,
      campaign: campaign.state,
    });
  }

  approveRefund(prepaymentId: string, at: string): Promise<Appended> {
    return this.prepayment(prepaymentId, { type: 'ApproveRefund', actor: staff, prepaymentId, now: at });
  }

  prepayment(prepaymentId: string, command: PrepaymentCommand): Promise<Appended> {
    return this.decide(prepaymentStream(prepaymentId), prepaymentDecider, command, command.actor);
  }
}

import { randomUUID } from 'node:crypto';
import { BullModule } from '@nestjs/bullmq';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { campaignDecider, campaignStream, type PartialPrepaidTerms } from '@goodpay/campaign';
import { type CommandContext, EventStore, eventStoreMigrations, fold, type Sql, sqlOn, Subscriptions } from '@goodpay/event-store';
import { merchantDecider, type MerchantCommand, merchantStream } from '@goodpay/merchant';
import { NOTIFICATION_PLANNER, notificationMigrations, NotificationModule } from '@goodpay/notification';
import { PersonalDataModule, personalDataMigrations } from '@goodpay/personal-data';
import {
  ApproveRefundCommand,
  CAMPAIGN_DASHBOARD,
  CampaignEndSweep,
  ExpirySweep,
  KeepBalanceCommand,
  MakePrepaymentCommand,
  PREPAID_TERMS,
  PREPAYMENT_BALANCES,
  PREPAYMENT_EXPIRY_WATCH,
  PrepaidTermsWorkerModule,
  prepaymentDecider,
  PrepaymentInvariants,
  prepaymentMigrations,
  PrepaymentModule,
  PrepaymentReadModule,
  prepaymentStream,
  RedeemPrepaymentCommand,
  RequestRefundCommand,
} from '@goodpay/prepayment';
import { type Actor, Clock, FixedClock } from '@goodpay/shared';
import { metadataFor } from '../../support/actors';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';

const staff: Actor = { id: 'staff-1', role: 'staff' };

/**
 * The prepaid-certificate terms' flows on the real PostgreSQL: the daily expiry sweep, the
 * prepaid-terms process manager (shop closures, campaign ends), the notification planner, and
 * the payer's commands, all through the same code the worker and the api run.
 */
describe('prepaid-certificate terms on the real event store', () => {
  let db: TestDatabase;
  let app: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let subscriptions: Subscriptions;
  let sql: Sql;
  const prefix = uniqueQueuePrefix();
  const clock = new FixedClock(new Date('2025-01-20T03:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...personalDataMigrations, ...notificationMigrations, ...prepaymentMigrations]);
    app = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: db.url, extra: { max: 20 } }),
        BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
        CqrsModule.forRoot(),
        PersonalDataModule.forRoot({ masterKey: 'test-master-key-0123456789abcdef', hashKey: 'test-hash-key-0123456789abcdef' }),
        NotificationModule.forRootAsync({
          worker: true,
          useFactory: () => ({ receiptSecret: 'test-receipt-secret-of-enough-length-0123456789', dispatchIntervalMs: 3_600_000 }),
        }),
        PrepaymentModule.forRoot('sandbox'),
        PrepaymentReadModule,
        PrepaidTermsWorkerModule,
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await app.init();
    commands = app.get(CommandBus);
    store = app.get(EventStore);
    subscriptions = app.get(Subscriptions);
    sql = sqlOn(db.dataSource);
  });
  afterAll(async () => {
    await app.close();
    await flushPrefix(prefix);
    await db.drop();
  });

  const context = (actor: Actor, idempotencyKey?: string): CommandContext => ({ actor, correlationId: randomUUID(), idempotencyKey });
  const at = (instant: string) => clock.set(new Date(instant));
  const catchUp = async (...names: string[]) => {
    for (const name of names) await subscriptions.catchUpCompletely(name);
  };

  /** `rehearsal`: a rehearsal a year ahead (its clock 365 days after the real one), running 2026-01-13 to 2026-02-28. */
  async function campaignAndShop(owner: Actor, prepaidTerms?: PartialPrepaidTerms, rehearsal = false) {
    const campaignId = randomUUID();
    const merchantId = randomUUID();
    const created = campaignDecider.decide(
      {
        type: 'CreateCampaign',
        actor: staff,
        campaignId,
        now: '2025-01-06T00:00:00Z',
        name: 'Jeonbuk good prepayment',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: rehearsal ? '2026-01-13' : '2025-01-13',
        endsOn: rehearsal ? '2026-02-28' : '2025-02-28',
        participationTarget: { participants: 50_000, amount: 5_000_000_000 },
        prepaidTerms,
        ...(rehearsal && { rehearsal: { clockAt: '2026-01-06T00:00:00Z' } }),
      },
      campaignDecider.initialState(),
    );
    await store.append([{ streamId: campaignStream(campaignId), expectedVersion: 'no_stream', events: created }], metadataFor(staff));
    const registered = merchantDecider.decide(
      {
        type: 'RegisterMerchant',
        actor: owner,
        merchantId,
        now: '2025-01-07T00:00:00Z',
        name: '한옥 국수',
        category: 'restaurant',
        district: 'Wansan-gu',
        businessRegistrationNumber: '123-45-67891',
      },
      merchantDecider.initialState(),
    );
    const approved = merchantDecider.decide(
      { type: 'ApproveMerchant', actor: staff, merchantId, now: '2025-01-08T00:00:00Z' },
      fold(merchantDecider, registered),
    );
    await store.append(
      [{ streamId: merchantStream(merchantId), expectedVersion: 'no_stream', events: [...registered, ...approved] }],
      metadataFor(owner),
    );
    return { campaignId, merchantId };
  }

  /** A confirmed platform prepayment (the sandbox provider confirms at once) of `citizen`. */
  async function prepay(citizen: Actor, shop: { campaignId: string; merchantId: string }, amount = 100_000): Promise<string> {
    const { response } = await commands.execute(
      new MakePrepaymentCommand(context(citizen, randomUUID()), {
        ...shop,
        amount,
        channel: 'platform',
        payer: { id: citizen.id, kind: 'citizen' },
        paymentConfirmation: { provider: 'sandbox', externalReference: `pay-${randomUUID()}` },
      }),
    );
    return response.prepaymentId;
  }

  async function merchantDecides(merchantId: string, command: Omit<MerchantCommand, 'merchantId'>, actor: Actor) {
    const { state, version } = await store.aggregate(merchantStream(merchantId), merchantDecider);
    const events = merchantDecider.decide({ ...command, merchantId } as MerchantCommand, state);
    await store.append([{ streamId: merchantStream(merchantId), expectedVersion: version, events }], metadataFor(actor));
  }

  const prepaymentOf = async (prepaymentId: string) => {
    const { state } = await store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    if (state.status === 'none') throw new Error('no prepayment');
    return state;
  };

  const eventsOf = async (prepaymentId: string) => {
    const { rows } = await sql.query<{ type: string; data: any }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [prepaymentStream(prepaymentId)],
    );
    return rows;
  };

  const plannedFor = async (recipientId: string, kind: string) => {
    const { rows } = await sql.query<{ variables: Record<string, string> }>(
      'SELECT variables FROM notifications WHERE recipient_id = $1 AND kind = $2 ORDER BY event_position',
      [recipientId, kind],
    );
    return rows.map((row) => row.variables);
  };

  it('sends the expiry notices 30 and 7 days before and on the day, each once, even when two sweeps race', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner, { validityDays: 60 });
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    at('2025-01-20T03:00:00Z'); // Jan 20 in Seoul: usable through Mar 21
    const prepaymentId = await prepay(citizen, shop);
    expect((await prepaymentOf(prepaymentId)).expiresOn).toBe('2025-03-21');
    await commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), prepaymentId, 25_000));
    await catchUp(PREPAYMENT_EXPIRY_WATCH);

    const sweep = app.get(ExpirySweep);
    const daysNoticed: number[] = [];
    for (const day of ['2025-02-18', '2025-02-19', '2025-02-20', '2025-03-13', '2025-03-14', '2025-03-21', '2025-03-22']) {
      at(`${day}T01:00:00Z`); // 10:00 in Seoul, when the scheduler runs
      // Two sweeps at once (a doubled job, two workers): the prepayment's version decides, one notice.
      const results = await Promise.all([sweep.sweep(`test-${day}-a`), sweep.sweep(`test-${day}-b`)]);
      if (results.reduce((sum, r) => sum + r.noticed, 0) > 0) daysNoticed.push(Number(day.slice(8)));
    }
    expect(daysNoticed).toEqual([19, 14, 21]);
    const notices = (await eventsOf(prepaymentId)).filter((e) => e.type === 'ExpiryNoticeDue').map((e) => e.data.daysBefore);
    expect(notices).toEqual([30, 7, 0]);

    // Each notice becomes one message to the payer, planned once.
    await catchUp(NOTIFICATION_PLANNER);
    const planned = await plannedFor(citizen.id, 'prepayment_expiry_notice');
    expect(planned.map((v) => v.when)).toEqual(['30일 남음', '7일 남음', '오늘']);
    expect(planned[0]).toMatchObject({ balance: '75,000원', expiresOn: '2025-03-21', merchantName: '한옥 국수' });

    // After the expiry: no redemption, and 95% of the balance (face value above 50,000) comes back.
    at('2025-03-22T01:00:00Z');
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), prepaymentId, 1_000))).rejects.toMatchObject({
      code: 'prepayment_expired',
    });
    await commands.execute(new RequestRefundCommand(context(citizen), prepaymentId));
    await commands.execute(new ApproveRefundCommand(context(staff), prepaymentId));
    const refunded = (await eventsOf(prepaymentId)).find((e) => e.type === 'PrepaymentRefunded')!;
    expect(refunded.data).toMatchObject({ basis: 'after_expiry', amount: 75_000, payout: 71_250 });
    await catchUp(PREPAYMENT_BALANCES, PREPAYMENT_EXPIRY_WATCH);
    expect((await app.get(PrepaymentInvariants).check()).violations).toEqual([]);
    const { rows } = await sql.query('SELECT 1 FROM prepayment_expiry_watch WHERE prepayment_id = $1', [prepaymentId]);
    expect(rows).toHaveLength(0);
  });

  it('offers every holder of a balance the choice when the campaign closes, and refunds who chooses it', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner, { keepAfterCampaignEnd: true });
    const [keeper, refunder, usedUp] = [1, 2, 3].map((): Actor => ({ id: `citizen-${randomUUID()}`, role: 'citizen' }));
    at('2025-01-20T03:00:00Z');
    const kept = await prepay(keeper, shop);
    const refunding = await prepay(refunder, shop, 200_000);
    const exhausted = await prepay(usedUp, shop);
    await commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), exhausted, 100_000));
    await commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), refunding, 20_000));
    // Before the end: outside the 7 days and under 60% used, no refund.
    at('2025-02-20T03:00:00Z');
    await expect(commands.execute(new RequestRefundCommand(context(refunder), refunding))).rejects.toMatchObject({
      code: 'refund_not_allowed',
    });

    const { state, version } = await store.aggregate(campaignStream(shop.campaignId), campaignDecider);
    const closed = campaignDecider.decide(
      { type: 'CloseCampaign', actor: staff, campaignId: shop.campaignId, reason: 'ended', now: '2025-02-28T06:00:00Z' },
      state,
    );
    await store.append([{ streamId: campaignStream(shop.campaignId), expectedVersion: version, events: closed }], metadataFor(staff));
    await catchUp(PREPAID_TERMS);
    await catchUp(PREPAID_TERMS); // a second pass (a redelivered batch) offers nothing twice

    const offers = async (id: string) => (await eventsOf(id)).filter((e) => e.type === 'CampaignEndChoiceOffered').map((e) => e.data);
    expect(await offers(kept)).toEqual([expect.objectContaining({ balance: 100_000, keepAllowed: true, payerId: keeper.id })]);
    expect(await offers(refunding)).toEqual([expect.objectContaining({ balance: 180_000, keepAllowed: true })]);
    expect(await offers(exhausted)).toEqual([]);
    await catchUp(NOTIFICATION_PLANNER);
    expect(await plannedFor(refunder.id, 'campaign_end_choice')).toEqual([expect.objectContaining({ balance: '180,000원' })]);

    at('2025-03-02T03:00:00Z');
    await commands.execute(new KeepBalanceCommand(context(keeper), kept));
    await commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), kept, 10_000));
    await commands.execute(new RequestRefundCommand(context(refunder), refunding));
    await commands.execute(new ApproveRefundCommand(context(owner), refunding));
    expect(await prepaymentOf(refunding)).toMatchObject({ status: 'refunded', balance: 0, refund: { amount: 180_000, payout: 180_000 } });
    expect((await eventsOf(refunding)).find((e) => e.type === 'RefundRequested')!.data.basis).toBe('campaign_ended');
  });

  it('freezes a closed shop’s prepayments and refunds their holders at once under the default policy', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner);
    const citizens = [1, 2].map((): Actor => ({ id: `citizen-${randomUUID()}`, role: 'citizen' }));
    at('2025-01-20T03:00:00Z');
    const [first, second] = await Promise.all(citizens.map((citizen) => prepay(citizen, shop)));
    await commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), first, 40_000));

    at('2025-02-10T03:00:00Z');
    await merchantDecides(
      shop.merchantId,
      { type: 'CloseMerchant', actor: staff, now: '2025-02-10T03:00:00Z', reason: 'closing down' } as never,
      staff,
    );
    await catchUp(PREPAID_TERMS);

    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), second, 1_000))).rejects.toMatchObject({
      status: 422,
    });
    expect(await prepaymentOf(first)).toMatchObject({
      status: 'refunded',
      frozen: 'merchant_closed',
      refund: { amount: 60_000, payout: 60_000 },
    });
    expect(await prepaymentOf(second)).toMatchObject({ status: 'refunded', refund: { amount: 100_000, payout: 100_000 } });
    await catchUp(NOTIFICATION_PLANNER, PREPAYMENT_BALANCES);
    expect(await plannedFor(citizens[0].id, 'prepayment_refunded')).toEqual([expect.objectContaining({ amount: '60,000원' })]);
    expect((await app.get(PrepaymentInvariants).check()).violations).toEqual([]);
  });

  it('under a staff-approved 80% policy, a suspension freezes and requests; staff approve; reinstatement unfreezes the rest', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner, { shopClosure: { refundPercent: 80, approval: 'staff' } });
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    at('2025-01-20T03:00:00Z');
    const prepaymentId = await prepay(citizen, shop);

    at('2025-02-10T03:00:00Z');
    await merchantDecides(
      shop.merchantId,
      { type: 'SuspendMerchant', actor: staff, now: '2025-02-10T03:00:00Z', reason: 'inspection' } as never,
      staff,
    );
    await catchUp(PREPAID_TERMS);
    expect(await prepaymentOf(prepaymentId)).toMatchObject({
      status: 'active',
      frozen: 'merchant_suspended',
      refundRequest: { basis: 'merchant_closed', percent: 80 },
    });
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), prepaymentId, 1_000))).rejects.toMatchObject({
      code: 'prepayment_frozen',
    });
    await commands.execute(new ApproveRefundCommand(context(staff), prepaymentId));
    expect(await prepaymentOf(prepaymentId)).toMatchObject({ status: 'refunded', refund: { amount: 100_000, payout: 80_000 } });

    // Reinstated: the freeze is lifted (this one was refunded meanwhile, and stays refunded).
    await merchantDecides(
      shop.merchantId,
      { type: 'ReinstateMerchant', actor: staff, now: '2025-02-11T03:00:00Z', reason: 'ok' } as never,
      staff,
    );
    await catchUp(PREPAID_TERMS);
    expect(await prepaymentOf(prepaymentId)).toMatchObject({ frozen: null, status: 'refunded' });
  });

  it('offers the choice by itself the day after a campaign’s last day, when nobody closed it, once', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner, { keepAfterCampaignEnd: false });
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    at('2025-01-20T03:00:00Z');
    const prepaymentId = await prepay(citizen, shop);
    await catchUp(PREPAID_TERMS);

    const sweep = app.get(CampaignEndSweep);
    at('2025-02-28T14:00:00Z'); // 23:00 on Feb 28 in Seoul: its last day, still running
    await sweep.sweep('test-last-day');
    expect((await prepaymentOf(prepaymentId)).campaignEnd).toBeNull();

    at('2025-03-01T01:00:00Z');
    await Promise.all([sweep.sweep('test-a'), sweep.sweep('test-b')]);
    await sweep.sweep('test-again');
    const offers = (await eventsOf(prepaymentId)).filter((e) => e.type === 'CampaignEndChoiceOffered');
    expect(offers).toEqual([expect.objectContaining({ data: expect.objectContaining({ keepAllowed: false, balance: 100_000 }) })]);
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), prepaymentId, 1_000))).rejects.toMatchObject({
      code: 'campaign_ended',
    });
    await commands.execute(new RequestRefundCommand(context(citizen), prepaymentId));
    expect((await prepaymentOf(prepaymentId)).refundRequest).toMatchObject({ basis: 'campaign_ended', percent: 100 });
  });

  describe("on a rehearsal's own clock (a year ahead of the real one)", () => {
    it('sends its expiry notices on its days, not the real ones', async () => {
      const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
      const shop = await campaignAndShop(owner, { validityDays: 60 }, true);
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      at('2025-01-20T03:00:00Z'); // Jan 20, 2026 on the rehearsal's clock: usable through Mar 21, 2026
      const prepaymentId = await prepay(citizen, shop);
      expect((await prepaymentOf(prepaymentId)).expiresOn).toBe('2026-03-21');
      // The sweep finds the rehearsals in the dashboard's campaign targets.
      await catchUp(CAMPAIGN_DASHBOARD, PREPAYMENT_BALANCES, PREPAYMENT_EXPIRY_WATCH);

      at('2025-02-19T01:00:00Z'); // Feb 19, 2026 for the rehearsal: 30 days before
      expect((await app.get(ExpirySweep).sweep('test-rehearsal')).noticed).toBe(1);
      const notice = (await eventsOf(prepaymentId)).find((e) => e.type === 'ExpiryNoticeDue')!;
      expect(notice.data).toMatchObject({ daysBefore: 30 });
    });

    it('offers the choice the day after its own last day', async () => {
      const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
      const shop = await campaignAndShop(owner, { keepAfterCampaignEnd: false }, true);
      const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
      at('2025-01-20T03:00:00Z');
      const prepaymentId = await prepay(citizen, shop);
      await catchUp(PREPAID_TERMS);

      at('2025-03-01T01:00:00Z'); // Mar 1, 2026 for the rehearsal: past its Feb 28, 2026
      await app.get(CampaignEndSweep).sweep('test-rehearsal-end');
      const offers = (await eventsOf(prepaymentId)).filter((e) => e.type === 'CampaignEndChoiceOffered');
      expect(offers).toEqual([expect.objectContaining({ data: expect.objectContaining({ keepAllowed: false, balance: 100_000 }) })]);
    });
  });
});

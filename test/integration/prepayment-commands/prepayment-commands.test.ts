import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { BullModule } from '@nestjs/bullmq';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { campaignDecider, campaignStream } from '@goodpay/campaign';
import { type CommandContext, EventStore, eventStoreMigrations, fold, Subscriptions } from '@goodpay/event-store';
import { merchantDecider, merchantStream } from '@goodpay/merchant';
import {
  ApproveRefundCommand,
  CancelOrderCommand,
  CancelRedemptionCommand,
  ClaimPrepaymentCommand,
  ConfirmPaymentCommand,
  MakePrepaymentCommand,
  type MakePrepaymentInput,
  PREPAYMENT_BALANCES,
  payerMonthStream,
  PrepaymentCodes,
  prepaymentDecider,
  PrepaymentInvariants,
  prepaymentMigrations,
  PrepaymentModule,
  PrepaymentQueries,
  PrepaymentReadModule,
  prepaymentStream,
  RedeemPrepaymentCommand,
  RequestRefundCommand,
} from '@goodpay/prepayment';
import { type Actor, Clock, DomainError, FixedClock } from '@goodpay/shared';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';
import { metadataFor } from '../../support/actors';

const staff: Actor = { id: 'staff-1', role: 'staff' };

describe('prepayment commands on the real event store', () => {
  let db: TestDatabase;
  let app: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  const prefix = uniqueQueuePrefix();
  const clock = new FixedClock(new Date('2025-01-20T03:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...prepaymentMigrations]);
    app = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: db.url, extra: { max: 30 } }),
        BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
        CqrsModule.forRoot(),
        // The development built-in: the 'sandbox' provider's payments are confirmed, others wait for staff.
        PrepaymentModule.forRoot('sandbox'),
        PrepaymentReadModule,
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await app.init();
    commands = app.get(CommandBus);
    store = app.get(EventStore);
  });
  afterAll(async () => {
    await app.close();
    await flushPrefix(prefix);
    await db.drop();
  });

  const context = (actor: Actor, idempotencyKey?: string): CommandContext => ({ actor, correlationId: randomUUID(), idempotencyKey });

  /** A Jeonbuk-like campaign and an approved shop owned by `owner`, written through their deciders. */
  async function campaignAndShop(owner: Actor) {
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
        startsOn: '2025-01-13',
        endsOn: '2025-02-28',
        participationTarget: { participants: 50_000, amount: 5_000_000_000 },
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
        name: 'Hanok Noodles',
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

  /** A citizen's order paid on the platform, with a reference only the provider or staff can confirm. */
  const platformOrder = (
    citizen: Actor,
    shop: { campaignId: string; merchantId: string },
    { amount = 100_000, provider = 'toss', externalReference = `pay-${randomUUID()}` } = {},
  ) =>
    commands.execute(
      new MakePrepaymentCommand(context(citizen, randomUUID()), {
        ...shop,
        amount,
        channel: 'platform',
        payer: { id: citizen.id, kind: 'citizen' },
        paymentConfirmation: { provider, externalReference },
      }),
    );

  const balanceFromLog = async (prepaymentId: string) => {
    const { state } = await store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    if (state.status === 'none') throw new Error('no prepayment');
    return state;
  };

  it('lets 50 concurrent redemptions take at most the balance; the rest are refused clearly', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const input: MakePrepaymentInput = {
      campaignId,
      merchantId,
      amount: 100_000,
      channel: 'at_shop',
      payer: { id: 'citizen-1', kind: 'citizen' },
    };
    const { response } = await commands.execute(new MakePrepaymentCommand(context(owner, randomUUID()), input));

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), response.prepaymentId, 7_000)),
      ),
    );
    const succeeded = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as DomainError);

    expect(succeeded.length * 7_000).toBeLessThanOrEqual(100_000);
    expect(succeeded).toHaveLength(14); // 14 x 7,000 = 98,000; the 2,000 left cannot pay 7,000
    for (const refusal of refused) {
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal.code).toBe('insufficient_balance');
      expect(refusal.status).toBe(422);
    }
    expect(await balanceFromLog(response.prepaymentId)).toMatchObject({ redeemed: 98_000, balance: 2_000 });

    // The worker's projection agrees: each accepted redemption once, the same balance.
    await app.get(Subscriptions).catchUpCompletely(PREPAYMENT_BALANCES);
    const projected = await app.get(PrepaymentQueries).getPrepayment(response.prepaymentId);
    expect(projected).toMatchObject({ redeemed: 98_000n, balance: 2_000n });
    expect(projected.redemptions).toHaveLength(14);
    expect((await app.get(PrepaymentInvariants).check()).violations).toEqual([]);
  });

  it('refuses exactly the concurrent redemptions that one after another would find too much, and replays each key', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const input: MakePrepaymentInput = {
      campaignId,
      merchantId,
      amount: 100_000,
      channel: 'at_shop',
      payer: { id: 'citizen-2', kind: 'citizen' },
    };
    const { response } = await commands.execute(new MakePrepaymentCommand(context(owner, randomUUID()), input));
    const redeem = (amount: number, key: string) =>
      commands.execute(new RedeemPrepaymentCommand(context(owner, key), response.prepaymentId, amount));
    const keys = Array.from({ length: 6 }, () => randomUUID());
    // In arrival order: 60,000 leaves 40,000; 50,000 is too much; 30,000 leaves 10,000; 20,000 is too much;
    // the twin of the first has its answer; 10,000 takes the rest.
    const amounts = [60_000, 50_000, 30_000, 20_000, 60_000, 10_000];
    const keyOf = [0, 1, 2, 3, 0, 5];
    const results = await Promise.allSettled(amounts.map((amount, i) => redeem(amount, keys[keyOf[i]])));
    expect(
      results.map((r) => (r.status === 'fulfilled' ? (r.value.replayed ? 'replayed' : 'redeemed') : (r.reason as DomainError).code)),
    ).toEqual(['redeemed', 'insufficient_balance', 'redeemed', 'insufficient_balance', 'replayed', 'redeemed']);
    const first = results[0] as PromiseFulfilledResult<{ response: unknown; position: string }>;
    expect((results[4] as PromiseFulfilledResult<unknown>).value).toEqual({ ...first.value, replayed: true });
    expect(await balanceFromLog(response.prepaymentId)).toMatchObject({ redeemed: 100_000, balance: 0 });
    // A retried visit, later, gets its first answer; a refused one is decided again.
    await expect(redeem(30_000, keys[2])).resolves.toEqual({ ...(results[2] as PromiseFulfilledResult<object>).value, replayed: true });
    await expect(redeem(20_000, keys[3])).rejects.toMatchObject({ code: 'insufficient_balance' });
  });

  it('holds the monthly cap when one citizen prepays five times at once', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner);
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => platformOrder(citizen, shop)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3); // 300,000 a month
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'monthly_limit_exceeded' });
    }
  });

  it('redeems once for a repeated Idempotency-Key, and refuses the key for another amount', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const { response } = await commands.execute(
      new MakePrepaymentCommand(context(owner, randomUUID()), {
        campaignId,
        merchantId,
        amount: 100_000,
        channel: 'at_shop',
        payer: { id: 'c-2', kind: 'citizen' },
      }),
    );
    const key = randomUUID();
    const first = await commands.execute(new RedeemPrepaymentCommand(context(owner, key), response.prepaymentId, 30_000));
    const again = await commands.execute(new RedeemPrepaymentCommand(context(owner, key), response.prepaymentId, 30_000));
    expect(again).toEqual({ ...first, replayed: true });
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, key), response.prepaymentId, 40_000))).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(await balanceFromLog(response.prepaymentId)).toMatchObject({ redeemed: 30_000, balance: 70_000 });
  });

  it('cancels a redemption older than the snapshot once, though sent twice at once beside redemptions', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const { response } = await commands.execute(
      new MakePrepaymentCommand(context(owner, randomUUID()), {
        campaignId,
        merchantId,
        amount: 100_000,
        channel: 'at_shop',
        payer: { id: 'c-3', kind: 'citizen' },
      }),
    );
    const { prepaymentId } = response;
    const redeem = () => commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), prepaymentId, 1_000));
    const first = (await redeem()).response.redemptionId;
    for (let i = 0; i < 24; i += 1) await redeem();
    const [snapshot] = await db.dataSource.query('SELECT version FROM stream_snapshots WHERE stream_id = $1', [
      prepaymentStream(prepaymentId),
    ]);
    expect(snapshot.version).toBeGreaterThan(2); // the first redemption is folded into it

    const cancel = (redemptionId: string) => commands.execute(new CancelRedemptionCommand(context(owner), prepaymentId, redemptionId));
    const results = await Promise.allSettled([cancel(first), redeem(), cancel(first), redeem()]);
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? 'done' : (r.reason as DomainError).code));
    expect(outcomes.filter((o) => o === 'redemption_already_cancelled')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(3);
    expect(await balanceFromLog(prepaymentId)).toMatchObject({ redeemed: 26_000, balance: 74_000 });
    await expect(cancel(randomUUID())).rejects.toMatchObject({ code: 'redemption_not_found', status: 404 });
  });

  it('refuses a payment confirmation used for an earlier prepayment, and resolves codes typed at the till', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    const input: MakePrepaymentInput = {
      campaignId,
      merchantId,
      amount: 100_000,
      channel: 'platform',
      payer: { id: citizen.id, kind: 'citizen' },
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    };
    const { response } = await commands.execute(new MakePrepaymentCommand(context(citizen, randomUUID()), input));
    await commands.execute(new ConfirmPaymentCommand(context(staff), response.prepaymentId, 100_000));
    await expect(commands.execute(new MakePrepaymentCommand(context(citizen, randomUUID()), input))).rejects.toMatchObject({
      code: 'payment_already_recorded',
      status: 422,
    });
    const typed = `${response.code.slice(0, 4).toLowerCase()}-${response.code.slice(4)}`;
    await expect(app.get(PrepaymentCodes).resolve(typed)).resolves.toMatchObject({ prepaymentId: response.prepaymentId, balance: 100_000 });
  });

  it('makes a platform order only on a server-side confirmation: the provider (sandbox) at once, else staff from the statement', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner);
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    const order = (provider: string) => platformOrder(citizen, shop, { provider });
    const types = async (prepaymentId: string) => (await store.readStream(prepaymentStream(prepaymentId))).events.map((e) => e.type);

    const sandbox = (await order('sandbox')).response.prepaymentId;
    expect(await types(sandbox)).toEqual(['PrepaymentOrdered', 'PrepaymentMade']);

    // A made-up reference at a real provider is only an order: nothing to redeem.
    const forged = (await order('toss')).response.prepaymentId;
    expect(await types(forged)).toEqual(['PrepaymentOrdered']);
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), forged, 1_000))).rejects.toMatchObject({
      code: 'payment_not_confirmed',
      status: 422,
    });
    await expect(commands.execute(new ConfirmPaymentCommand(context(staff), forged, 99_000))).rejects.toMatchObject({
      code: 'payment_amount_mismatch',
    });
    await commands.execute(new ConfirmPaymentCommand(context(staff), forged, 100_000));
    await commands.execute(new ConfirmPaymentCommand(context(staff), forged, 100_000));
    const { events } = await store.readStream(prepaymentStream(forged));
    expect(events.map((e) => e.type)).toEqual(['PrepaymentOrdered', 'PrepaymentMade']);
    expect(events[1].metadata.actor).toEqual(staff);
    expect(events[1].data).toMatchObject({ paymentConfirmation: { provider: 'toss', confirmedBy: 'office' } });
  });

  it("gives the month's room of an order cancelled unpaid back to its payer", async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner);
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    const order = (amount: number) => platformOrder(citizen, shop, { amount });
    const abandoned = (await order(300_000)).response.prepaymentId;
    await expect(order(100_000)).rejects.toMatchObject({ code: 'monthly_limit_exceeded' });
    const stranger: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    await expect(commands.execute(new CancelOrderCommand(context(stranger), abandoned))).rejects.toMatchObject({
      code: 'prepayment_not_found',
      status: 404,
    });
    await commands.execute(new CancelOrderCommand(context(citizen), abandoned));
    await commands.execute(new CancelOrderCommand(context(citizen), abandoned));
    await expect(order(300_000)).resolves.toMatchObject({ response: { prepaymentId: expect.any(String) } });
    const month = await store.readStream(payerMonthStream(shop.campaignId, citizen.id, '2025-01'));
    expect(month.events.map((e) => [e.type, (e.data as { monthTotal: number }).monthTotal])).toEqual([
      ['MonthlyPrepaymentRecorded', 300_000],
      ['MonthlyPrepaymentReleased', 0],
      ['MonthlyPrepaymentRecorded', 300_000],
    ]);
    await expect(commands.execute(new ConfirmPaymentCommand(context(staff), abandoned, 300_000))).rejects.toMatchObject({
      code: 'order_cancelled',
    });
  });

  it('refuses one payment reference spelt in another width or case', async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const shop = await campaignAndShop(owner);
    const [first, second]: Actor[] = [1, 2].map(() => ({ id: `citizen-${randomUUID()}`, role: 'citizen' }));
    const suffix = randomUUID().slice(0, 8);
    const order = (citizen: Actor, provider: string, externalReference: string) =>
      platformOrder(citizen, shop, { provider, externalReference });
    await order(first, 'TOSS', `fake-1-${suffix}`);
    const fullWidth = (text: string) =>
      [...text].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    for (const [provider, reference] of [
      ['ｔｏｓｓ', `FAKE-1-${suffix}`.toUpperCase()],
      ['toss', fullWidth(`fake-1-${suffix}`)],
      ['Toss', `fake\u200b-1-${suffix}`],
    ]) {
      await expect(order(second, provider, reference)).rejects.toMatchObject({ code: 'payment_already_recorded', status: 422 });
    }
  });

  it("counts a shop's prepayment for the citizen it names only once they claim it, and holds the monthly cap at claims made at once", async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const citizen: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      const { response } = await commands.execute(
        new MakePrepaymentCommand(context(owner, randomUUID()), {
          campaignId,
          merchantId,
          amount: 100_000,
          channel: 'at_shop',
          payer: { id: citizen.id, kind: 'citizen' },
        }),
      );
      made.push(response);
    }
    // Named five times over the cap, the citizen's month is untouched.
    const month = payerMonthStream(campaignId, citizen.id, '2025-01');
    expect((await store.readStream(month)).version).toBe(0);

    // Someone else with the code is told it does not exist, like a mistyped one.
    const stranger: Actor = { id: `citizen-${randomUUID()}`, role: 'citizen' };
    await expect(commands.execute(new ClaimPrepaymentCommand(context(stranger), made[0].code))).rejects.toMatchObject({
      code: 'prepayment_code_not_found',
      status: 404,
    });

    const results = await Promise.allSettled(made.map(({ code }) => commands.execute(new ClaimPrepaymentCommand(context(citizen), code))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3); // 300,000 a month
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'monthly_limit_exceeded' });
    }
    const { events } = await store.readStream(month);
    expect(events.map((e) => (e.data as { monthTotal: number }).monthTotal)).toEqual([100_000, 200_000, 300_000]);

    // Claiming again answers the same and writes nothing; after the claim, others still see nothing.
    const claimed = made[results.findIndex((r) => r.status === 'fulfilled')];
    await expect(commands.execute(new ClaimPrepaymentCommand(context(citizen), claimed.code.toLowerCase()))).resolves.toMatchObject({
      response: { prepaymentId: claimed.prepaymentId },
    });
    await expect(commands.execute(new ClaimPrepaymentCommand(context(stranger), claimed.code))).rejects.toMatchObject({
      code: 'prepayment_code_not_found',
    });
    expect((await store.readStream(month)).version).toBe(3);
  });

  it("refuses another shop's redemption and an unknown prepayment", async () => {
    const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    const { campaignId, merchantId } = await campaignAndShop(owner);
    const { response } = await commands.execute(
      new MakePrepaymentCommand(context(owner, randomUUID()), {
        campaignId,
        merchantId,
        amount: 100_000,
        channel: 'at_shop',
        payer: { id: 'c-3', kind: 'citizen' },
      }),
    );
    const stranger: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
    // Another shop's prepayment answers exactly as an unknown one.
    await expect(
      commands.execute(new RedeemPrepaymentCommand(context(stranger, randomUUID()), response.prepaymentId, 1_000)),
    ).rejects.toMatchObject({
      code: 'prepayment_not_found',
      status: 404,
    });
    await expect(commands.execute(new RedeemPrepaymentCommand(context(owner, randomUUID()), randomUUID(), 1_000))).rejects.toMatchObject({
      code: 'prepayment_not_found',
      status: 404,
    });
  });
  describe('random command sequences, some sent at once', () => {
    const command = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant('make' as const), payer: fc.nat(3), amount: fc.integer({ min: 50_000, max: 400_000 }) }),
      },
      {
        weight: 6,
        arbitrary: fc.record({ kind: fc.constant('redeem' as const), pick: fc.nat(), amount: fc.integer({ min: 1, max: 250_000 }) }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('request' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: fc.nat() }) },
    );
    type RandomCommand = typeof command extends fc.Arbitrary<infer C> ? C : never;
    /** Waves of up to four commands; a wave's commands race each other. */
    const waves = fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });

    it('refuse only with domain errors and leave every invariant holding, in the log and in the projection', async () => {
      const accepted = { make: 0, redeem: 0, cancel: 0, request: 0, approve: 0 };
      await fc.assert(
        fc.asyncProperty(waves, async (plan) => {
          const owner: Actor = { id: `owner-${randomUUID()}`, role: 'merchant' };
          const { campaignId, merchantId } = await campaignAndShop(owner);
          const payers: Actor[] = Array.from({ length: 4 }, () => ({ id: `citizen-${randomUUID()}`, role: 'citizen' }));
          const made: { prepaymentId: string; payer: Actor }[] = [];
          const redemptions: { prepaymentId: string; redemptionId: string }[] = [];

          const run = async (step: RandomCommand): Promise<void> => {
            const nth = <T>(items: T[], pick: number): T | undefined => items[pick % Math.max(items.length, 1)];
            if (step.kind === 'make') {
              const payer = payers[step.payer];
              const { response } = await commands.execute(
                new MakePrepaymentCommand(context(owner, randomUUID()), {
                  campaignId,
                  merchantId,
                  amount: step.amount,
                  channel: 'at_shop',
                  payer: { id: payer.id, kind: 'citizen' },
                }),
              );
              made.push({ prepaymentId: response.prepaymentId, payer });
              return;
            }
            if (step.kind === 'cancel') {
              const redemption = nth(redemptions, step.pick);
              if (redemption)
                await commands.execute(new CancelRedemptionCommand(context(owner), redemption.prepaymentId, redemption.redemptionId));
              return;
            }
            const prepayment = nth(made, step.pick);
            if (!prepayment) return;
            if (step.kind === 'redeem') {
              const { response } = await commands.execute(
                new RedeemPrepaymentCommand(context(owner, randomUUID()), prepayment.prepaymentId, step.amount),
              );
              redemptions.push(response);
            } else if (step.kind === 'request') {
              await commands.execute(new RequestRefundCommand(context(prepayment.payer), prepayment.prepaymentId));
            } else {
              await commands.execute(new ApproveRefundCommand(context(owner), prepayment.prepaymentId));
            }
          };

          for (const wave of plan) {
            const results = await Promise.allSettled(wave.map(run));
            results.forEach((result, i) => result.status === 'fulfilled' && (accepted[wave[i].kind] += 1));
            for (const result of results) {
              // A refusal is a rule saying no (4xx with a code), never a crash or a lost race.
              if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DomainError);
              if (result.status === 'rejected') expect((result.reason as DomainError).status).toBeLessThan(500);
            }
          }

          for (const { prepaymentId } of made) {
            const state = await balanceFromLog(prepaymentId);
            expect(state.balance).toBeGreaterThanOrEqual(0);
            expect(state.balance).toBe(state.amount - state.redeemed - state.refunded);
          }
          await app.get(Subscriptions).catchUpCompletely(PREPAYMENT_BALANCES);
          const report = await app.get(PrepaymentInvariants).check();
          expect(report.violations).toEqual([]);
          expect(report.ok).toBe(true);
        }),
        { numRuns: 15 },
      );
      // The runs did reach the interesting paths, not only refusals.
      expect(accepted.make).toBeGreaterThan(0);
      expect(accepted.redeem).toBeGreaterThan(0);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { addDays } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import { DAILY_SCHEDULER_ID, settlementIdOf } from '@goodpay/settlement';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { eventually } from '../../support/processes';
import { InProcessProduct, PAYOUT_ATTEMPTS } from './support/in-process-product';
import {
  EXPECTED_SETTLEMENTS,
  type ExpectedSettlement,
  FEE_BASIS_POINTS,
  RUN_AT_HOUR_SEOUL,
  settlementsOn,
  type Shop,
  TRANSFERRED,
  WEEK,
  WEEK_TOTALS,
} from './support/week-book';

const env = useIsolatedEnv('settlement_week');
// Read by AppConfig when the product starts: the fee and the hour come from configuration.
process.env.SETTLEMENT_FEE_BASIS_POINTS = String(FEE_BASIS_POINTS);
process.env.SETTLEMENT_HOUR_SEOUL = String(RUN_AT_HOUR_SEOUL);

/**
 * Issue 5's "done when", end to end: the whole product running with its workers (projections,
 * the settlement processor, the payout runner, the pledge subscriber) while the test moves the
 * clock through a week of prepayments, redemptions and refunds at three shops. Every command
 * and every read goes over HTTP; the expected figures are in week-book.ts, worked out by hand.
 */
describe('e2e: a week of settlement and donations with the workers running', () => {
  const product = new InProcessProduct('2025-03-02T01:00:00.000Z');
  const shops = {} as Record<Shop, { merchantId: string; owner: string; name: string }>;
  const prepayments: Record<string, string> = {};
  let staff: string;
  let kim: string; // citizens
  let lee: string;
  let park: string;
  let campaignId: string;

  const call = product.call.bind(product);
  const create = (url: string, token: string, body: unknown) => call('POST', url, { token, body, key: randomUUID() });

  const expectCreated = (answer: { status: number; body: any }) => {
    if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const expectOk = (answer: { status: number; body: any }) => {
    if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const prepayOnline = async (name: string, citizen: string, shop: Shop, amount: number) => {
    const made = expectCreated(
      await create('/prepayments', citizen, {
        campaignId,
        merchantId: shops[shop].merchantId,
        amount,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: `pay-${name}` },
      }),
    );
    // The office confirms the payment from the provider's statement: only then is it owed to the shop.
    expectOk(await call('POST', `/prepayments/${made.prepaymentId}/payment-confirmation`, { token: staff, body: { amount } }));
    prepayments[name] = made.prepaymentId;
  };
  const prepayAtCounter = async (name: string, citizenId: string, shop: Shop, amount: number) => {
    const made = expectCreated(
      await create('/prepayments', shops[shop].owner, {
        campaignId,
        merchantId: shops[shop].merchantId,
        amount,
        channel: 'at_shop',
        payer: { id: citizenId, kind: 'citizen' },
      }),
    );
    prepayments[name] = made.prepaymentId;
  };
  const redeem = async (name: string, shop: Shop, amount: number) =>
    expectCreated(await create(`/prepayments/${prepayments[name]}/redemptions`, shops[shop].owner, { amount }));
  const refund = async (name: string, payer: string, shop: Shop) => {
    expectOk(await call('POST', `/prepayments/${prepayments[name]}/refund-request`, { token: payer }));
    expectOk(await call('POST', `/prepayments/${prepayments[name]}/refund-approval`, { token: shops[shop].owner }));
  };
  const donate = (citizen: string, body: { amount: number; reportedCashback: number; cashbackMonth: string; cardReference: string }) =>
    create('/donations', citizen, body);

  const settlementOf = (expected: ExpectedSettlement) => settlementIdOf(shops[expected.shop].merchantId, expected.day);

  /**
   * The night after `day`: the clock passes the configured Seoul hour and the daily job
   * scheduler's job fires. BullMQ's scheduler runs on the real clock, so the test adds the job
   * the scheduler would add (its name and data, read from the scheduler itself); the worker
   * then settles the Seoul day before the moved clock, as it does every night.
   */
  const settleOvernight = async (day: string) => {
    product.at(addDays(day, 1), `0${RUN_AT_HOUR_SEOUL}:05`);
    const queue = product.settlementQueue;
    const scheduler = await queue.getJobScheduler(DAILY_SCHEDULER_ID);
    const trigger = await queue.add(scheduler!.name, scheduler!.template?.data ?? {}, { jobId: `test-trigger.${day}` });
    await eventually(async () => (await queue.getJobState(trigger.id!)) === 'completed', `the nightly trigger after ${day} ran`);
    // The trigger settles every day since the last settled one up to the day before the (moved)
    // clock, in order, itself: this night's day is the last of them.
    const { returnvalue } = (await queue.getJob(trigger.id!))!;
    expect(returnvalue.days.at(-1)).toBe(day);
    const expected = settlementsOn(day);
    await eventually(async () => {
      const { body } = await call('GET', `/settlements?from=${day}&to=${day}`, { token: staff });
      const statuses = new Map<string, unknown>(
        body.items.map((s: { settlementId: string; payoutStatus: unknown }) => [s.settlementId, s.payoutStatus]),
      );
      return body.total === expected.length && expected.every((s) => statuses.get(settlementOf(s)) === s.outcome);
    }, `the settlements of ${day} are built and their payouts have run`);
  };

  beforeAll(async () => {
    await product.start();
    [staff, kim, lee, park] = await Promise.all([
      product.token('staff-week', 'staff'),
      product.token('citizen-kim', 'citizen'),
      product.token('citizen-lee', 'citizen'),
      product.token('citizen-park', 'citizen'),
    ]);

    // Sunday before the week: the campaign opens; three shops register and are approved; the
    // noodle shop becomes a donation angel at 3%.
    campaignId = expectCreated(
      await create('/campaigns', staff, {
        name: 'Jeonju good prepayment, March',
        region: { kind: 'city', name: 'Jeonju' },
        startsOn: '2025-03-03',
        endsOn: '2025-03-31',
        bounds: { minPerPrepayment: 10_000, maxPerPrepayment: 300_000, maxPerPersonPerMonth: 1_000_000 },
        participationTarget: { participants: 5_000, amount: 500_000_000 },
      }),
    ).campaignId;
    const names: Record<Shop, string> = { noodles: 'Hanok Noodles', cafe: 'Morning Cafe', stall: 'Nambu Market Stall' };
    for (const shop of ['noodles', 'cafe', 'stall'] as const) {
      const owner = await product.token(`owner-${shop}`, 'merchant');
      const { merchantId } = expectCreated(
        await create('/merchants', owner, {
          name: names[shop],
          category: 'restaurant',
          district: 'Wansan-gu',
          businessRegistrationNumber: aBusinessRegistrationNumber(),
        }),
      );
      expectOk(await call('POST', `/merchants/${merchantId}/approve`, { token: staff }));
      shops[shop] = { merchantId, owner, name: names[shop] };
    }
    expectOk(
      await call('PUT', `/merchants/${shops.noodles.merchantId}/donation-pledge`, {
        token: shops.noodles.owner,
        body: { basisPoints: 300 },
      }),
    );
  });

  afterAll(async () => {
    await product.stop();
    await env.cleanup();
  });

  it('keeps one daily settlement job scheduler, at the configured Seoul hour', async () => {
    expect(await product.settlementQueue.getJobScheduler(DAILY_SCHEDULER_ID)).toMatchObject({
      pattern: `0 ${RUN_AT_HOUR_SEOUL} * * *`,
      tz: 'Asia/Seoul',
      name: 'settle-previous-day',
    });
  });

  it('Mon: settles platform prepayments only; a refused transfer is retried with backoff and paid', async () => {
    product.at(WEEK[0], '11:00');
    await prepayOnline('kim-noodles-mon', kim, 'noodles', 100_000);
    await prepayOnline('lee-cafe-mon', lee, 'cafe', 200_000);
    await prepayAtCounter('park-stall-mon', 'citizen-park', 'stall', 150_000);
    await redeem('kim-noodles-mon', 'noodles', 30_000);
    await product.bank.failNext(shops.cafe.merchantId, 1);

    await settleOvernight(WEEK[0]);

    const payouts = expectOk(await call('GET', '/payouts', { token: staff }));
    expect(payouts.find((p: { merchantId: string }) => p.merchantId === shops.cafe.merchantId)).toMatchObject({
      amount: 195_000,
      status: 'paid',
      round: 1,
      failedAttempts: 1,
      lastError: expect.stringContaining('refused'),
    });
  });

  it('Tue: a payout that fails every attempt stays failed for staff, who retry it; it is then paid once', async () => {
    product.at(WEEK[1], '11:00');
    await prepayOnline('lee-stall-tue', lee, 'stall', 123_457);
    await prepayOnline('kim-noodles-tue', kim, 'noodles', 123_457);
    await redeem('park-stall-mon', 'stall', 20_000);
    await product.bank.failNext(shops.stall.merchantId, PAYOUT_ATTEMPTS);

    await settleOvernight(WEEK[1]);

    const stallTuesday = settlementIdOf(shops.stall.merchantId, WEEK[1]);
    const failed = expectOk(await call('GET', '/payouts?status=failed', { token: staff }));
    expect(failed).toEqual([
      expect.objectContaining({ settlementId: stallTuesday, amount: 120_371, status: 'failed', failedAttempts: PAYOUT_ATTEMPTS }),
    ]);
    expect(await product.bank.transfers(shops.stall.merchantId)).toEqual([]);

    product.at(WEEK[2], '09:00');
    const retried = expectOk(await call('POST', `/payouts/${stallTuesday}/retry`, { token: staff }));
    expect(retried).toMatchObject({ settlementId: stallTuesday, round: 2 });
    await eventually(
      async () => (await call('GET', `/settlements/${stallTuesday}`, { token: staff })).body.payoutStatus === 'paid',
      "the stall's retried payout is paid",
    );
    const statement = expectOk(await call('GET', `/settlements/${stallTuesday}`, { token: shops.stall.owner }));
    expect(statement.payoutDetail).toMatchObject({ status: 'paid', round: 2, failedAttempts: PAYOUT_ATTEMPTS, amount: 120_371 });
    expect((await call('POST', `/payouts/${stallTuesday}/retry`, { token: staff })).body).toMatchObject({
      status: 422,
      code: 'payout_already_paid',
    });
  });

  it("Wed: a refund beyond the day's takings pays nothing and carries the rest to the next settlement", async () => {
    product.at(WEEK[2], '11:00');
    await refund('lee-cafe-mon', lee, 'cafe');
    await prepayOnline('park-cafe-wed', park, 'cafe', 50_000);
    await settleOvernight(WEEK[2]);
  });

  it('Thu: the carried deduction comes off the next payout', async () => {
    product.at(WEEK[3], '11:00');
    await prepayOnline('kim-cafe-thu', kim, 'cafe', 300_000);
    await prepayOnline('park-noodles-thu', park, 'noodles', 100_000);
    await redeem('kim-noodles-tue', 'noodles', 50_000);
    await settleOvernight(WEEK[3]);
  });

  it('Fri: a partly used prepayment is refunded; citizens donate cashback, never more than they report', async () => {
    product.at(WEEK[4], '11:00');
    await refund('kim-noodles-tue', kim, 'noodles');
    product.at(WEEK[4], '11:30');
    await prepayOnline('lee-noodles-fri', lee, 'noodles', 200_000);
    expectCreated(
      await donate(kim, { amount: 5_000, reportedCashback: 12_000, cashbackMonth: '2025-02', cardReference: '9410-1234-5678-4321' }),
    );
    expectCreated(await donate(lee, { amount: 7_000, reportedCashback: 7_000, cashbackMonth: '2025-02', cardReference: '5678' }));
    const tooMuch = await donate(kim, { amount: 8_000, reportedCashback: 12_000, cashbackMonth: '2025-02', cardReference: '4321' });
    expect(tooMuch).toMatchObject({ status: 422, body: { code: 'donation_exceeds_cashback' } });
    await settleOvernight(WEEK[4]);
  });

  it("Sat and Sun: a day paid only at the counter settles nothing; Sunday's online prepayment does", async () => {
    product.at(WEEK[5], '11:00');
    await prepayAtCounter('park-noodles-sat', 'citizen-park', 'noodles', 100_000);
    await redeem('park-noodles-sat', 'noodles', 40_000);
    await settleOvernight(WEEK[5]);

    product.at(WEEK[6], '11:00');
    await prepayOnline('park-stall-sun', park, 'stall', 100_000);
    expectCreated(
      await donate(kim, { amount: 3_000, reportedCashback: 3_000, cashbackMonth: '2025-03', cardReference: '9410-1234-5678-4321' }),
    );
    await settleOvernight(WEEK[6]);
  });

  it('every settlement adds up to the won, as worked out by hand', async () => {
    const { items, total } = expectOk(await call('GET', '/settlements?limit=100', { token: staff }));
    expect(total).toBe(EXPECTED_SETTLEMENTS.length);
    for (const expected of EXPECTED_SETTLEMENTS) {
      const { shop, outcome, ...figures } = expected;
      expect(items.find((s: { settlementId: string }) => s.settlementId === settlementOf(expected))).toMatchObject({
        ...figures,
        merchantId: shops[shop].merchantId,
        merchantName: shops[shop].name,
        feeBasisPoints: FEE_BASIS_POINTS,
        payoutStatus: outcome === 'failed' ? 'paid' : outcome, // the stall's failed payout was retried and paid
      });
    }
  });

  it("a shop reads its statements with the prepayments and refunds in each, and nobody else's", async () => {
    const noodles = expectOk(await call('GET', '/settlements', { token: shops.noodles.owner }));
    expect(noodles.items.map((s: { day: string }) => s.day)).toEqual(['2025-03-07', '2025-03-06', '2025-03-04', '2025-03-03']);

    const friday = settlementIdOf(shops.noodles.merchantId, WEEK[4]);
    const statement = expectOk(await call('GET', `/settlements/${friday}`, { token: shops.noodles.owner }));
    expect(statement.items).toEqual([
      expect.objectContaining({ kind: 'refunded', prepaymentId: prepayments['kim-noodles-tue'], amount: 73_457, day: WEEK[4] }),
      expect.objectContaining({ kind: 'collected', prepaymentId: prepayments['lee-noodles-fri'], amount: 200_000, day: WEEK[4] }),
    ]);
    expect(statement.payoutDetail).toMatchObject({ amount: 115_543, status: 'paid', round: 1, failedAttempts: 0 });

    const monday = expectOk(await call('GET', `/settlements/${settlementIdOf(shops.noodles.merchantId, WEEK[0])}`, { token: staff }));
    expect(monday.items).toEqual([
      expect.objectContaining({ kind: 'collected', prepaymentId: prepayments['kim-noodles-mon'], amount: 100_000 }),
    ]);

    expect((await call('GET', `/settlements/${friday}`, { token: shops.cafe.owner })).body).toMatchObject({
      status: 404,
      code: 'settlement_not_found',
    });
    const cafe = expectOk(await call('GET', '/settlements', { token: shops.cafe.owner }));
    expect(cafe.items.every((s: { merchantId: string }) => s.merchantId === shops.cafe.merchantId)).toBe(true);
  });

  it('each day reconciles: collected = payouts + fees + pledges + refunds carried, with no difference', async () => {
    const week = { collected: 0, refunded: 0, fee: 0, pledge: 0, payout: 0 };
    for (const day of WEEK) {
      const expected = settlementsOn(day);
      const sum = (key: keyof ExpectedSettlement) => expected.reduce((total, s) => total + (s[key] as number), 0);
      const reconciliation = expectOk(await call('GET', `/settlement-days/${day}/reconciliation`, { token: staff }));
      expect(reconciliation).toMatchObject({
        day,
        balanced: true,
        unsettled: { count: 0, collected: 0, refunded: 0 },
        totals: {
          collected: sum('collected'),
          refunded: sum('refunded'),
          fee: sum('fee'),
          pledge: sum('pledge'),
          carriedIn: sum('carriedIn'),
          carriedOut: sum('carriedOut'),
          payout: sum('payout'),
          paid: sum('payout'),
          difference: 0,
        },
      });
      expect(reconciliation.lines).toHaveLength(expected.length);
      for (const key of Object.keys(week) as (keyof typeof week)[]) week[key] += reconciliation.totals[key];
    }
    expect(week).toEqual(WEEK_TOTALS);
    expect(week.collected).toBe(week.payout + week.fee + week.pledge + week.refunded);
  });

  it('the bank received each payout exactly once', async () => {
    const transfers = await product.bank.transfers();
    expect(transfers).toHaveLength(EXPECTED_SETTLEMENTS.filter((s) => s.payout > 0).length);
    expect(new Set(transfers.map((t) => t.reference)).size).toBe(transfers.length);
    for (const shop of ['noodles', 'cafe', 'stall'] as const) {
      const toShop = transfers.filter((t) => t.merchantId === shops[shop].merchantId);
      expect(toShop.reduce((total, t) => total + t.amount, 0)).toBe(TRANSFERRED[shop]);
    }
  });

  it('running a settled day again changes nothing', async () => {
    const before = await call('GET', '/settlements?limit=100', { token: staff });
    const events = await product.eventCount();
    const queued = await call('POST', `/settlement-days/${WEEK[3]}/run`, { token: staff });
    expect(queued).toMatchObject({ status: 202, body: { day: WEEK[3], jobId: `settle-day.${WEEK[3]}` } });
    // The day's job is removed once it completed.
    await eventually(async () => (await product.settlementQueue.getJob(queued.body.jobId)) === undefined, 'the repeated run is over');
    expect(await product.eventCount()).toBe(events);
    expect((await call('GET', '/settlements?limit=100', { token: staff })).body).toEqual(before.body);
    expect(await product.bank.transfers()).toHaveLength(EXPECTED_SETTLEMENTS.filter((s) => s.payout > 0).length);
  });

  describe('donations', () => {
    const receipts: { receiptId: string; number: number; total: number; donor: { type: string; id: string } }[] = [];

    it("pledges accrue into the community chest beside citizens' cashback; staff disburse to a welfare project", async () => {
      await eventually(
        async () => (await call('GET', '/community-chest/ledger', { token: staff })).body.received?.pledge === WEEK_TOTALS.pledge,
        "every settlement's pledge reached the chest",
      );
      const ledger = expectOk(await call('GET', '/community-chest/ledger', { token: staff }));
      // Cashback: kim 5,000 + 3,000, lee 7,000. Pledges: 3,000 + 3,703 + 3,000 + 6,000.
      expect(ledger).toMatchObject({
        received: { cashback: 15_000, pledge: 15_703, total: 30_703 },
        disbursed: 0,
        balance: 30_703,
        total: 7,
      });

      product.at('2025-03-10', '10:00');
      const disbursed = expectCreated(
        await create('/community-chest/disbursements', staff, { project: 'Warm meals for seniors living alone', amount: 20_000 }),
      );
      const after = expectOk(await call('GET', `/community-chest/ledger?after=${disbursed.position}`, { token: staff }));
      expect(after).toMatchObject({ received: { total: 30_703 }, disbursed: 20_000, balance: 10_703, total: 8 });
      expect(after.entries.at(-1)).toMatchObject({
        kind: 'disbursement',
        project: 'Warm meals for seniors living alone',
        amount: 20_000,
        balance: 10_703,
      });
      const overdrawn = await create('/community-chest/disbursements', staff, { project: 'Winter coal', amount: 10_704 });
      expect(overdrawn).toMatchObject({ status: 422, body: { code: 'insufficient_chest_balance' } });

      const kimsDonations = expectOk(await call('GET', '/me/donations', { token: kim }));
      expect(kimsDonations).toMatchObject({ total: 8_000, unreceipted: 8_000 });
      expect(kimsDonations.items.map((d: { card: string }) => d.card)).toEqual(['****-4321', '****-4321']);
    });

    it('a receipt run gives each donor one receipt, numbered from 1 without gaps; a repeat issues nothing', async () => {
      const first = expectOk(await call('POST', '/donation-receipts/runs', { token: staff, body: { year: 2025 } }));
      receipts.push(...first.issued);
      expect(receipts.map((r) => r.number).sort((a, b) => a - b)).toEqual([1, 2, 3]);
      const totalOf = (type: string, id: string) => receipts.find((r) => r.donor.type === type && r.donor.id === id)?.total;
      expect(totalOf('merchant', shops.noodles.merchantId)).toBe(15_703);
      expect(totalOf('citizen', 'citizen-kim')).toBe(8_000);
      expect(totalOf('citizen', 'citizen-lee')).toBe(7_000);

      const events = await product.eventCount();
      expect(expectOk(await call('POST', '/donation-receipts/runs', { token: staff, body: { year: 2025 } })).issued).toEqual([]);
      expect(await product.eventCount()).toBe(events);

      // A later gift goes on the donor's next receipt, with the year's next number.
      expectCreated(await donate(lee, { amount: 1_000, reportedCashback: 1_000, cashbackMonth: '2025-03', cardReference: '5678' }));
      const second = expectOk(await call('POST', '/donation-receipts/runs', { token: staff, body: { year: 2025 } }));
      expect(second.issued).toEqual([expect.objectContaining({ number: 4, total: 1_000, donor: { type: 'citizen', id: 'citizen-lee' } })]);
      receipts.push(...second.issued);

      // Every donated won is on exactly one receipt: the receipts add up to what the chest received.
      const ledger = expectOk(await call('GET', `/community-chest/ledger?after=${second.position}`, { token: staff }));
      expect(receipts.reduce((total, r) => total + r.total, 0)).toBe(ledger.received.total);
      expect(ledger.received.total).toBe(31_703);
    });

    it('a receipt reads as JSON and as a printable page with the right total, for its donor only', async () => {
      const noodles = receipts.find((r) => r.donor.type === 'merchant')!;
      const json = expectOk(await call('GET', `/donation-receipts/${noodles.receiptId}`, { token: shops.noodles.owner }));
      expect(json).toMatchObject({
        year: 2025,
        number: noodles.number,
        receiptNumber: `2025-00000${noodles.number}`,
        donorName: 'Hanok Noodles',
        total: 15_703,
      });
      expect(json.items.map((item: { amount: number; donatedOn: string }) => [item.donatedOn, item.amount])).toEqual([
        ['2025-03-03', 3_000],
        ['2025-03-04', 3_703],
        ['2025-03-06', 3_000],
        ['2025-03-07', 6_000],
      ]);

      const page = await call('GET', `/donation-receipts/${noodles.receiptId}?format=html`, { token: shops.noodles.owner });
      expect(page.status).toBe(200);
      expect(page.contentType).toContain('text/html');
      expect(page.text).toContain('<tfoot><tr><th colspan="3">합계 / Total</th><th class="amount">15,703 원</th></tr></tfoot>');
      expect(page.text).toContain(`2025-00000${noodles.number}`);
      expect(page.text).toContain('사회복지공동모금회');

      const kims = receipts.find((r) => r.donor.id === 'citizen-kim')!;
      expect((await call('GET', `/donation-receipts/${kims.receiptId}?format=html`, { token: kim })).text).toContain('8,000 원');
      expect((await call('GET', `/donation-receipts/${kims.receiptId}`, { token: lee })).body).toMatchObject({ status: 404 });
      expect((await call('GET', `/donation-receipts/${noodles.receiptId}`, { token: shops.cafe.owner })).body).toMatchObject({
        status: 404,
      });
    });

    it('the public figures show the month, the kinds of donor and the donation-angel shop by name', async () => {
      const figures = expectOk(await call('GET', '/donations/figures?year=2025'));
      expect(figures).toEqual({
        byMonth: [{ month: '2025-03', citizen: 16_000, merchant: 15_703, total: 31_703, donations: 8 }],
        byDonorType: [
          { donorType: 'citizen', amount: 16_000, donors: 2, donations: 4 },
          { donorType: 'merchant', amount: 15_703, donors: 1, donations: 4 },
        ],
        topMerchants: [{ rank: 1, name: 'Hanok Noodles', amount: 15_703 }],
        total: 31_703,
      });
    });
  });
});

import { COMMUNITY_CHEST_STREAM } from '@goodpay/donation';
import { refusal } from '../campaign/catalogue-module';
import { DonationWorld } from './donation-world';

describe('donations: citizens give cashback; the community chest never gives more than it holds', () => {
  let world: DonationWorld;

  beforeAll(async () => {
    world = await DonationWorld.start();
  });
  afterAll(async () => {
    await world.close();
  });

  it("records a citizen's donation and the chest's credit together, keeping only the card's last 4 digits", async () => {
    const { response } = await world.donate('citizen-a', {
      amount: 12_000,
      reportedCashback: 20_000,
      cardReference: '9410 1234 5678 4321',
    });
    const [donated] = (await world.system.store.readStream('donor-citizen-citizen-a')).events;
    const credited = (await world.system.store.readStream(COMMUNITY_CHEST_STREAM)).events.find(
      (event) => (event.data as { donationId: string }).donationId === response.donationId,
    )!;
    expect(donated).toMatchObject({
      type: 'CashbackDonated',
      data: { donationId: response.donationId, amount: 12_000, cardLast4: '4321' },
    });
    expect(credited).toMatchObject({
      type: 'ChestCredited',
      transactionId: donated.transactionId,
      data: { amount: 12_000, source: 'cashback' },
    });
    const stored = await world.system.sql.query(
      `SELECT data::text AS data FROM events WHERE data::text LIKE '%94101234%' OR data::text LIKE '%9410 1234%'`,
    );
    expect(stored.rows).toEqual([]);

    await world.ledger();
    expect(await world.queries.donationsOf({ type: 'citizen', id: 'citizen-a' })).toMatchObject({
      total: 12_000n,
      unreceipted: 12_000n,
      items: [{ donationId: response.donationId, source: 'cashback', card: '****-4321', cashbackMonth: '2025-01' }],
    });
  });

  it('refuses more than the reported cashback of the month, changing nothing', async () => {
    await world.donate('citizen-b', { amount: 15_000, reportedCashback: 20_000 });
    const before = await world.system.eventCount();
    expect(await refusal(world.donate('citizen-b', { amount: 5_001, reportedCashback: 20_000 }))).toMatchObject({
      code: 'donation_exceeds_cashback',
      status: 422,
    });
    expect(await refusal(world.donate('citizen-b', { amount: 1, reportedCashback: 10_000 }))).toMatchObject({
      code: 'donation_exceeds_cashback',
    });
    expect(await world.system.eventCount()).toBe(before);
  });

  it('lets concurrent donations from one month together give no more than the cashback', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => world.donate('citizen-c', { amount: 10_000, reportedCashback: 30_000 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(3).fill('donation_exceeds_cashback'),
    );
    await world.ledger();
    expect((await world.queries.donationsOf({ type: 'citizen', id: 'citizen-c' })).total).toBe(30_000n);
  });

  it('answers a repeated Idempotency-Key with the first donation, and refuses the key for another one', async () => {
    const first = await world.donate('citizen-d', { amount: 1_000 }, 'donate-key-0001');
    const again = await world.donate('citizen-d', { amount: 1_000 }, 'donate-key-0001');
    expect(again).toMatchObject({ replayed: true, response: first.response, position: first.position });
    expect(await refusal(world.donate('citizen-d', { amount: 2_000 }, 'donate-key-0001'))).toMatchObject({
      code: 'idempotency_key_reused',
    });
    await world.ledger();
    expect((await world.queries.donationsOf({ type: 'citizen', id: 'citizen-d' })).items).toHaveLength(1);
  });

  it('disburses to welfare projects up to the balance, never beyond, even when asked at once', async () => {
    await world.ledger();
    const { balance } = await world.queries.chestLedger();
    expect(balance).toBe(BigInt(12_000 + 15_000 + 30_000 + 1_000));
    expect(await refusal(world.disburse(Number(balance) + 1))).toMatchObject({ code: 'insufficient_chest_balance', status: 422 });

    const asks = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => world.disburse(20_000, `Project ${i}`)));
    expect(asks.filter((r) => r.status === 'fulfilled')).toHaveLength(2); // 58,000 holds two of 20,000
    expect(
      asks.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'insufficient_chest_balance'),
    ).toBe(true);

    await world.ledger();
    const ledger = await world.queries.chestLedger();
    expect(ledger).toMatchObject({ received: { cashback: 58_000n, pledge: 0n, total: 58_000n }, disbursed: 40_000n, balance: 18_000n });
    expect(ledger.entries.every((entry) => entry.balance >= 0n)).toBe(true);
    expect(ledger.entries.at(-1)!.balance).toBe(18_000n);
    expect(ledger.entries.filter((entry) => entry.kind === 'disbursement').map((entry) => entry.project)).toHaveLength(2);
  });

  it('rebuilds the ledger to exactly the live rows', async () => {
    await world.ledger();
    const tables = [
      ['donations', 'donation_id'],
      ['community_chest_entries', 'position'],
      ['donation_receipts', 'receipt_id'],
      ['donation_merchants', 'merchant_id'],
    ] as const;
    const live = await Promise.all(tables.map(([table, order]) => world.system.rows(table, order)));
    await world.system.subscriptions.rebuild('donation-ledger');
    expect(await Promise.all(tables.map(([table, order]) => world.system.rows(table, order)))).toEqual(live);
  });
});

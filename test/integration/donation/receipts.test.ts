import { type DonationReceiptIssued, receiptCounterStream, type ReceiptNumberAllocated } from '@goodpay/donation';
import { refusal } from '../campaign/catalogue-module';
import { DonationWorld } from './donation-world';

type Issued = DonationReceiptIssued['data'];

describe('donation receipts: per donor per year, numbered without gaps, every won on exactly one', () => {
  let world: DonationWorld;

  beforeAll(async () => {
    world = await DonationWorld.start('2024-12-30T03:00:00Z');
  });
  afterAll(async () => {
    await world.close();
  });

  /** Every donation of `year` in the log, and the receipts that list them. */
  async function reconcile(year: number) {
    const donations = [
      ...(await world.events<{ donationId: string; amount: number; donatedOn: string }>('CashbackDonated')),
      ...(await world.events<{ donationId: string; amount: number; donatedOn: string }>('PledgeDonated')),
    ]
      .map((event) => event.data)
      .filter((donation) => donation.donatedOn.startsWith(`${year}-`));
    const receipts = (await world.events<Issued>('DonationReceiptIssued'))
      .map((event) => event.data)
      .filter((receipt) => receipt.year === year);
    const listed = receipts.flatMap((receipt) => receipt.items.map((item) => item.donationId));
    return { donations, receipts, listed };
  }

  it('issues one receipt per donor for the year, numbered from 1, listing each donation; a second run changes nothing', async () => {
    await world.donate('citizen-1', { amount: 3_000, cashbackMonth: '2024-12', reportedCashback: 10_000 });
    world.system.clock.set('2025-01-05T03:00:00Z');
    await world.donate('citizen-1', { amount: 4_000, cashbackMonth: '2024-12', reportedCashback: 10_000 });
    await world.donate('citizen-1', { amount: 1_000, cashbackMonth: '2025-01', reportedCashback: 10_000 });
    await world.donate('citizen-2', { amount: 2_500, cashbackMonth: '2025-01', reportedCashback: 10_000 });
    const shop = await world.openShop('Hanok Noodles');
    await world.settle(shop, '2025-01-03', 1_555);
    await world.pledgesAccrued();

    const run = await world.runReceipts({ year: 2025 });
    expect(run.response.issued.map((receipt) => [receipt.number, receipt.donor.id, receipt.total])).toEqual([
      [1, 'citizen-1', 5_000],
      [2, 'citizen-2', 2_500],
      [3, shop, 1_555],
    ]);
    const events = await world.system.eventCount();
    const again = await world.runReceipts({ year: 2025 });
    expect(again).toMatchObject({ response: { issued: [] }, position: '0' });
    expect(await world.system.eventCount()).toBe(events);

    // The 2024 donation waits for the 2024 run, which numbers its own year from 1.
    expect((await world.runReceipts({ year: 2024 })).response.issued).toEqual([
      expect.objectContaining({ number: 1, total: 3_000, donor: { type: 'citizen', id: 'citizen-1' } }),
    ]);

    await world.ledger();
    const [mine] = await world.queries.receiptsFor({ id: 'citizen-1', role: 'citizen' });
    expect(mine).toMatchObject({ receiptNumber: '2025-000001', total: 5_000n, itemCount: 2 });
    const shopReceipt = await world.queries.receipt(run.response.issued[2].receiptId);
    expect(shopReceipt).toMatchObject({
      donorName: 'Hanok Noodles',
      merchantOwnerId: 'owner-of-Hanok Noodles',
      items: [{ source: 'pledge', amount: 1_555, donatedOn: '2025-01-03' }],
    });
    expect((await world.queries.receipt(run.response.issued[0].receiptId)).donorName).toBe('ci*****-1');
    expect((await world.queries.donationsOf({ type: 'citizen', id: 'citizen-1' })).unreceipted).toBe(0n);
  });

  it('issues a later receipt for donations made after a run, and receipts one donor on request', async () => {
    await world.donate('citizen-2', { amount: 500, cashbackMonth: '2025-01', reportedCashback: 10_000 });
    await world.donate('citizen-3', { amount: 700, cashbackMonth: '2025-01', reportedCashback: 10_000 });
    const one = await world.runReceipts({ year: 2025, donor: { type: 'citizen', id: 'citizen-2' } });
    expect(one.response.issued).toEqual([expect.objectContaining({ number: 4, total: 500 })]);
    expect((await world.runReceipts({ year: 2025 })).response.issued).toEqual([expect.objectContaining({ number: 5, total: 700 })]);
  });

  it('refuses a year not begun and a donor that is not one', async () => {
    expect(await refusal(world.runReceipts({ year: 2026 }))).toMatchObject({ code: 'receipt_year_in_future', status: 422 });
    expect(await refusal(world.runReceipts({ year: 2025, donor: { type: 'staff', id: 'x' } }))).toMatchObject({
      code: 'invalid_donor',
      status: 400,
    });
  });

  it('never leaves a gap or a twin number, nor a won on two receipts or none, when runs race each other and new donations', async () => {
    const donors = Array.from({ length: 12 }, (_, i) => `racer-${i}`);
    await Promise.all(donors.map((id) => world.donate(id, { amount: 1_000, cashbackMonth: '2025-01', reportedCashback: 50_000 })));
    await world.ledger();
    await Promise.all([
      world.runReceipts({ year: 2025 }),
      world.runReceipts({ year: 2025 }),
      world.runReceipts({ year: 2025 }),
      ...donors.slice(0, 6).map((id) => world.runReceipts({ year: 2025, donor: { type: 'citizen', id } })),
      ...donors.map((id) => world.donate(id, { amount: 2_000, cashbackMonth: '2025-01', reportedCashback: 50_000 })),
    ]);
    await world.runReceipts({ year: 2025 }); // whatever the racing runs could not yet see

    const numbers = (await world.events<ReceiptNumberAllocated['data']>('ReceiptNumberAllocated')).filter(
      (event) => event.data.year === 2025,
    );
    expect(numbers.map((event) => event.data.number)).toEqual(numbers.map((_, index) => index + 1));
    expect(new Set(numbers.map((event) => event.streamId))).toEqual(new Set([receiptCounterStream(2025)]));

    const { donations, receipts, listed } = await reconcile(2025);
    expect(receipts.map((receipt) => receipt.number).sort((a, b) => a - b)).toEqual(numbers.map((event) => event.data.number));
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(donations.map((donation) => donation.donationId)));
    const donated = donations.reduce((sum, donation) => sum + donation.amount, 0);
    expect(receipts.reduce((sum, receipt) => sum + receipt.total, 0)).toBe(donated);

    await world.ledger();
    const { rows } = await world.system.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM donations WHERE receipt_id IS NULL`);
    expect(rows[0].n).toBe(0);
  });
});

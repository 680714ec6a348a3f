import { type DonationReceiptIssued, type DonorTaxIdentityRecorded, TaxReceipts, taxIdentityStream } from '@goodpay/donation';
import { metadataFor } from '../../support/actors';
import { DonationWorld } from './donation-world';

/**
 * Tax receipts keyed by the person, on the real PostgreSQL: requests from the person's accounts
 * and a staff run racing each other never put a donation on two receipts, never skip or repeat
 * a number, and a cancellation gives the donations back for exactly one later receipt.
 */
describe('tax receipts under concurrency', () => {
  let world: DonationWorld;
  const person = 'subject-00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    world = await DonationWorld.start('2025-03-10T03:00:00Z');
    const recorded: DonorTaxIdentityRecorded = {
      type: 'DonorTaxIdentityRecorded',
      data: {
        person,
        userId: 'acc-1',
        sealed: 'pd1.AAAA',
        maskedRrn: '900101-1******',
        consent: { version: 'v', purpose: 'p', agreedAt: '2025-03-10T03:00:00Z' },
      },
    };
    await world.append(taxIdentityStream(person), recorded);
  });
  afterAll(async () => {
    await world.close();
  });

  it('lists each donation of the person once, whoever asks at the same time, numbered without a gap', async () => {
    for (let i = 0; i < 6; i += 1) await world.donate(i % 2 === 0 ? 'acc-1' : 'acc-2', { amount: 1_000 + i, cashbackMonth: '2025-02' });
    await world.donate('other-citizen', { amount: 777, cashbackMonth: '2025-02' });
    const receipts = world.system.app.get(TaxReceipts);
    const ask = (requestedBy: string) => receipts.issue({ person, requestedBy, accounts: ['acc-1', 'acc-2'], year: 2025 }, metadataFor());
    const results = await Promise.all([ask('acc-1'), ask('acc-2'), ask('acc-1'), world.runReceipts({ year: 2025 }), ask('acc-2')]);

    const issued = (await world.events<DonationReceiptIssued['data']>('DonationReceiptIssued')).map((e) => e.data);
    const listed = issued.flatMap((receipt) => receipt.items.map((item) => item.donationId));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(7);
    expect(issued.map((r) => r.number).sort((a, b) => a - b)).toEqual(issued.map((_, i) => i + 1));
    // The person's donations from both accounts sit on tax receipts or on per-account statements, never both.
    const tax = issued.filter((r) => r.tax);
    expect(results.filter((r) => 'receipt' in r && r.receipt !== null).length).toBe(tax.length);
    for (const item of tax.flatMap((r) => r.items)) expect(['acc-1', 'acc-2']).toContain(item.account);
  });

  it('gives a cancelled receipt’s donations to exactly one later receipt', async () => {
    await world.donate('acc-1', { amount: 5_000, cashbackMonth: '2025-03' });
    await world.donate('acc-2', { amount: 6_000, cashbackMonth: '2025-03' });
    const receipts = world.system.app.get(TaxReceipts);
    const { receipt } = await receipts.issue({ person, requestedBy: 'acc-1', accounts: ['acc-2'], year: 2025 }, metadataFor());
    expect(receipt).toMatchObject({ total: 11_000 });
    await Promise.all([
      receipts.cancel(person, receipt!.receiptId, 'wrong name', metadataFor()),
      receipts.cancel(person, receipt!.receiptId, 'wrong name', metadataFor()),
    ]);
    const again = await Promise.all([
      receipts.issue({ person, requestedBy: 'acc-2', accounts: ['acc-1'], year: 2025 }, metadataFor()),
      receipts.issue({ person, requestedBy: 'acc-1', accounts: ['acc-2'], year: 2025 }, metadataFor()),
    ]);
    expect(again.map((r) => r.receipt?.total ?? 0).sort()).toEqual([0, 11_000]);
    expect(await world.events('DonationReceiptCancelled')).toHaveLength(1);
    await expect(receipts.reissue(person, receipt!.receiptId, 'again', metadataFor())).rejects.toMatchObject({ code: 'receipt_cancelled' });
  });
});

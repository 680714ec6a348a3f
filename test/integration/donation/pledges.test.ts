import { DONATION_PLEDGES, pledgeDonationIdOf } from '@goodpay/donation';
import { stringifyExact } from '@goodpay/shared';
import { DonationWorld } from './donation-world';

describe('donation-angel pledges: each settled pledge becomes one donation to the community chest', () => {
  let world: DonationWorld;

  beforeAll(async () => {
    world = await DonationWorld.start();
  });
  afterAll(async () => {
    await world.close();
  });

  it('turns each settlement pledge into a donation by its merchant, with the chest credit, in one transaction', async () => {
    const shop = await world.openShop('Hanok Noodles');
    const first = await world.settle(shop, '2025-01-13', 1_555);
    const second = await world.settle(shop, '2025-01-14', 900);
    await world.settle(shop, '2025-01-15', 0); // an angel with no platform sales that day gives nothing
    await world.pledgesAccrued();

    const donations = (
      await world.events<{ donationId: string; amount: number; settlementId: string; donatedOn: string }>('PledgeDonated')
    ).filter((event) => event.streamId === `donor-merchant-${shop}`);
    expect(donations.map((event) => event.data)).toEqual([
      expect.objectContaining({ donationId: pledgeDonationIdOf(first), settlementId: first, amount: 1_555, donatedOn: '2025-01-13' }),
      expect.objectContaining({ donationId: pledgeDonationIdOf(second), settlementId: second, amount: 900, donatedOn: '2025-01-14' }),
    ]);
    const credits = await world.events<{ donationId: string; source: string }>('ChestCredited');
    for (const donation of donations) {
      const credit = credits.find((event) => event.data.donationId === donation.data.donationId);
      expect(credit).toMatchObject({ transactionId: donation.transactionId, data: { source: 'pledge' } });
    }
  });

  it('accrues nothing again when the subscriber is rebuilt from position 0', async () => {
    const shop = await world.openShop('Corner Cafe');
    await world.settle(shop, '2025-01-13', 300);
    await world.pledgesAccrued();
    const [pledges, credits] = [(await world.events('PledgeDonated')).length, (await world.events('ChestCredited')).length];
    expect(pledges).toBeGreaterThan(0);

    await world.system.subscriptions.rebuild(DONATION_PLEDGES);
    await world.system.subscriptions.rebuild(DONATION_PLEDGES);
    expect((await world.events('PledgeDonated')).length).toBe(pledges);
    expect((await world.events('ChestCredited')).length).toBe(credits);
  });

  it("shows the pledges in the chest's ledger and the public figures, by the shop's public name", async () => {
    const bakery = await world.openShop('Jeonju Bakery');
    await world.settle(bakery, '2025-02-03', 5_000);
    await world.donate('citizen-1', { amount: 2_000, cashbackMonth: '2025-02', reportedCashback: 2_000 });
    await world.ledger();

    const ledger = await world.queries.chestLedger();
    expect(ledger.received).toEqual({ cashback: 2_000n, pledge: BigInt(1_555 + 900 + 300 + 5_000), total: BigInt(2_000 + 7_755) });
    const figures = await world.queries.figures(2025);
    expect(figures.topMerchants).toEqual([
      { rank: 1, name: 'Jeonju Bakery', amount: 5_000n },
      { rank: 2, name: 'Hanok Noodles', amount: 2_455n },
      { rank: 3, name: 'Corner Cafe', amount: 300n },
    ]);
    expect(figures.byDonorType).toEqual([
      { donorType: 'citizen', amount: 2_000n, donors: 1, donations: 1 },
      { donorType: 'merchant', amount: 7_755n, donors: 3, donations: 4 },
    ]);
    expect(figures.byMonth).toEqual([
      { month: '2025-01', citizen: 0n, merchant: 2_755n, total: 2_755n, donations: 3 },
      { month: '2025-02', citizen: 2_000n, merchant: 5_000n, total: 7_000n, donations: 2 },
    ]);
    expect(figures.total).toBe(9_755n);
    expect(stringifyExact(figures)).not.toContain('owner-of');
  });
});

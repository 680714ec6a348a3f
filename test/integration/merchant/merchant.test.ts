import { randomUUID } from 'node:crypto';
import {
  ApproveMerchantCommand,
  CloseMerchantCommand,
  MERCHANT_VIEWS,
  merchantMigrations,
  MerchantModule,
  MerchantQueries,
  RegisterMerchantCommand,
  type RegisterMerchantInput,
  ReinstateMerchantCommand,
  RejectMerchantCommand,
  SetDonationPledgeCommand,
  SuspendMerchantCommand,
} from '@goodpay/merchant';
import type { Actor } from '@goodpay/shared';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from '../campaign/catalogue-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };
const owner = (): Actor => ({ id: `owner-${randomUUID()}`, role: 'merchant' });

describe('merchant commands and views on the real event store', () => {
  let m: CatalogueModule;
  let queries: MerchantQueries;

  beforeAll(async () => {
    m = await startCatalogueModule([MerchantModule], merchantMigrations);
    queries = m.app.get(MerchantQueries);
  });
  afterAll(() => m?.close());

  const shop = (overrides: Partial<RegisterMerchantInput> = {}): RegisterMerchantInput => ({
    name: 'Hanok Noodles',
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: aBusinessRegistrationNumber(),
    ...overrides,
  });
  const register = async (by: Actor, input = shop()) =>
    (await m.commands.execute(new RegisterMerchantCommand(contextFor(by, randomUUID()), input))).response.merchantId;
  const caughtUp = () => m.caughtUp(MERCHANT_VIEWS);

  it('registers a shop pending review, and lists it publicly once staff approve it', async () => {
    const by = owner();
    const merchantId = await register(by, shop({ name: 'Jeonju Bibimbap House', businessRegistrationNumber: '123-45-67891' }));
    await caughtUp();
    expect(await queries.get(merchantId)).toMatchObject({
      merchantId,
      ownerId: by.id,
      status: 'pending',
      businessRegistrationNumber: '1234567891',
      donationPledgeBasisPoints: 0,
    });
    expect((await queries.listApproved({ search: 'bibimbap' })).items).toEqual([]);

    const approved = await m.commands.execute(new ApproveMerchantCommand(contextFor(staff), merchantId));
    await caughtUp();
    expect((await queries.listApproved({ search: 'BIBIMBAP' }, approved.position)).items).toEqual([
      { merchantId, name: 'Jeonju Bibimbap House', category: 'restaurant', district: 'Wansan-gu', donationAngel: false },
    ]);
  });

  it('lets exactly one of 10 concurrent registrations of one number win; the rest are told it is taken', async () => {
    const number = aBusinessRegistrationNumber();
    const before = await m.eventCount();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        m.commands.execute(
          // Dashed and bare spellings are the same number.
          new RegisterMerchantCommand(
            contextFor(owner(), randomUUID()),
            shop({ businessRegistrationNumber: i % 2 ? number : number.replace(/-/g, '') }),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    expect(refusals).toHaveLength(9);
    for (const error of refusals) expect(error).toMatchObject({ code: 'business_registration_number_taken', status: 422 });
    expect(await m.eventCount()).toBe(before + 2); // MerchantRegistered and the number's reservation
    await caughtUp();
    expect(
      (await queries.list({ search: '' })).items.filter((v) => v.businessRegistrationNumber === number.replace(/-/g, '')),
    ).toHaveLength(1);
  });

  it('answers twin requests with one Idempotency-Key with one shop, and refuses the key for another body', async () => {
    const by = owner();
    const key = randomUUID();
    const input = shop();
    const before = await m.eventCount();
    const [a, b] = await Promise.all([0, 1].map(() => m.commands.execute(new RegisterMerchantCommand(contextFor(by, key), input))));
    expect(a.response.merchantId).toBe(b.response.merchantId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const again = await m.commands.execute(new RegisterMerchantCommand(contextFor(by, key), input));
    expect(again).toMatchObject({ response: a.response, replayed: true });
    const reused = await refusal(m.commands.execute(new RegisterMerchantCommand(contextFor(by, key), { ...input, name: 'Other' })));
    expect(reused).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    expect(await m.eventCount()).toBe(before + 2);
  });

  it('refuses a number with a wrong check digit before writing anything', async () => {
    const before = await m.eventCount();
    const refused = await refusal(register(owner(), shop({ businessRegistrationNumber: '123-45-67890' })));
    expect(refused).toMatchObject({ code: 'invalid_business_registration_number', status: 400 });
    expect(await m.eventCount()).toBe(before);
  });

  it('answers commands on an unknown shop with 404 merchant_not_found and writes nothing', async () => {
    const before = await m.eventCount();
    const unknown = randomUUID();
    for (const command of [
      new ApproveMerchantCommand(contextFor(staff), unknown),
      new RejectMerchantCommand(contextFor(staff), unknown, 'x'),
      new SuspendMerchantCommand(contextFor(staff), unknown, 'x'),
      new ReinstateMerchantCommand(contextFor(staff), unknown, 'x'),
      new CloseMerchantCommand(contextFor(staff), unknown),
      new SetDonationPledgeCommand(contextFor(owner()), unknown, 100),
    ]) {
      expect(await refusal(m.commands.execute(command))).toMatchObject({ code: 'merchant_not_found', status: 404 });
    }
    await expect(queries.get(unknown)).rejects.toMatchObject({ code: 'merchant_not_found', status: 404 });
    expect(await m.eventCount()).toBe(before);
  });

  it('follows suspension, reinstatement, the pledge and closure; only the owner pledges', async () => {
    const by = owner();
    const merchantId = await register(by, shop({ name: 'Gaeksa Cafe', category: 'cafe', district: 'Deokjin-gu' }));
    await m.commands.execute(new ApproveMerchantCommand(contextFor(staff), merchantId));
    await m.commands.execute(new SetDonationPledgeCommand(contextFor(by), merchantId, 300));
    expect(await refusal(m.commands.execute(new SetDonationPledgeCommand(contextFor(owner()), merchantId, 500)))).toMatchObject({
      code: 'merchant_not_found',
      status: 404,
    });
    await m.commands.execute(new SuspendMerchantCommand(contextFor(staff), merchantId, 'complaints'));
    await caughtUp();
    expect(await queries.get(merchantId)).toMatchObject({
      status: 'suspended',
      statusReason: 'complaints',
      donationPledgeBasisPoints: 300,
    });
    expect((await queries.listApproved({ district: 'Deokjin-gu' })).items).toEqual([]);

    await m.commands.execute(new ReinstateMerchantCommand(contextFor(staff), merchantId, 'resolved'));
    await caughtUp();
    expect((await queries.listApproved({ district: 'Deokjin-gu', category: 'cafe' })).items).toEqual([
      { merchantId, name: 'Gaeksa Cafe', category: 'cafe', district: 'Deokjin-gu', donationAngel: true },
    ]);
    expect((await queries.listApproved({ district: 'Deokjin-gu', category: 'restaurant' })).items).toEqual([]);

    await m.commands.execute(new CloseMerchantCommand(contextFor(by), merchantId, 'retiring'));
    await caughtUp();
    expect(await queries.get(merchantId)).toMatchObject({ status: 'closed', statusReason: 'retiring', closedOn: '2025-01-10' });
    expect((await queries.list({ ownerId: by.id })).items.map((v) => v.merchantId)).toEqual([merchantId]);
  });

  it('treats % and _ in a search as letters', async () => {
    await register(owner(), shop({ name: '100% Juice_Bar' }));
    await caughtUp();
    expect((await queries.list({ search: '0% j' })).items.map((v) => v.name)).toEqual(['100% Juice_Bar']);
    expect((await queries.list({ search: '%' })).items.map((v) => v.name)).toEqual(['100% Juice_Bar']);
  });

  it('rebuilds merchant_views from position 0 into exactly the live rows', async () => {
    await caughtUp();
    const live = await m.rows('merchant_views', 'merchant_id');
    expect(live.length).toBeGreaterThan(3);
    await m.sql.query(`UPDATE merchant_views SET status = 'approved'`);
    await m.subscriptions.rebuild(MERCHANT_VIEWS);
    expect(await m.rows('merchant_views', 'merchant_id')).toEqual(live);
  });
});

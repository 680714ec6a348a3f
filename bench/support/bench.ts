import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/campaign';
import { aBusinessRegistrationNumber } from '../../libs/merchant/src/test/business-registration-numbers';
import type { BenchSystem } from './bench-system';
import { inParallel } from './measurement';

/** How much each scenario does: the full run, or `--quick` (everything in under 2 minutes). */
export interface BenchSizes {
  /** Events appended by the store, and again by plain INSERTs. */
  appendEvents: number;
  appendWriters: number;
  /** Seconds of autocannon per HTTP command scenario. */
  httpSeconds: number;
  httpConnections: number;
  /** Seconds of the sustained load the projection lag is measured under, and its rate. */
  lagSeconds: number;
  lagCommandsPerSecond: number;
  /** Events in the log the balance projection is rebuilt over. */
  rebuildEvents: number;
  contendedSeconds: number;
  contendedClients: number;
  /** Entries in the raffle round drawn (a few seconds even at full size, so --quick keeps it). */
  drawEntries: number;
}

export const FULL_SIZES: BenchSizes = {
  appendEvents: 50_000,
  appendWriters: 16,
  httpSeconds: 20,
  httpConnections: 64,
  lagSeconds: 20,
  lagCommandsPerSecond: 500,
  rebuildEvents: 1_000_000,
  contendedSeconds: 15,
  contendedClients: 32,
  drawEntries: 1_000_000,
};

export const QUICK_SIZES: BenchSizes = {
  ...FULL_SIZES,
  appendEvents: 5_000,
  httpSeconds: 5,
  lagSeconds: 5,
  rebuildEvents: 50_000,
  contendedSeconds: 5,
};

/** A campaign open today and an approved shop, made over HTTP: what the command scenarios act on. */
export interface Shop {
  campaignId: string;
  merchantId: string;
  /** The shop owner's token: records prepayments at the counter and redeems them. */
  owner: string;
  staff: string;
}

export interface Bench {
  system: BenchSystem;
  sizes: BenchSizes;
  shop: Shop;
  log(message: string): void;
}

export async function openShop(system: BenchSystem): Promise<Shop> {
  const [staff, owner] = await Promise.all([system.token('bench-staff', 'staff'), system.token('bench-owner', 'merchant')]);
  const today = seoulDate(new Date().toISOString());
  const created = async (path: string, token: string, body: unknown) => {
    const answer = await system.request('POST', path, { token, body, idempotencyKey: randomUUID() });
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const { campaignId } = await created('/campaigns', staff, {
    name: 'Bench campaign',
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: addDays(today, -1),
    endsOn: addDays(today, 30),
    raffle: { rounds: [{ number: 1, startsOn: addDays(today, -1), endsOn: addDays(today, 30) }] },
    participationTarget: { participants: 50_000, amount: 5_000_000_000 },
  });
  const { merchantId } = await created('/merchants', owner, {
    name: 'Bench Noodles',
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: aBusinessRegistrationNumber(),
  });
  const approved = await system.request('POST', `/merchants/${merchantId}/approve`, { token: staff });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return { campaignId, merchantId, owner, staff };
}

/** The body of a prepayment the shop records at the counter, each for a payer of its own (no monthly cap met). */
export const prepaymentAtShop = (shop: Shop, amount = 300_000) => ({
  campaignId: shop.campaignId,
  merchantId: shop.merchantId,
  amount,
  channel: 'at_shop',
  payer: { id: `bench-citizen-${randomUUID()}`, kind: 'citizen' },
});

/** Prepayments of the shop with balance left, made over HTTP when fewer than `minimum` exist. */
export async function prepaymentPool(bench: Bench, minimum: number): Promise<string[]> {
  const existing = async () =>
    (
      await bench.system.sql<{ id: string }>(
        `SELECT data->>'prepaymentId' AS id FROM events WHERE type = 'PrepaymentMade' AND data->>'merchantId' = $1`,
        [bench.shop.merchantId],
      )
    ).map((row) => row.id);
  const ids = await existing();
  if (ids.length >= minimum) return ids;
  await inParallel(minimum - ids.length, 16, async () => {
    const answer = await bench.system.request('POST', '/prepayments', {
      token: bench.shop.owner,
      idempotencyKey: randomUUID(),
      body: prepaymentAtShop(bench.shop),
    });
    if (answer.status !== 201) throw new Error(`prepayment: ${answer.status} ${JSON.stringify(answer.body)}`);
  });
  return existing();
}

import { randomUUID } from 'node:crypto';
import { type OpenShop, openShop } from '../../test/support/open-shop';
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
  /** Prepayment events appended at once for the catch-up scenario. */
  catchUpEvents: number;
  contendedSeconds: number;
  contendedClients: number;
  /** Entries in the raffle round drawn (a few seconds even at full size, so --quick keeps it). */
  drawEntries: number;
  /** Positions per events partition in the bench's log: the bulk scenarios span several. */
  eventsPartitionSize: number;
}

export const FULL_SIZES: BenchSizes = {
  appendEvents: 50_000,
  appendWriters: 16,
  httpSeconds: 20,
  httpConnections: 64,
  lagSeconds: 20,
  lagCommandsPerSecond: 500,
  rebuildEvents: 1_000_000,
  catchUpEvents: 1_000_000,
  contendedSeconds: 15,
  contendedClients: 32,
  drawEntries: 1_000_000,
  eventsPartitionSize: 250_000,
};

export const QUICK_SIZES: BenchSizes = {
  ...FULL_SIZES,
  appendEvents: 5_000,
  httpSeconds: 5,
  lagSeconds: 5,
  rebuildEvents: 50_000,
  catchUpEvents: 50_000,
  contendedSeconds: 5,
  eventsPartitionSize: 20_000,
};

/** A campaign open today and an approved shop, made over HTTP: what the command scenarios act on. */
export type Shop = OpenShop;

export interface Bench {
  system: BenchSystem;
  sizes: BenchSizes;
  shop: Shop;
  log(message: string): void;
}

export const openBenchShop = (system: BenchSystem): Promise<Shop> => openShop(system, 'Bench');

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

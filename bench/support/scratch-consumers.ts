import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Consumer, EventSchemas, EventStore, pgPoolOf, Subscriptions } from '@goodpay/event-store';
import { campaignConsumers } from '@goodpay/campaign';
import { merchantConsumers } from '@goodpay/merchant';
import { NotificationPlanner, resolveNotificationOptions } from '@goodpay/notification';
import { prepaymentConsumers } from '@goodpay/prepayment';
import { resolveSettlementOptions, settlementConsumers } from '@goodpay/settlement';
import { SystemClock } from '@goodpay/shared';
import type { BenchSystem } from './bench-system';
import type { Shop } from './bench';

/**
 * The worker's consumers of a prepayment backlog on a scratch database, for the scripts that
 * measure them alone (bench/consumer-costs.ts, bench/next-batch-live.ts): those named in
 * `only`, or else every one that handles PrepaymentMade or PrepaymentRedeemed, registered with
 * a Subscriptions of their own; and a shop and a stand-in system on the database's pool for
 * appendPrepaymentEvents.
 */
export function scratchConsumers(dataSource: DataSource, only?: readonly string[]) {
  const schemas = new EventSchemas();
  const consumers: Consumer[] = [
    ...campaignConsumers(),
    ...merchantConsumers(),
    ...prepaymentConsumers(),
    ...settlementConsumers(resolveSettlementOptions()),
    new NotificationPlanner(new SystemClock(), resolveNotificationOptions({ receiptSecret: 'x' })),
  ].filter((consumer) =>
    only ? only.includes(consumer.name) : consumer.eventTypes.some((t) => ['PrepaymentMade', 'PrepaymentRedeemed'].includes(t)),
  );
  const subscriptions = new Subscriptions(new EventStore(dataSource, schemas));
  for (const consumer of consumers) subscriptions.register(consumer);
  const shop: Shop = { merchantId: randomUUID(), campaignId: randomUUID() } as Shop;
  const system = { pool: pgPoolOf(dataSource) } as unknown as BenchSystem;
  return { schemas, consumers, subscriptions, shop, system };
}

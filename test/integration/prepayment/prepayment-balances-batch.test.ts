import { campaignStream } from '@goodpay/campaign';
import {
  checkpointOf,
  type DomainEvent,
  inStreamShare,
  inTransaction,
  readCheckpoint,
  REBUILD_SHARES,
  type Sql,
  START,
  streamShares,
  Subscriptions,
} from '@goodpay/event-store';
import { PREPAYMENT_BALANCES, PrepaymentBalancesProjection, prepaymentStream } from '@goodpay/prepayment';
import { metadataFor } from '../../support/actors';
import { balanceEvents } from './balance-events';
import { citizen, dumpTables, organisation, PrepaymentWorld } from './prepayment-world';

const { made, redeemed, cancelled, refundRequested, refunded } = balanceEvents();

/**
 * The balance projection has one implementation, in SQL over ranges of the log: whatever the
 * batch boundaries (one event each included), a rebuild writes the same rows, in a handful of
 * statements per batch, and an impossible event fails its batch whole, named.
 */
describe('prepayment balances: set-based batches', () => {
  let world: PrepaymentWorld;
  beforeAll(async () => {
    world = await PrepaymentWorld.create();
    await world.createCampaign('c');
    await world.openShop('m', 'cafe', 'Deokjin-gu');
    await world.openShop('n', 'restaurant', 'Wansan-gu');
    const payers = [citizen('c-1'), citizen('c-2'), organisation('o-1')];
    for (let i = 0; i < 9; i += 1) {
      const shop = i % 2 === 0 ? 'm' : 'n';
      const { prepaymentId } = await world.prepay({
        payer: payers[i % 3],
        merchantId: shop,
        campaignId: 'c',
        amount: 100_000 + i * 10_000,
        at: `2025-01-20T0${i}:00:00Z`,
      });
      const first = await world.redeem(prepaymentId, shop, 10_000, `2025-01-20T1${i}:00:00Z`);
      if (i % 3 === 0) await world.cancel(prepaymentId, shop, first.redemptionId, `2025-01-20T1${i}:30:00Z`);
      await world.redeem(prepaymentId, shop, 5_000, `2025-01-21T0${i}:00:00Z`);
      if (i % 4 === 1) {
        await world.requestRefund(prepaymentId, payers[i % 3], shop, 'c', `2025-01-21T1${i}:00:00Z`);
        if (i === 1) await world.approveRefund(prepaymentId, `2025-01-22T01:00:00Z`);
      }
      if (i === 8) await world.redeem(prepaymentId, shop, 165_000, '2025-01-22T02:00:00Z');
    }
  });
  afterAll(() => world.drop());

  it('writes the same rows for any batch boundaries as event by event', async () => {
    await world.subscriptions.rebuild(PREPAYMENT_BALANCES, 1);
    const eventByEvent = await dumpTables(world.sql, PREPAYMENT_BALANCES);
    expect(eventByEvent.prepayment_balances.map((row) => (row as { status: string }).status).sort()).toEqual([
      'active',
      'active',
      'active',
      'active',
      'active',
      'active',
      'exhausted',
      'refund_requested',
      'refunded',
    ]);
    for (const batchSize of [2, 3, 7, 500]) {
      await world.subscriptions.rebuild(PREPAYMENT_BALANCES, batchSize);
      expect(await dumpTables(world.sql, PREPAYMENT_BALANCES)).toEqual(eventByEvent);
    }
  });

  it('applies each range of the log in a handful of statements, whatever its boundaries', async () => {
    const projection = new PrepaymentBalancesProjection();
    const handled = new Set<string>(projection.eventTypes);
    // The ranges the runner would hand over: each ends at an event of the projection's types.
    const events = (await world.store.readAll(START, 10_000)).filter((event) => handled.has(event.type));
    expect(events.length).toBeGreaterThan(30);
    const expected = await dumpTables(world.sql, PREPAYMENT_BALANCES);
    for (const batchSize of [1, 7, 10, events.length]) {
      const statements: number[] = [];
      await inTransaction(world.db.dataSource, async (sql) => {
        for (const table of projection.tables) await sql.query(`DELETE FROM ${table}`);
        for (let from = 0; from < events.length; from += batchSize) {
          let count = 0;
          const counting: Sql = { query: (text, params) => ((count += 1), sql.query(text, params)) };
          const after = from === 0 ? START : checkpointOf(events[from - 1]);
          const upTo = checkpointOf(events[Math.min(from + batchSize, events.length) - 1]);
          await projection.applyRange({ after, upTo }, counting);
          statements.push(count);
        }
      });
      // JIT off, the rehearsals deleted in it, the balances, then the orders, their cancellations
      // and the claims (the payers of prepayments made at the shop): one statement each.
      expect(Math.max(...statements)).toBeLessThanOrEqual(6);
      expect(await dumpTables(world.sql, PREPAYMENT_BALANCES)).toEqual(expected);
    }
  });
});

describe('prepayment balances: a log appended in one transaction (an import, an outage of the worker)', () => {
  let world: PrepaymentWorld;
  beforeAll(async () => {
    world = await PrepaymentWorld.create();
    // Two transactions: most of the history in the first, the rest of it in the second.
    const ids = ['a', 'b', 'c', 'd', 'e'].map((name) => `p-${name}-${Math.random().toString(36).slice(2, 8)}`);
    const first = ids.flatMap((id, i) => [
      made(id, 10_000),
      redeemed(id, 'r1', 1_000, 9_000),
      ...(i % 2 === 0 ? [cancelled(id, 'r1', 1_000, 10_000)] : [redeemed(id, 'r2', 2_000, 7_000)]),
    ]);
    const second = [
      redeemed(ids[0], 'r3', 4_000, 6_000),
      cancelled(ids[1], 'r2', 2_000, 9_000),
      refundRequested(ids[2]),
      refunded(ids[2], 10_000),
    ];
    for (const events of [first, second]) {
      // One request per event: the prepayments' events interleave in the transaction, as in an import.
      await world.store.append(
        events.map((event) => ({ streamId: prepaymentStream(event.data.prepaymentId), expectedVersion: 'any' as const, events: [event] })),
        metadataFor(),
      );
    }
  });
  afterAll(() => world.drop());

  it('writes the same rows whatever batch boundaries fall inside the transactions', async () => {
    await world.subscriptions.rebuild(PREPAYMENT_BALANCES, 500);
    const whole = await dumpTables(world.sql, PREPAYMENT_BALANCES);
    const balances = whole.prepayment_balances.map((row) => Number((row as { balance: string }).balance));
    expect(balances.sort((x, y) => x - y)).toEqual([0, 6_000, 7_000, 9_000, 10_000]);
    expect(whole.prepayment_redemptions).toHaveLength(8);
    for (const batchSize of [1, 2, 3, 7]) {
      await world.subscriptions.rebuild(PREPAYMENT_BALANCES, batchSize);
      expect(await dumpTables(world.sql, PREPAYMENT_BALANCES)).toEqual(whole);
    }
  });
});

describe('prepayment balances: an impossible event inside a set-based batch', () => {
  // Each history is one batch: valid events first, the impossible one last.
  const histories: [string, string, (id: string) => DomainEvent[], RegExp][] = [
    [
      "an overdraft by the batch's second redemption",
      'PrepaymentRedeemed',
      (id) => [made(id, 10_000), redeemed(id, 'r1', 6_000, 4_000), redeemed(id, 'r2', 6_000, -2_000)],
      /prepayment_balance_not_negative/,
    ],
    ['a balance other than the event says', 'PrepaymentRedeemed', (id) => [made(id, 10_000), redeemed(id, 'r1', 1_000, 8_000)], /8000/],
    [
      'a second cancellation of one redemption',
      'RedemptionCancelled',
      (id) => [made(id, 10_000), redeemed(id, 'r1', 1_000, 9_000), cancelled(id, 'r1', 1_000, 10_000), cancelled(id, 'r1', 1_000, 11_000)],
      /no open redemption r1/,
    ],
    [
      'a refund request on a refunded prepayment',
      'RefundRequested',
      (id) => [made(id, 10_000), refunded(id, 10_000), refundRequested(id)],
      /already refunded/,
    ],
  ];

  it.each(histories)('fails the batch at %s, naming the event and applying nothing', async (_, type, history, reason) => {
    const world = await PrepaymentWorld.create();
    try {
      const id = `p-${Math.random().toString(36).slice(2, 10)}`;
      const { lastPosition } = await world.store.append(
        [{ streamId: prepaymentStream(id), expectedVersion: 'any', events: history(id) }],
        metadataFor(),
      );
      const before = await readCheckpoint(world.sql, PREPAYMENT_BALANCES);
      const failure = world.subscriptions.catchUpCompletely(PREPAYMENT_BALANCES);
      await expect(failure).rejects.toThrow(new RegExp(`failed on ${type} at position ${lastPosition} `));
      await expect(failure).rejects.toThrow(reason);
      expect(await readCheckpoint(world.sql, PREPAYMENT_BALANCES)).toEqual(before);
      // A rebuild fails on it as well, in the share that holds its prepayment, and swaps nothing in.
      await expect(world.subscriptions.rebuild(PREPAYMENT_BALANCES)).rejects.toThrow(
        new RegExp(`failed on ${type} at position ${lastPosition} `),
      );
      expect(await dumpTables(world.sql, PREPAYMENT_BALANCES)).toEqual({
        prepayment_redemptions: [],
        prepayment_balances: [],
        prepayment_orders: [],
      });
    } finally {
      await world.drop();
    }
  });
});

describe('prepayment balances: a rebuild applies each range in shares of the prepayments at once', () => {
  let world: PrepaymentWorld;
  /** The share each rebuild's range went to, per call: [range's last position, share index]. */
  const calls: [string, number | undefined][] = [];
  let recording: Subscriptions;
  beforeAll(async () => {
    world = await PrepaymentWorld.create();
    // Many prepayments, their events interleaved in three transactions: every range holds
    // several streams of each share. A third of them are a rehearsal's, deleted in the second.
    const ids = Array.from({ length: 24 }, (_, i) => `p-${i}-${Math.random().toString(36).slice(2, 8)}`);
    const rehearsed = (i: number) => i % 3 === 2;
    const madeIn = (id: string, i: number): DomainEvent => {
      const event = made(id, 10_000);
      return rehearsed(i) ? { ...event, data: { ...event.data, campaignId: 'rehearsal' } } : event;
    };
    const transactions: DomainEvent[][] = [
      ids.flatMap((id, i) => [madeIn(id, i), redeemed(id, 'r1', 1_000, 9_000)]),
      [
        ...ids.flatMap((id, i) => [i % 3 === 0 ? cancelled(id, 'r1', 1_000, 10_000) : redeemed(id, 'r2', 2_000, 7_000)]),
        { type: 'CampaignRehearsalDeleted', data: { campaignId: 'rehearsal', deletedAt: '2025-01-22T00:00:00Z' } },
      ],
      // After the deletion, events of the others only (a rehearsal's prepayment is gone).
      ids.flatMap((id, i) => (!rehearsed(i) && i % 4 === 1 ? [refundRequested(id), refunded(id, i % 3 === 0 ? 10_000 : 7_000)] : [])),
    ];
    for (const events of transactions) {
      await world.store.append(
        events.map((event) => ({
          streamId:
            event.type === 'CampaignRehearsalDeleted'
              ? campaignStream('rehearsal')
              : prepaymentStream((event.data as { prepaymentId: string }).prepaymentId),
          expectedVersion: 'any' as const,
          events: [event],
        })),
        metadataFor(),
      );
    }
    await world.project(); // the live projection, whole ranges
    // The same projection, telling which share each of its ranges went to.
    recording = new Subscriptions(world.store);
    const projection = new PrepaymentBalancesProjection();
    const applyRange = projection.applyRange.bind(projection);
    projection.applyRange = (range, sql, share) => (calls.push([range.upTo.position, share?.index]), applyRange(range, sql, share));
    recording.register(projection);
  });
  afterAll(() => world.drop());

  it('rebuilds exactly the live rows, each range in both shares, each share holding some of the prepayments', async () => {
    const live = await dumpTables(world.sql, PREPAYMENT_BALANCES);
    expect(live.prepayment_balances).toHaveLength(16); // the rehearsal's eight are gone
    // Both shares hold some of them: a split that lost or doubled a share's streams shows in the rows.
    for (const share of streamShares(REBUILD_SHARES)) {
      const { rows } = await world.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM prepayment_balances WHERE ${inStreamShare('prepayment_id', share)}`,
      );
      expect(rows[0].n).toBeGreaterThan(2);
    }
    // 81 events: one range of the default size, or many small ones.
    for (const [rangeSize, ranges] of [
      [undefined, 1],
      [5, 17],
      [40, 3],
    ] as const) {
      calls.length = 0;
      await recording.rebuild(PREPAYMENT_BALANCES, rangeSize);
      expect(await dumpTables(world.sql, PREPAYMENT_BALANCES)).toEqual(live);
      // Every range went to each share once.
      const ends = [...new Set(calls.map(([upTo]) => upTo))];
      expect(ends).toHaveLength(ranges);
      for (const upTo of ends)
        expect(
          calls
            .filter(([at]) => at === upTo)
            .map(([, share]) => share)
            .sort(),
        ).toEqual([0, 1]);
    }
  });
});

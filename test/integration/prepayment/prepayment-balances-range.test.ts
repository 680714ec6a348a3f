import { type DomainEvent, type GlobalCheckpoint, inTransaction, type LogRange, planShortRangesOnce, type Sql } from '@goodpay/event-store';
import { PrepaymentBalancesProjection, prepaymentStream } from '@goodpay/prepayment';
import { metadataFor } from '../../support/actors';
import { balanceEvents } from './balance-events';
import { PrepaymentWorld } from './prepayment-world';

/**
 * The balance projection's SQL (balance-range-sql.ts) on the real PostgreSQL, case by case: a
 * range of the log applied over stored rows, what it writes, and every impossible event it
 * refuses. The cases of the in-memory planner it replaced, unchanged in substance. Every case
 * twice: as a catch-up's range (planned for its values each time) and as a live batch's short
 * range (named statements, planned once per connection without the values).
 */
describe.each([
  { planOnce: false, title: 'planned for each range' },
  { planOnce: true, title: "a live batch's short range, planned once" },
])('prepayment balances: a range of the log applied in SQL ($title)', ({ planOnce }) => {
  let world: PrepaymentWorld;
  const projection = new PrepaymentBalancesProjection();
  beforeAll(async () => {
    world = await PrepaymentWorld.create();
  });
  afterAll(() => world.drop());

  let tag = 0;
  /** Each case's prepayments are its own: the log is shared, the stored rows roll back. */
  let id: (name: string) => string = (name) => name;

  const { made, redeemed, cancelled, refundRequested, refunded } = balanceEvents((name) => id(name));

  interface Stored {
    balances: { prepaymentId: string; amount: number; redeemed?: number; refunded?: number; refundedAt?: string }[];
    redemptions: { prepaymentId: string; redemptionId: string; amount: number; cancelled?: boolean }[];
  }
  const NOTHING: Stored = { balances: [], redemptions: [] };

  /** The range as the runner hands it over, in a transaction it set up the same way. */
  const rangeOf = (after: GlobalCheckpoint, upTo: GlobalCheckpoint): LogRange =>
    planOnce ? { after, upTo, planOnce: true } : { after, upTo };
  const applyIn = async (sql: Sql, range: LogRange) => {
    if (planOnce) await planShortRangesOnce(sql);
    await projection.applyRange(range, sql);
  };

  const lastInLog = async (): Promise<GlobalCheckpoint> => {
    const { rows } = await world.sql.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text AS transaction_id, global_position::text AS position FROM events
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows.length === 0
      ? { transactionId: '0', position: '0' }
      : { transactionId: rows[0].transaction_id, position: rows[0].position };
  };

  /**
   * Appends `history` (built after `stored`, for this case's ids) to the log in one transaction,
   * stores the rows, applies exactly the appended range, and returns the rows its prepayments
   * then have; everything but the log rolls back.
   */
  async function apply(history: () => DomainEvent[], stored: () => Stored = () => NOTHING) {
    tag += 1;
    const prefix = `t${tag}-${Math.random().toString(36).slice(2, 8)}-`;
    id = (name) => prefix + name;
    const events = history();
    const rows = stored();
    const after = await lastInLog();
    // One stream per event, version 'any': the log takes what the decider would refuse.
    await world.store.append(
      events.map((event) => ({
        streamId: prepaymentStream((event.data as { prepaymentId: string }).prepaymentId),
        expectedVersion: 'any',
        events: [event],
      })),
      metadataFor(),
    );
    const range = rangeOf(after, await lastInLog());
    const rollback = new Error('rolled back');
    let result: { balances: Record<string, unknown>[]; redemptions: Record<string, unknown>[] } | undefined;
    try {
      await inTransaction(world.db.dataSource, async (sql) => {
        for (const b of rows.balances) {
          await sql.query(
            `INSERT INTO prepayment_balances (prepayment_id, code, payer_id, payer_kind, merchant_id, campaign_id, merchant_category,
               merchant_district, channel, amount, redeemed, refunded, refunded_at, paid_at, updated_at)
             VALUES ($1, 'S-' || $1, 'c-1', 'citizen', 'm', 'c', 'cafe', 'Deokjin-gu', 'at_shop', $2, $3, $4, $5, '2025-01-19T01:00:00Z', '2025-01-19T01:00:00Z')`,
            [b.prepaymentId, b.amount, b.redeemed ?? 0, b.refunded ?? 0, b.refundedAt ?? null],
          );
        }
        for (const r of rows.redemptions) {
          await sql.query(
            `INSERT INTO prepayment_redemptions (prepayment_id, redemption_id, merchant_id, amount, redeemed_at, seoul_day, cancelled_at)
             VALUES ($1, $2, 'm', $3, '2025-01-19T02:00:00Z', '2025-01-19', $4)`,
            [r.prepaymentId, r.redemptionId, r.amount, r.cancelled ? '2025-01-19T03:00:00Z' : null],
          );
        }
        await applyIn(sql, range);
        const ids = [...new Set(events.map((event) => (event.data as { prepaymentId: string }).prepaymentId))];
        const balances = await sql.query(
          `SELECT prepayment_id, amount::int, redeemed::int, refunded::int, balance::int, status, refund_basis,
                  refund_requested_at, refunded_at, updated_at
           FROM prepayment_balances WHERE prepayment_id = ANY($1) ORDER BY prepayment_id`,
          [ids],
        );
        const redemptions = await sql.query(
          `SELECT redemption_id, amount::int, seoul_day::text, cancelled_at FROM prepayment_redemptions
           WHERE prepayment_id = ANY($1) ORDER BY redemption_id`,
          [ids],
        );
        result = { balances: balances.rows, redemptions: redemptions.rows };
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return { ...result!, range };
  }

  const at = (iso: string) => new Date(iso);

  it('folds a prepayment made, redeemed and cancelled in one range into one new row and a cancelled redemption', async () => {
    const { balances, redemptions } = await apply(() => [
      made('p', 10_000),
      redeemed('p', 'r1', 3_000, 7_000),
      redeemed('p', 'r2', 2_000, 5_000),
      cancelled('p', 'r1', 3_000, 8_000),
    ]);
    expect(balances).toEqual([
      expect.objectContaining({
        amount: 10_000,
        redeemed: 2_000,
        refunded: 0,
        balance: 8_000,
        status: 'active',
        updated_at: at('2025-01-20T14:30:00Z'),
      }),
    ]);
    expect(redemptions).toEqual([
      { redemption_id: 'r1', amount: 3_000, seoul_day: '2025-01-20', cancelled_at: at('2025-01-20T14:30:00Z') },
      { redemption_id: 'r2', amount: 2_000, seoul_day: '2025-01-20', cancelled_at: null },
    ]);
  });

  it('sums the changes of a stored prepayment and cancels its stored redemption in place', async () => {
    const { balances, redemptions } = await apply(
      () => [cancelled('p', 'r0', 1_000, 10_000), refundRequested('p', 10_000), refunded('p', 10_000)],
      () => ({
        balances: [{ prepaymentId: id('p'), amount: 10_000, redeemed: 1_000 }],
        redemptions: [{ prepaymentId: id('p'), redemptionId: 'r0', amount: 1_000 }],
      }),
    );
    expect(balances).toEqual([
      expect.objectContaining({
        redeemed: 0,
        refunded: 10_000,
        balance: 0,
        status: 'refunded',
        refund_basis: 'within_7_days',
        refund_requested_at: at('2025-01-21T01:00:00Z'),
        refunded_at: at('2025-01-21T02:00:00Z'),
        updated_at: at('2025-01-21T02:00:00Z'),
      }),
    ]);
    expect(redemptions).toEqual([
      { redemption_id: 'r0', amount: 1_000, seoul_day: '2025-01-19', cancelled_at: at('2025-01-20T14:30:00Z') },
    ]);
  });

  it('puts a redemption late in the Seoul evening on the next Seoul day', async () => {
    const { redemptions } = await apply(() => [made('p', 10_000), redeemed('p', 'r1', 1_000, 9_000, '2025-01-20T15:30:00Z')]);
    expect(redemptions).toEqual([expect.objectContaining({ seoul_day: '2025-01-21' })]);
  });

  describe('refuses an impossible range, naming the event and writing nothing', () => {
    const stored = (p: string, amount: number, redeemedSoFar = 0) => ({ prepaymentId: id(p), amount, redeemed: redeemedSoFar });
    const storedRedemption = (p: string, redemptionId: string, amount: number, isCancelled = false) => ({
      prepaymentId: id(p),
      redemptionId,
      amount,
      cancelled: isCancelled,
    });
    // [case, history, stored rows, the refused event's index in the history, the reason]
    const refusals: [string, () => DomainEvent[], () => Stored, number, RegExp][] = [
      [
        'an overdraft by a later redemption of the range',
        () => [redeemed('p', 'r1', 6_000, 4_000), redeemed('p', 'r2', 6_000, -2_000)],
        () => ({ balances: [stored('p', 10_000)], redemptions: [] }),
        1,
        /prepayment_balance_not_negative/,
      ],
      [
        'a balance other than the event says',
        () => [made('p', 10_000), redeemed('p', 'r1', 1_000, 8_000)],
        () => NOTHING,
        1,
        /balance 9000 is not 8000/,
      ],
      ['a redemption of an unknown prepayment', () => [redeemed('ghost', 'r1', 1_000, 0)], () => NOTHING, 0, /no prepayment/],
      [
        'a redemption before its prepayment is made',
        () => [redeemed('p', 'r1', 1_000, 9_000), made('p', 10_000)],
        () => NOTHING,
        0,
        /no prepayment/,
      ],
      ['a prepayment made twice', () => [made('p', 10_000), made('p', 10_000)], () => NOTHING, 1, /made twice/],
      ['a prepayment made again', () => [made('p', 10_000)], () => ({ balances: [stored('p', 10_000)], redemptions: [] }), 0, /made twice/],
      [
        'a cancellation of an unknown redemption',
        () => [cancelled('p', 'rx', 1_000, 11_000)],
        () => ({ balances: [stored('p', 10_000)], redemptions: [] }),
        0,
        /no open redemption rx/,
      ],
      [
        'a cancellation of a cancelled redemption',
        () => [cancelled('p', 'r0', 1_000, 10_000)],
        () => ({ balances: [stored('p', 10_000)], redemptions: [storedRedemption('p', 'r0', 1_000, true)] }),
        0,
        /no open redemption r0/,
      ],
      [
        'a second cancellation in the range',
        () => [
          made('p', 10_000),
          redeemed('p', 'r1', 1_000, 9_000),
          cancelled('p', 'r1', 1_000, 10_000),
          cancelled('p', 'r1', 1_000, 11_000),
        ],
        () => NOTHING,
        3,
        /no open redemption r1/,
      ],
      [
        'a cancellation before its redemption in the range',
        () => [made('p', 10_000), cancelled('p', 'r1', 1_000, 10_000), redeemed('p', 'r1', 1_000, 9_000)],
        () => NOTHING,
        1,
        /no open redemption r1/,
      ],
      [
        'a cancellation of another amount',
        () => [cancelled('p', 'r0', 500, 9_500)],
        () => ({ balances: [stored('p', 10_000, 1_000)], redemptions: [storedRedemption('p', 'r0', 1_000)] }),
        0,
        /amount differs/,
      ],
      [
        'a refund request on a refunded prepayment',
        () => [refunded('p', 10_000), refundRequested('p', 0)],
        () => ({ balances: [stored('p', 10_000)], redemptions: [] }),
        1,
        /already refunded/,
      ],
      [
        'a refund of part of the balance',
        () => [refunded('p', 4_000)],
        () => ({ balances: [stored('p', 10_000)], redemptions: [] }),
        0,
        /whole balance/,
      ],
      ['an amount that is not whole won', () => [made('p', 10_000), redeemed('p', 'r1', 0.5, 9_999.5)], () => NOTHING, 1, /not whole won/],
      ['a made amount that is not whole won', () => [made('p', 10_000.5)], () => NOTHING, 0, /not whole won/],
      [
        'a redemption without its moment',
        () => [made('p', 10_000), redeemed('p', 'r1', 1_000, 9_000, null as unknown as string)],
        () => NOTHING,
        1,
        /updated_at would be null/,
      ],
    ];
    it.each(refusals)('%s', async (_, history, stored, index, reason) => {
      const failure = apply(history, stored);
      await expect(failure).rejects.toThrow(reason);
      // The refused event is named by its type and position in the log.
      const { rows } = await world.sql.query<{ type: string; position: string }>(
        `SELECT type, global_position::text AS position FROM events WHERE stream_id LIKE $1 ORDER BY global_position`,
        [`prepayment-${id('')}%`],
      );
      const positions = rows.map((row) => `${row.type} at position ${row.position} `);
      await expect(failure).rejects.toThrow(`failed on ${positions[index]}`);
    });

    it('a redemption recorded before, by the table', async () => {
      await expect(
        apply(
          () => [redeemed('p', 'r0', 1_000, 8_000)],
          () => ({
            balances: [{ prepaymentId: id('p'), amount: 10_000, redeemed: 1_000 }],
            redemptions: [{ prepaymentId: id('p'), redemptionId: 'r0', amount: 1_000 }],
          }),
        ),
      ).rejects.toThrow(/prepayment_redemptions_pkey/);
    });

    it('a redemption recorded twice within the range, by the table', async () => {
      await expect(apply(() => [made('p', 10_000), redeemed('p', 'r1', 1_000, 9_000), redeemed('p', 'r1', 1_000, 8_000)])).rejects.toThrow(
        /prepayment_redemptions_pkey/,
      );
    });

    it('a moment that is no moment, by its cast', async () => {
      await expect(apply(() => [made('p', 10_000), redeemed('p', 'r1', 1_000, 9_000, 'yesterday-ish')])).rejects.toThrow(/timestamp/);
    });

    it('an event stored at a schema version the SQL does not read', async () => {
      const after = await lastInLog();
      tag += 1;
      id = (name) => `v-${tag}-${name}`;
      await world.sql.query(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
         VALUES (gen_random_uuid(), $1, 1, 'PrepaymentMade', 2, $2, '{}')`,
        [prepaymentStream(id('p')), JSON.stringify(made('p', 10_000).data)],
      );
      const range = rangeOf(after, await lastInLog());
      await expect(inTransaction(world.db.dataSource, (sql) => applyIn(sql, range))).rejects.toThrow(/stored at schema version 2/);
    });
  });
});

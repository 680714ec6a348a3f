import { inStreamShare, sqlOn, streamShares } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The shares a rebuild splits a range into (issue 14): each stream in exactly one share, so
 * that the shares together apply each event once. Checked by PostgreSQL's own hash, over keys
 * whose hashes have either sign.
 */
describe('event store: shares of the streams', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase([]);
  });
  afterAll(() => db.drop());

  it.each([1, 2, 3, 4])('puts every stream in exactly one of %i shares, and some in each', async (count) => {
    const shares = streamShares(count);
    const { rows } = await sqlOn(db.dataSource).query<{ keys: number; negative: number; once: number; per_share: number[] }>(
      `WITH k AS (SELECT 'prepayment-' || md5(i::text) AS key FROM generate_series(1, 2000) AS i),
       placed AS (SELECT key, ARRAY[${shares.map((share) => `(${inStreamShare('key', share)})::int`).join(', ')}] AS hits FROM k)
       SELECT count(*)::int AS keys,
              count(*) FILTER (WHERE hashtext(key) < 0)::int AS negative,
              count(*) FILTER (WHERE (SELECT sum(h) FROM unnest(hits) h) = 1)::int AS once,
              ARRAY[${shares.map((share) => `sum(hits[${share.index + 1}])`).join(', ')}]::int[] AS per_share
       FROM placed`,
    );
    const [{ keys, negative, once, per_share: perShare }] = rows;
    expect(negative).toBeGreaterThan(0);
    expect(once).toBe(keys);
    expect(perShare).toHaveLength(count);
    for (const placed of perShare) expect(placed).toBeGreaterThan(keys / count / 2);
  });

  it('leaves every stream in when there is no share, and refuses a share that is not one', () => {
    expect(inStreamShare('key', undefined)).toBe('true');
    expect(() => inStreamShare('key', { index: 2, of: 2 })).toThrow(/no share 2 of 2/);
    expect(() => inStreamShare('key', { index: -1, of: 2 })).toThrow(/no share/);
    expect(() => inStreamShare('key', { index: 0.5, of: 2 })).toThrow(/no share/);
    expect(() => streamShares(0)).toThrow(/positive whole number/);
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { drawRanking, rankedCount } from './ranking';
import { keyString, selectIndices } from './rfc3797';
import { verifyDraw } from './verify-draw';

/**
 * Whatever the entries, sources and quota: the same inputs always give the same ranking, in
 * whatever order the entries arrive; the ranking is a permutation of the pool (or a prefix of
 * one when the pool is too large to rank whole); the winners are its first places; the
 * verifier agrees with every draw and notices any change to a published one.
 */

const entryIds = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 0, maxLength: 60 });
const sources = fc.array(
  fc.record({
    label: fc.string({ maxLength: 10 }),
    numbers: fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String), { minLength: 1, maxLength: 7 }),
  }),
  { minLength: 1, maxLength: 4 },
);
const draws = fc.record({ entries: entryIds, sources, quota: fc.nat(80), waitingListSize: fc.nat(80) });

const withShuffledEntries = draws.chain((inputs) =>
  fc.tuple(
    fc.constant(inputs),
    fc.shuffledSubarray(inputs.entries, { minLength: inputs.entries.length, maxLength: inputs.entries.length }),
  ),
);

/** The RFC's selection written the plain way (remove from a list), to check the fast one. */
function referenceSelection(key: string, poolSize: number, count: number): number[] {
  const pool = Array.from({ length: poolSize }, (_, i) => i);
  const selected: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const counter = Buffer.from([i >> 8, i & 0xff]);
    const digest = createHash('md5').update(counter).update(key).update(counter).digest('hex');
    selected.push(...pool.splice(Number(BigInt(`0x${digest}`) % BigInt(pool.length)), 1));
  }
  return selected;
}

describe('the draw', () => {
  it('gives the same ranking for the same inputs, whatever order the entries come in', () => {
    fc.assert(
      fc.property(withShuffledEntries, ([inputs, shuffled]) => {
        expect(drawRanking({ ...inputs, entries: shuffled })).toEqual(drawRanking(inputs));
      }),
    );
  });

  it('ranks the whole pool as a permutation, winners first, up to the quota', () => {
    fc.assert(
      fc.property(draws, (inputs) => {
        const outcome = drawRanking(inputs);
        expect([...outcome.ranking].sort()).toEqual([...inputs.entries].sort());
        expect(outcome.winners).toBe(Math.min(inputs.quota, inputs.entries.length));
        expect(outcome.poolSize).toBe(inputs.entries.length);
      }),
    );
  });

  it('selects exactly as the plain RFC procedure, and a shorter draw is a prefix of a longer one', () => {
    fc.assert(
      fc.property(sources, fc.integer({ min: 0, max: 300 }), fc.nat(300), (srcs, poolSize, k) => {
        const key = keyString(srcs);
        const count = Math.min(k, poolSize);
        const all = selectIndices(key, poolSize, poolSize);
        expect(all).toEqual(referenceSelection(key, poolSize, poolSize));
        expect(selectIndices(key, poolSize, count)).toEqual(all.slice(0, count));
      }),
    );
  });

  it('ranks only winners and waiting list beyond the counter limit of 65,536', () => {
    expect(rankedCount(65_536, 10, 5)).toBe(65_536);
    expect(rankedCount(65_537, 10, 5)).toBe(15);
    expect(() => rankedCount(70_000, 50, 65_500)).toThrow(expect.objectContaining({ code: 'waiting_list_too_long' }));
  });

  it('is agreed with by the verifier, which notices any change to what was published', () => {
    fc.assert(
      fc.property(
        draws.filter((d) => d.entries.length >= 2),
        fc.nat(),
        (inputs, pick) => {
          const outcome = drawRanking(inputs);
          const published = { ...inputs, entryListHash: outcome.entryListHash, ranking: outcome.ranking };
          expect(verifyDraw(published)).toMatchObject({ matches: true, differences: [] });

          const i = pick % (outcome.ranking.length - 1);
          const swapped = [...outcome.ranking];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
          expect(verifyDraw({ ...published, ranking: swapped }).matches).toBe(false);

          const entryAdded = { ...published, entries: [...inputs.entries, 'zz-added-later-entry'] };
          expect(verifyDraw(entryAdded).matches).toBe(false);

          const otherNumbers = inputs.sources.map((s, n) => (n === 0 ? { ...s, numbers: [...s.numbers, '99999999999999'] } : s));
          const otherKey = verifyDraw({ ...published, sources: otherNumbers });
          // Another key could give the same order by chance only in a small pool (1 in 12! here).
          if (inputs.entries.length >= 12) expect(otherKey.matches).toBe(false);
        },
      ),
    );
  });
});

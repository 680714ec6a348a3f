import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalEntryList, entryListHash, frozenEntryList } from './entry-list';
import { referenceCanonicalEntryList, referenceEntryListHash } from './test/reference-entry-list';

/**
 * The fast canonical list (packed keys sorted natively, see canonical-order.ts) against the
 * plain comparator sort and per-id hash it replaced: the same list, the same hash, the same
 * refusals, whatever the ids (shared prefixes, ids equal over the packed characters, prefixes of
 * each other, any UTF-16 including lone surrogates, duplicates).
 */

const outcome = <T>(work: () => T): { value: T } | { code: string; message: string } => {
  try {
    return { value: work() };
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
};

const reference = (ids: readonly string[]) => {
  const entries = referenceCanonicalEntryList(ids);
  return { entries, entryListHash: referenceEntryListHash(entries) };
};

const expectSameAsReference = (ids: readonly string[]) => {
  const expected = outcome(() => reference(ids));
  expect(
    outcome(() => {
      const { order, entryListHash } = frozenEntryList(ids);
      return { entries: Array.from(order, (index) => ids[index]), entryListHash };
    }),
  ).toEqual(expected);
  expect(outcome(() => canonicalEntryList(ids))).toEqual('value' in expected ? { value: expected.value.entries } : expected);
};

// Ids from a few shapes, so that prefixes are shared, keys tie and ids are prefixes of others.
const prefixes = fc.constantFrom('', 'entry-', 'x', 'round-3-person-0000000000000000-', 'aaaaaaaaaaaaaaaaaaaaaaaa');
const asciiIds = fc
  .tuple(prefixes, fc.stringMatching(/^[a-z0-9-]{0,20}$/))
  .map(([prefix, rest]) => prefix + rest)
  .filter((id) => id.length > 0);
const anyIds = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((id) => !/[\r\n]/.test(id));
const someIds = fc.array(fc.oneof(asciiIds, anyIds, fc.constantFrom('a', 'b', 'ab', '\u{1F600}', '\uffff', '\ud800')), { maxLength: 80 });

describe('the canonical entry list', () => {
  it('is the plain sort and per-id hash, refusals included, for any ids', () => {
    fc.assert(fc.property(someIds, expectSameAsReference), { numRuns: 500 });
  });

  it('is the plain sort for ids of one shape only (prefixes shared, keys tied)', () => {
    fc.assert(fc.property(fc.array(asciiIds, { maxLength: 200 }), expectSameAsReference), { numRuns: 300 });
  });

  it('is the plain sort for thousands of ids of the shapes above (keys sorted in buckets)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4_096, max: 8_000 }), fc.string({ maxLength: 4 }), (count, salt) => {
        // Shared prefixes, ids that are prefixes of others, keys that tie; no duplicates.
        const shapes = ['', 'entry-', 'x', 'round-3-person-0000000000000000-', 'aaaaaaaaaaaaaaaaaaaaaaaa'];
        const ids = Array.from({ length: count }, (_, i) => {
          const hex = createHash('md5').update(`${salt}-${i}`).digest('hex');
          return `${shapes[i % shapes.length]}${hex.slice(0, 1 + (i % 20))}`;
        });
        expectSameAsReference([...new Set(ids)]);
      }),
      { numRuns: 5 },
    );
  });

  it('is the plain sort over thousands of hex ids, as a large round has', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.string({ maxLength: 4 }), (count, salt) => {
        const ids = Array.from({ length: count }, (_, i) => `entry-${createHash('md5').update(`${salt}-${i}`).digest('hex')}`);
        expectSameAsReference(ids);
      }),
      { numRuns: 10 },
    );
  });

  it('refuses the same lists as invalid as the plain check did', () => {
    const invalid = fc.constantFrom('', 'a\nb', 'a\rb', '\n', undefined, 42);
    fc.assert(
      fc.property(fc.uniqueArray(asciiIds, { maxLength: 30 }), invalid, fc.nat(), (ids, bad, at) => {
        const withBad = [...ids];
        withBad.splice(at % (ids.length + 1), 0, bad as string);
        expect(() => frozenEntryList(withBad)).toThrow(expect.objectContaining({ code: 'invalid_entry_list' }));
        expect(() => referenceCanonicalEntryList(withBad)).toThrow(expect.objectContaining({ code: 'invalid_entry_list' }));
      }),
    );
  });

  it('hashes a canonical list as the per-id hash did', () => {
    fc.assert(
      fc.property(someIds, (ids) => {
        const entries = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(entryListHash(entries)).toBe(referenceEntryListHash(entries));
      }),
    );
  });
});

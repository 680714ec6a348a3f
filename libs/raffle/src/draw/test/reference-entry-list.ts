import { createHash } from 'node:crypto';
import { InvalidInputError } from '@goodpay/shared';

/**
 * The canonical entry list and its hash written the plain way (a comparator sort, one hash
 * update per id), as they were before the fast path: kept for tests only, to check that the
 * fast one gives the same list, the same hash and the same refusals.
 */
export function referenceCanonicalEntryList(entryIds: readonly string[]): string[] {
  const sorted = [...entryIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < sorted.length; i += 1) {
    const id = sorted[i];
    if (typeof id !== 'string' || id.length === 0 || /[\r\n]/.test(id)) {
      throw new InvalidInputError('an entry id must be a non-empty single-line string', { index: i }, 'invalid_entry_list');
    }
    if (i > 0 && sorted[i - 1] === id) {
      throw new InvalidInputError(`entry ${id} appears twice`, { entryId: id }, 'duplicate_entry');
    }
  }
  return sorted;
}

export function referenceEntryListHash(canonicalEntries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of canonicalEntries) hash.update(`${id}\n`, 'utf8');
  return hash.digest('hex');
}

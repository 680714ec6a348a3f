import { createHash } from 'node:crypto';
import { InvalidInputError } from '@goodpay/shared';

/**
 * The frozen entry list of a round, in its canonical order: entry ids sorted by their UTF-16
 * code units (plain `<` on strings; entry ids are ASCII, so also byte order), no duplicates.
 * This order is the pool order RFC 3797 selects from, so it must be reproducible by anyone.
 */
export function canonicalEntryList(entryIds: readonly string[]): string[] {
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

/**
 * The published fingerprint of a frozen entry list: SHA-256 (lowercase hex) of the canonical
 * list written one id per line, each line ending in "\n". `printf '%s\n' ids... | sha256sum`.
 */
export function entryListHash(canonicalEntries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of canonicalEntries) hash.update(`${id}\n`, 'utf8');
  return hash.digest('hex');
}

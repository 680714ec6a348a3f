import { createHash } from 'node:crypto';
import { InvalidInputError } from '@goodpay/shared';
import { canonicalOrder } from './canonical-order';

/**
 * A round's frozen entry list as the draw uses it: entry k of the canonical list is
 * `entryIds[order[k]]` (the draw looks up only the entries it ranks, so a list of a million ids
 * is never built), and the list's fingerprint.
 */
export interface FrozenEntryList {
  order: Uint32Array;
  entryListHash: string;
}

/**
 * The frozen entry list of a round, in its canonical order: entry ids sorted by their UTF-16
 * code units (plain `<` on strings; entry ids are ASCII, so also byte order), no duplicates.
 * This order is the pool order RFC 3797 selects from, so it must be reproducible by anyone.
 */
export function canonicalEntryList(entryIds: readonly string[]): string[] {
  const { order } = sortedEntries(entryIds);
  return Array.from(order, (index) => entryIds[index]);
}

/**
 * The published fingerprint of a frozen entry list: SHA-256 (lowercase hex) of the canonical
 * list written one id per line, each line ending in "\n". `printf '%s\n' ids... | sha256sum`.
 */
export function entryListHash(canonicalEntries: readonly string[]): string {
  const hash = createHash('sha256');
  // In slices: one update per id cost more than the hashing itself.
  for (let i = 0; i < canonicalEntries.length; i += 8_192) hash.update(`${canonicalEntries.slice(i, i + 8_192).join('\n')}\n`, 'utf8');
  return hash.digest('hex');
}

/**
 * The canonical order and entryListHash at once, as the draw needs them, without reading a
 * million ids again in canonical order (scattered in memory, that read was most of the hash's
 * time): each id's line is copied from the joined text to its place in the canonical text.
 */
export function frozenEntryList(entryIds: readonly string[]): FrozenEntryList {
  const { bytes, ascii, starts, order } = sortedEntries(entryIds);
  const count = entryIds.length;
  const byteStarts = ascii ? starts : lineStarts(bytes, count);
  // Where each id's line goes in the canonical text, then one sequential pass copying it there.
  const placedAt = new Uint32Array(count);
  for (let k = 0, at = 0; k < count; k += 1) {
    const index = order[k];
    placedAt[index] = at;
    at += byteStarts[index + 1] - byteStarts[index];
  }
  const canonicalText = Buffer.allocUnsafe(bytes.length);
  // Four bytes at a time where the line has them (a DataView reads and writes at any offset):
  // the writes land scattered, and fewer of them keep more in flight; about twice as fast.
  const source = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const target = new DataView(canonicalText.buffer, canonicalText.byteOffset, canonicalText.length);
  for (let index = 0; index < count; index += 1) {
    let to = placedAt[index];
    let from = byteStarts[index];
    const end = byteStarts[index + 1];
    for (; from + 4 <= end; from += 4, to += 4) target.setUint32(to, source.getUint32(from, true), true);
    for (; from < end; from += 1) canonicalText[to++] = bytes[from];
  }
  return { order, entryListHash: createHash('sha256').update(canonicalText).digest('hex') };
}

const invalidEntry = (index: number) =>
  new InvalidInputError('an entry id must be a non-empty single-line string', { index }, 'invalid_entry_list');

/**
 * The ids checked and joined (each followed by "\n", in the order they come) as UTF-8 bytes, with
 * the offset of each, and their canonical order. ASCII ids (what entry ids are) are their own
 * UTF-16 code units, so the order is found on the bytes; other ids are read as code units.
 */
function sortedEntries(entryIds: readonly string[]): { bytes: Buffer; ascii: boolean; starts: Uint32Array; order: Uint32Array } {
  const count = entryIds.length;
  for (let i = 0; i < count; i += 1) {
    if (typeof entryIds[i] !== 'string' || entryIds[i].length === 0) throw invalidEntry(i);
  }
  // Joined with "\n" by the array's own join (twice as fast as joining a copy with one more
  // element, `[...ids, ''].join`); the last id's "\n" is written into the bytes, not the text.
  const text = entryIds.join('\n');
  const starts = new Uint32Array(count + 1);
  for (let i = 0, at = 0; i <= count; i += 1) {
    starts[i] = at;
    if (i === count) break;
    // An id holding "\n" ends early; one holding "\r" is looked for once all are placed.
    const found = text.indexOf('\n', at);
    const lineEnd = found < 0 ? text.length : found;
    if (lineEnd !== at + entryIds[i].length) throw invalidEntry(i);
    at = lineEnd + 1;
  }
  if (text.includes('\r')) throw invalidEntry(entryIds.findIndex((id) => id.includes('\r')));
  const bytes = withLastNewline(text, count);
  const ascii = bytes.length === starts[count];
  const order = canonicalOrder(entryIds, ascii ? bytes : codeUnits(text, starts[count]), starts, (id) => {
    throw new InvalidInputError(`entry ${id} appears twice`, { entryId: id }, 'duplicate_entry');
  });
  return { bytes, ascii, starts, order };
}

/** The text's UTF-8 bytes and a last "\n" (none for no ids), written once. */
function withLastNewline(text: string, count: number): Buffer {
  if (count === 0) return Buffer.alloc(0);
  const length = Buffer.byteLength(text, 'utf8');
  const bytes = Buffer.allocUnsafe(length + 1);
  bytes.write(text, 0, length, 'utf8');
  bytes[length] = 0x0a;
  return bytes;
}

/** The text's UTF-16 code units and a last "\n", `length` in all. */
function codeUnits(text: string, length: number): Uint16Array {
  const units = new Uint16Array(length);
  for (let i = 0; i < text.length; i += 1) units[i] = text.charCodeAt(i);
  units[text.length] = 0x0a;
  return units;
}

/** Where each line starts in UTF-8 text (a "\n" byte never occurs inside a multi-byte character). */
function lineStarts(bytes: Buffer, lines: number): Uint32Array {
  const starts = new Uint32Array(lines + 1);
  for (let line = 1, at = 0; line <= lines; line += 1) {
    at = bytes.indexOf(0x0a, at) + 1;
    starts[line] = at;
  }
  return starts;
}

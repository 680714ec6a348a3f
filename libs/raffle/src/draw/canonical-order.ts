/**
 * The canonical order of a round's entry ids (UTF-16 code units, what `<` on strings compares)
 * computed without a JavaScript comparator, which is what made a draw over a million entries
 * take seconds: each id gets a 64-bit sort key, the first characters after the prefix all ids
 * share, packed above the id's index; the keys are sorted natively (BigUint64Array, in buckets of
 * their top bits for a large round) and only ids whose packed characters are all equal are
 * compared as strings afterwards.
 */

/** Characters after the common prefix looked at to pack keys (a key holds at most this many). */
const KEY_WINDOW = 12;
/** Characters looked at first for the symbols that occur: 8 of 16 hex digits (5 bits) fit a million ids' keys. */
const FIRST_LOOK = 8;
/** Used bits of a packed key that choose its bucket, from this many keys on. */
const BUCKET_BITS = 12;
const MIN_BUCKETED = 1 << 12;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const LOW = LITTLE_ENDIAN ? 0 : 1;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The indices of `ids` in canonical order. `units` are the ids' UTF-16 code units joined, each id
 * followed by one separator, and `starts[i]` the offset of id i in it (`starts[ids.length]` =
 * units.length): one flat array is read much faster than a million small strings, and a typed
 * array faster than a string. Calls `onDuplicate` with an id found twice.
 */
export function canonicalOrder(
  ids: readonly string[],
  units: Uint8Array | Uint16Array,
  starts: Uint32Array,
  onDuplicate: (id: string) => never,
): Uint32Array {
  const count = ids.length;
  if (count <= 1) return Uint32Array.from({ length: count }, (_, i) => i);
  const end = (i: number) => starts[i + 1] - 1; // the "\n" after id i

  // The prefix every id shares tells no two apart: the keys start after it.
  let shared = end(0) - starts[0];
  for (let i = 1; i < count && shared > 0; i += 1) {
    const at = starts[i];
    const length = Math.min(shared, end(i) - at);
    let j = 0;
    while (j < length && units[at + j] === units[j]) j += 1;
    shared = j;
  }

  // Each character of the window becomes its rank among the characters that occur there
  // (0 = past the end of the id, which sorts first), so a key holds as many characters as it can.
  // Only the characters a key will hold are looked at: as many as fit with the symbols seen so far
  // (more symbols, fewer fit), first FIRST_LOOK of them, then more while more fit.
  const indexBits = Math.ceil(Math.log2(count));
  const fitting = (symbols: number) => Math.floor(Math.min(64 - indexBits, 52) / Math.ceil(Math.log2(symbols + 1)));
  const occurs = new Uint8Array(0x10000);
  let symbols = 0;
  let looked = 0;
  while (looked < KEY_WINDOW && looked < fitting(symbols)) {
    const upTo = Math.min(KEY_WINDOW, looked === 0 ? FIRST_LOOK : fitting(symbols));
    for (let i = 0; i < count; i += 1) {
      const last = Math.min(end(i), starts[i] + shared + upTo);
      for (let at = starts[i] + shared + looked; at < last; at += 1) occurs[units[at]] = 1;
    }
    looked = upTo;
    symbols = 0;
    for (let unit = 0; unit < 0x10000; unit += 1) symbols += occurs[unit];
  }
  const rank = new Uint16Array(0x10000);
  for (let unit = 0, next = 0; unit < 0x10000; unit += 1) if (occurs[unit]) rank[unit] = ++next;
  const symbolBits = Math.ceil(Math.log2(symbols + 1));
  // Keys stay below 2^52 so that the arithmetic below is exact in doubles.
  const keyChars = Math.min(looked, fitting(symbols));
  const symbolScale = 2 ** symbolBits;
  const indexScale = 2 ** indexBits;
  const indexMask = indexScale - 1;
  const lowKeyScale = 2 ** (32 - indexBits);
  // The packed keys are distributed by their top BUCKET_BITS used bits, and each bucket sorted
  // natively: many small sorts cost less than one of the whole (fewer levels of std::sort).
  const usedHighBits = Math.max(0, keyChars * symbolBits + indexBits - 32);
  const bucketShift = Math.max(0, usedHighBits - BUCKET_BITS);
  const buckets = count >= MIN_BUCKETED ? new Uint32Array((1 << (usedHighBits - bucketShift)) + 1) : undefined;

  // Packed: key * 2^indexBits + index, written as two 32-bit halves.
  const packed = new BigUint64Array(count);
  const halves = new Uint32Array(packed.buffer);
  for (let i = 0; i < count; i += 1) {
    const from = starts[i] + shared;
    const stop = end(i);
    let key = 0;
    for (let at = from; at < from + keyChars; at += 1) key = key * symbolScale + (at < stop ? rank[units[at]] : 0);
    const high = Math.floor(key / lowKeyScale);
    halves[2 * i + HIGH] = high;
    halves[2 * i + LOW] = (key - high * lowKeyScale) * indexScale + i;
    if (buckets) buckets[(high >>> bucketShift) + 1] += 1;
  }
  const sorted = buckets ? sortInBuckets(packed, buckets, bucketShift) : packed.sort();

  const order = new Uint32Array(count);
  const words = new Uint32Array(sorted.buffer);
  const sameKey = (k: number) =>
    words[2 * k + HIGH] === words[2 * k + 2 + HIGH] &&
    Math.floor(words[2 * k + LOW] / indexScale) === Math.floor(words[2 * k + 2 + LOW] / indexScale);
  let runStart = 0;
  for (let k = 0; k < count; k += 1) {
    order[k] = (words[2 * k + LOW] & indexMask) >>> 0;
    if (k + 1 < count && sameKey(k)) continue;
    // Ids of one key agree on every packed character: only their strings can order them.
    if (k > runStart) orderRun(ids, order, runStart, k + 1, onDuplicate);
    runStart = k + 1;
  }
  return order;
}

/** `packed` in order: moved into its buckets (counted in `buckets[b + 1]`), each sorted natively. */
function sortInBuckets(packed: BigUint64Array, buckets: Uint32Array, bucketShift: number): BigUint64Array {
  for (let b = 1; b < buckets.length; b += 1) buckets[b] += buckets[b - 1];
  const next = buckets.slice(0, -1);
  const source = new Uint32Array(packed.buffer);
  const sorted = new BigUint64Array(packed.length);
  const target = new Uint32Array(sorted.buffer);
  for (let i = 0; i < packed.length; i += 1) {
    const high = source[2 * i + HIGH];
    const at = next[high >>> bucketShift]++;
    target[2 * at + HIGH] = high;
    target[2 * at + LOW] = source[2 * i + LOW];
  }
  for (let b = 0; b + 1 < buckets.length; b += 1) {
    if (buckets[b + 1] - buckets[b] > 1) sorted.subarray(buckets[b], buckets[b + 1]).sort();
  }
  return sorted;
}

function orderRun(ids: readonly string[], order: Uint32Array, from: number, to: number, onDuplicate: (id: string) => never): void {
  const run = Array.from(order.subarray(from, to)).sort((a, b) => byCodeUnits(ids[a], ids[b]));
  for (let r = 0; r < run.length; r += 1) {
    if (r > 0 && ids[run[r - 1]] === ids[run[r]]) onDuplicate(ids[run[r]]);
    order[from + r] = run[r];
  }
}

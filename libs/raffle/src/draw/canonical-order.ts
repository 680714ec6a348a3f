/**
 * The canonical order of a round's entry ids (UTF-16 code units, what `<` on strings compares)
 * computed without a JavaScript comparator, which is what made a draw over a million entries
 * take seconds: each id gets a 64-bit sort key, the first characters after the prefix all ids
 * share, packed above the id's index; the keys are sorted natively (BigUint64Array) and only ids
 * whose packed characters are all equal are compared as strings afterwards.
 */

/** Characters after the common prefix looked at to pack keys (a key holds at most this many). */
const KEY_WINDOW = 12;

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
  const occurs = new Uint8Array(0x10000);
  for (let i = 0; i < count; i += 1) {
    const last = Math.min(end(i), starts[i] + shared + KEY_WINDOW);
    for (let at = starts[i] + shared; at < last; at += 1) occurs[units[at]] = 1;
  }
  const rank = new Uint16Array(0x10000);
  let symbols = 0;
  for (let unit = 0; unit < 0x10000; unit += 1) if (occurs[unit]) rank[unit] = ++symbols;
  const symbolBits = Math.ceil(Math.log2(symbols + 1));
  const indexBits = Math.ceil(Math.log2(count));
  // Keys stay below 2^52 so that the arithmetic below is exact in doubles.
  const keyChars = Math.min(KEY_WINDOW, Math.floor(Math.min(64 - indexBits, 52) / symbolBits));
  const symbolScale = 2 ** symbolBits;
  const indexScale = 2 ** indexBits;
  const lowKeyScale = 2 ** (32 - indexBits);

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
  }
  packed.sort();

  const order = new Uint32Array(count);
  const keyOf = (k: number) => halves[2 * k + HIGH] * lowKeyScale + Math.floor(halves[2 * k + LOW] / indexScale);
  let runStart = 0;
  for (let k = 0; k < count; k += 1) {
    order[k] = halves[2 * k + LOW] % indexScale;
    if (k + 1 < count && keyOf(k + 1) === keyOf(k)) continue;
    // Ids of one key agree on every packed character: only their strings can order them.
    if (k > runStart) orderRun(ids, order, runStart, k + 1, onDuplicate);
    runStart = k + 1;
  }
  return order;
}

function orderRun(ids: readonly string[], order: Uint32Array, from: number, to: number, onDuplicate: (id: string) => never): void {
  const run = Array.from(order.subarray(from, to)).sort((a, b) => byCodeUnits(ids[a], ids[b]));
  for (let r = 0; r < run.length; r += 1) {
    if (r > 0 && ids[run[r - 1]] === ids[run[r]]) onDuplicate(ids[run[r]]);
    order[from + r] = run[r];
  }
}

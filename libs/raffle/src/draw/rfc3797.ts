import { createHash } from 'node:crypto';
import { InvalidInputError } from '@goodpay/shared';

/**
 * RFC 3797 ("Publicly Verifiable Nominations Committee Random Selection"), section 4, exactly,
 * so that anyone's implementation of the RFC reproduces our selection from the published inputs.
 *
 * - Each source of public randomness is a list of non-negative integers (e.g. the six numbers
 *   of a Lotto 6/45 draw). Its numbers are written in decimal without leading zeros, sorted
 *   ascending, each followed by '.', and the source is terminated by '/'. Sources are
 *   concatenated in their published order: that is the key string.
 * - Selection i (counted from 0) hashes with MD5 the 2-byte big-endian counter i, the key
 *   string, and the counter again; the 16-byte digest is an unsigned big-endian integer.
 * - Its remainder modulo the number of items still in the pool picks (0-based) the next item
 *   of the pool in its published order; that item is removed and the next selection follows.
 * - A source may give alphanumeric values instead (RFC 3797 sections 3.2 and 4: a hex beacon, a
 *   block hash, a string): each value is written in upper case (ASCII letters; "ab12" and "AB12"
 *   are one value), the values are sorted by their bytes, each followed by '.', the source
 *   terminated by '/'. Such a value may not hold '.', '/' or anything outside printable ASCII,
 *   which would make two different sources give one key string.
 */

/** One source of public randomness as published: a label for people, numbers for the draw. */
export interface RandomnessSource {
  /** What the numbers are, e.g. "Lotto 6/45 draw 1153 (2025-01-04)"; not part of the key. */
  label: string;
  /**
   * Non-negative integers in decimal, as strings so that no precision is lost in JSON; or, when
   * `format` is 'text', alphanumeric values (hex beacons, strings).
   */
  numbers: string[];
  /** How the values are written into the key string: 'decimal' (the default) or 'text'. */
  format?: 'decimal' | 'text';
}

/** The 2-byte counter limits a draw to 65,536 selections. */
export const MAX_SELECTIONS = 65_536;

const DECIMAL = /^[0-9]+$/;

/** Printable ASCII but the two separators of the key string. */
const TEXT_VALUE = /^[\x20-\x2d\x30-\x7e]+$/;

const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A text value as the key string writes it: upper case (ASCII), refused if it holds '.', '/' or non-ASCII. */
export function canonicalTextValue(value: unknown, index: number): string {
  if (typeof value !== 'string' || !TEXT_VALUE.test(value)) {
    throw new InvalidInputError(
      `randomness source ${index + 1}: "${String(value)}" is not printable ASCII without "." and "/"`,
      { source: index + 1 },
      'invalid_randomness_source',
    );
  }
  return value.toUpperCase();
}

function sourceKey(source: RandomnessSource, index: number): string {
  if (!Array.isArray(source?.numbers) || source.numbers.length === 0) {
    throw new InvalidInputError(`randomness source ${index + 1} has no numbers`, { source: index + 1 }, 'invalid_randomness_source');
  }
  if (source.format === 'text') {
    return `${source.numbers
      .map((v) => canonicalTextValue(v, index))
      .sort(byBytes)
      .map((v) => `${v}.`)
      .join('')}/`;
  }
  if (source.format !== undefined && source.format !== 'decimal') {
    throw new InvalidInputError(
      `randomness source ${index + 1}: format must be decimal or text`,
      { source: index + 1 },
      'invalid_randomness_source',
    );
  }
  const numbers = source.numbers.map((n) => {
    if (typeof n !== 'string' || !DECIMAL.test(n)) {
      throw new InvalidInputError(
        `randomness source ${index + 1}: "${String(n)}" is not a non-negative integer`,
        { source: index + 1 },
        'invalid_randomness_source',
      );
    }
    return BigInt(n);
  });
  numbers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${numbers.map((n) => `${n.toString()}.`).join('')}/`;
}

/** The key string of section 4: e.g. [9319], [2,5,12,8,10] -> "9319./2.5.8.10.12./". */
export function keyString(sources: readonly RandomnessSource[]): string {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new InvalidInputError('a draw needs at least one source of randomness', {}, 'invalid_randomness_source');
  }
  return sources.map(sourceKey).join('');
}

/** MD5(counter || key || counter) for selection `counter` (0-based), as 16 bytes. */
export function selectionDigest(key: string, counter: number): Buffer {
  if (!Number.isInteger(counter) || counter < 0 || counter >= MAX_SELECTIONS) {
    throw new RangeError(`selection counter ${counter} is outside 0..${MAX_SELECTIONS - 1}`);
  }
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(counter);
  return createHash('md5').update(prefix).update(key, 'ascii').update(prefix).digest();
}

/**
 * Selects `count` items from a pool of `poolSize` items, in selection order, as 0-based
 * indices into the pool's published order.
 */
export function selectIndices(key: string, poolSize: number, count: number): number[] {
  if (!Number.isSafeInteger(poolSize) || poolSize < 0) throw new RangeError(`bad pool size ${poolSize}`);
  if (!Number.isSafeInteger(count) || count < 0 || count > poolSize || count > MAX_SELECTIONS) {
    throw new RangeError(`cannot select ${count} of ${poolSize} (at most ${MAX_SELECTIONS})`);
  }
  const remaining = new RemainingItems(poolSize);
  const selected: number[] = [];
  for (let counter = 0; counter < count; counter += 1) {
    const value = BigInt(`0x${selectionDigest(key, counter).toString('hex')}`);
    const position = Number(value % BigInt(poolSize - counter));
    selected.push(remaining.takeAt(position));
  }
  return selected;
}

/**
 * The items not selected yet, in pool order, with "take the k-th remaining" in O(log n)
 * (a Fenwick tree of counts) rather than splicing an array, so ranking 65,536 entries stays
 * fast. The result is the same as removing from a list.
 */
class RemainingItems {
  private readonly tree: Int32Array;
  private readonly topBit: number;

  constructor(private readonly size: number) {
    this.tree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i += 1) {
      this.tree[i] += 1;
      const parent = i + (i & -i);
      if (parent <= size) this.tree[parent] += this.tree[i];
    }
    let bit = 1;
    while (bit * 2 <= size) bit *= 2;
    this.topBit = bit;
  }

  /** Removes and returns the 0-based pool index of the `position`-th (0-based) remaining item. */
  takeAt(position: number): number {
    let index = 0;
    let rest = position + 1;
    for (let bit = this.topBit; bit > 0; bit >>= 1) {
      const next = index + bit;
      if (next <= this.size && this.tree[next] < rest) {
        index = next;
        rest -= this.tree[next];
      }
    }
    for (let i = index + 1; i <= this.size; i += i & -i) this.tree[i] -= 1;
    return index;
  }
}

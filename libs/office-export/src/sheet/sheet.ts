/**
 * One export as a table, before it is written as XLSX or CSV: both writers take the same
 * Sheet, so both files carry the same title, marker, headers, rows and totals.
 */
export type Cell = string | number | null;

/** `percent` cells are text such as "85.3%", the same in both formats. */
export const COLUMN_KINDS = ['text', 'won', 'count', 'date', 'percent'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface Column {
  /** Korean, as the office reads it. */
  header: string;
  kind: ColumnKind;
}

export interface Sheet {
  /** The worksheet's tab name (at most 31 characters, Excel's limit). */
  name: string;
  /** What it is: campaign, kind and period, on the first row. */
  title: string;
  /**
   * A line above everything else that no reader can miss, or null. The one place a rehearsal
   * campaign's exports say so (kinds/campaign-marker.ts decides its text).
   */
  marker: string | null;
  columns: Column[];
  rows: Cell[][];
  /** The totals row (same columns), or null. */
  totals: Cell[] | null;
}

/** The lines above the header row, in order: the marker (if any) first, then the title. */
export const titleLines = (sheet: Sheet): string[] => (sheet.marker === null ? [sheet.title] : [sheet.marker, sheet.title]);

/**
 * Money arrives as exact bigint text; a spreadsheet cell is a double. Every figure an export
 * sums is below the domain maxima's totals (libs/shared money limits), far under 2^53, where
 * the double is exact; a larger one is written as its digits (text), never rounded.
 */
export function wonCell(value: string | number | bigint | null): Cell {
  if (value === null) return null;
  const exact = BigInt(value);
  return exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact.toString();
}

/** Sum of a won column over the rows, exact. */
export function sumWon(rows: readonly Cell[][], column: number): Cell {
  return wonCell(rows.reduce((sum, row) => sum + BigInt(row[column] ?? 0), 0n));
}

/** part / whole as "85.3%" (one decimal, rounded down, exact in bigints); "-" without a whole. */
export function percentCell(part: Cell, whole: string | null): Cell {
  if (whole === null || BigInt(whole) === 0n) return '-';
  const tenths = (BigInt(part ?? 0) * 1000n) / BigInt(whole);
  return `${tenths / 10n}.${tenths % 10n}%`;
}

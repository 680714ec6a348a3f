import { type Cell, type Sheet, titleLines } from './sheet';

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark: Excel opens a BOM-less UTF-8 file in the
 * system's legacy code page (CP949 in Korea) and garbles Hangul. CRLF line ends; every field
 * with a comma, quote or line break is quoted. A text cell that starts with = + - @ (or a tab
 * or CR) is prefixed with ' so a spreadsheet never runs it as a formula (CSV injection).
 */
export const UTF8_BOM = '\uFEFF';

export function writeCsv(sheet: Sheet): Buffer {
  const width = sheet.columns.length;
  const line = (cells: readonly Cell[]) => cells.map(field).join(',');
  const padded = (text: string): Cell[] => [text, ...Array<Cell>(Math.max(0, width - 1)).fill(null)];
  const lines = [
    ...titleLines(sheet).map((text) => line(padded(text))),
    line(sheet.columns.map((column) => column.header)),
    ...sheet.rows.map(line),
    ...(sheet.totals === null ? [] : [line(sheet.totals)]),
  ];
  return Buffer.from(UTF8_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

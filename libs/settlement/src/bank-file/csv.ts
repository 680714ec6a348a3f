import { decode, encode } from 'iconv-lite';
import { InvalidInputError } from '@goodpay/shared';

export const CSV_ENCODINGS = ['utf-8', 'euc-kr'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const quoted = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * RFC 4180 lines ending CRLF. UTF-8 starts with a byte-order mark (Excel then reads Korean
 * right); EUC-KR is what older bank upload screens expect, without one.
 */
export function writeCsv(rows: readonly string[][], encoding: CsvEncoding): Buffer {
  const text = rows.map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n';
  return encoding === 'utf-8' ? Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]) : encode(text, 'euc-kr');
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, EUC-KR otherwise. */
export function decodeCsv(bytes: Buffer): string {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decode(bytes, 'euc-kr');
  }
}

const malformed = (message: string) =>
  new InvalidInputError(`the result file is not a CSV of the documented layout: ${message}`, undefined, 'result_file_malformed');

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let inQuotes = false;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') inQuotes = false;
      else cell += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw malformed(`a quote inside an unquoted cell on line ${rows.length + 1}`);
      inQuotes = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
    } else cell += c;
    i += 1;
  }
  if (inQuotes) throw malformed('a quoted cell is not closed');
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

import iconv from 'iconv-lite';
import { NTS_LAYOUT, NTS_RECORD_LENGTH, type FieldSpec, type RecordType } from './nts-layout';

// iconv-lite's 'euc-kr' is CP949: EUC-KR (KS X 1001) and the rest of the Hangul syllables.
const ENCODING = 'euc-kr';
const CRLF = Buffer.from('\r\n');

/** One tax receipt as the file lists it: the donor's full RRN is needed here (the NTS files by it). */
export interface NtsReceipt {
  receiptNumber: string;
  donorRrn: string;
  donorName: string;
  typeCode: string;
  issuedOn: string;
  items: { donatedOn: string; amount: bigint }[];
}

export interface NtsFileInput {
  year: number;
  bodyNumber: string;
  bodyName: string;
  submittedOn: string;
  receipts: NtsReceipt[];
}

const digitsOf = (day: string) => day.replace(/-/g, '');

/**
 * Whether the file can hold `text` as it is: iconv-lite writes `?` for a character CP949 lacks
 * (é, many hanja, emoji), which would file a name that is not the donor's.
 */
export function ntsEncodable(text: string): boolean {
  return iconv.decode(iconv.encode(text, ENCODING), ENCODING) === text;
}

/** `text` in at most `length` CP949 bytes, never cutting a character in two. */
function fitBytes(spec: FieldSpec, text: string): Buffer {
  // The text itself stays out of the message: it may be a donor's name.
  if (!ntsEncodable(text)) throw new Error(`${spec.name}: has a character the file's encoding (CP949) cannot hold`);
  const length = spec.length;
  let bytes = iconv.encode(text, ENCODING);
  let chars = Array.from(text);
  while (bytes.length > length) {
    chars = chars.slice(0, -1);
    bytes = iconv.encode(chars.join(''), ENCODING);
  }
  return bytes;
}

function field(spec: FieldSpec, value: string | number | bigint | undefined): Buffer {
  const out = Buffer.alloc(spec.length, spec.kind === '9' ? 0x30 : 0x20);
  const text = spec.constant ?? String(value ?? '');
  if (spec.kind === '9') {
    if (!/^\d*$/.test(text) || text.length > spec.length) throw new Error(`${spec.name}: ${text} does not fit ${spec.length} digits`);
    out.write(text, spec.length - text.length, 'latin1');
  } else {
    fitBytes(spec, text).copy(out, 0);
  }
  return out;
}

function record(type: RecordType, values: Record<string, string | number | bigint>): Buffer {
  const line = Buffer.concat(
    NTS_LAYOUT[type].map((spec) => {
      try {
        return field(spec, values[spec.name]);
      } catch (error) {
        // Name the receipt, so staff can find it; never the value.
        const where = values.receiptNumber ? ` (receipt ${String(values.receiptNumber)})` : '';
        throw new Error(`record ${type}${where}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
  if (line.length !== NTS_RECORD_LENGTH) throw new Error(`record ${type} is ${line.length} bytes`);
  return Buffer.concat([line, CRLF]);
}

/** The year's file: A, then each receipt's B and its C records, then Z with the totals. */
export function writeNtsBulkFile(input: NtsFileInput): Buffer {
  const body = input.bodyNumber.replace(/\D/g, '');
  const lines: Buffer[] = [
    record('A', { year: input.year, bodyNumber: body, bodyName: input.bodyName, submittedOn: digitsOf(input.submittedOn) }),
  ];
  let items = 0;
  let total = 0n;
  for (const receipt of input.receipts) {
    const sum = receipt.items.reduce((acc, item) => acc + item.amount, 0n);
    lines.push(
      record('B', {
        year: input.year,
        bodyNumber: body,
        receiptNumber: receipt.receiptNumber,
        donorRrn: receipt.donorRrn,
        donorName: receipt.donorName,
        typeCode: receipt.typeCode,
        issuedOn: digitsOf(receipt.issuedOn),
        itemCount: receipt.items.length,
        total: sum,
      }),
    );
    for (const item of receipt.items) {
      lines.push(
        record('C', {
          receiptNumber: receipt.receiptNumber,
          donorRrn: receipt.donorRrn,
          donatedOn: digitsOf(item.donatedOn),
          typeCode: receipt.typeCode,
          kind: '1',
          amount: item.amount,
        }),
      );
    }
    items += receipt.items.length;
    total += sum;
  }
  lines.push(record('Z', { receiptCount: input.receipts.length, itemCount: items, total }));
  return Buffer.concat(lines);
}

export type ParsedRecord = { type: RecordType; fields: Record<string, string> };

/**
 * Checks a file against goodpay's documented layout (nts-layout.ts; not an NTS-published one, so
 * passing says the file is what the docs say, not that the NTS takes it): every record exactly NTS_RECORD_LENGTH bytes and CRLF,
 * known record types in order (A, then B each followed by its C records, then Z), numeric
 * fields all digits, each B's count and total equal to its C records, and Z's totals equal
 * to the whole file. Returns the records, or throws naming the first problem.
 */
export function validateNtsBulkFile(file: Buffer): ParsedRecord[] {
  const problems: string[] = [];
  const records: ParsedRecord[] = [];
  const step = NTS_RECORD_LENGTH + CRLF.length;
  if (file.length % step !== 0) throw new Error(`the file is ${file.length} bytes, not a whole number of ${step}-byte records`);
  for (let offset = 0, line = 1; offset < file.length; offset += step, line += 1) {
    if (!file.subarray(offset + NTS_RECORD_LENGTH, offset + step).equals(CRLF))
      problems.push(`line ${line}: no CRLF at byte ${NTS_RECORD_LENGTH + 1}`);
    const type = String.fromCharCode(file[offset]) as RecordType;
    const specs = NTS_LAYOUT[type];
    if (!specs) {
      problems.push(`line ${line}: unknown record type ${type}`);
      continue;
    }
    const fields: Record<string, string> = {};
    for (const spec of specs) {
      const bytes = file.subarray(offset + spec.start - 1, offset + spec.start - 1 + spec.length);
      const text = iconv.decode(bytes, ENCODING);
      if (spec.kind === '9' && !/^\d+$/.test(text)) problems.push(`line ${line}: ${type}.${spec.name} is not ${spec.length} digits`);
      if (spec.constant !== undefined && text.trimEnd() !== spec.constant)
        problems.push(`line ${line}: ${type}.${spec.name} is not '${spec.constant}'`);
      fields[spec.name] = spec.kind === 'X' ? text.trimEnd() : text;
    }
    records.push({ type, fields });
  }
  const types = records.map((r) => r.type).join('');
  if (!/^A(BC+)*Z$/.test(types)) problems.push(`records out of order: ${types}`);
  let items = 0;
  let total = 0n;
  for (let i = 0; i < records.length; i += 1) {
    if (records[i].type !== 'B') continue;
    const b = records[i].fields;
    const cs: Record<string, string>[] = [];
    for (let j = i + 1; j < records.length && records[j].type === 'C'; j += 1) cs.push(records[j].fields);
    const sum = cs.reduce((acc, c) => acc + BigInt(c.amount), 0n);
    if (Number(b.itemCount) !== cs.length) problems.push(`receipt ${b.receiptNumber}: ${b.itemCount} items said, ${cs.length} follow`);
    if (BigInt(b.total) !== sum) problems.push(`receipt ${b.receiptNumber}: total ${BigInt(b.total)} but its items add up to ${sum}`);
    for (const c of cs) {
      if (c.receiptNumber !== b.receiptNumber || c.donorRrn !== b.donorRrn)
        problems.push(`receipt ${b.receiptNumber}: an item of another receipt`);
    }
    items += cs.length;
    total += sum;
  }
  const z = records.at(-1);
  if (z?.type === 'Z') {
    const receipts = records.filter((r) => r.type === 'B').length;
    if (Number(z.fields.receiptCount) !== receipts)
      problems.push(`Z: ${Number(z.fields.receiptCount)} receipts said, ${receipts} in the file`);
    if (Number(z.fields.itemCount) !== items) problems.push(`Z: ${Number(z.fields.itemCount)} items said, ${items} in the file`);
    if (BigInt(z.fields.total) !== total) problems.push(`Z: total ${BigInt(z.fields.total)} but the items add up to ${total}`);
  }
  if (problems.length > 0) throw new Error(`not a file of the documented NTS-file layout (docs/donations.md):\n  ${problems.join('\n  ')}`);
  return records;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { validateNtsBulkFile, writeNtsBulkFile, type NtsFileInput } from './nts-bulk-file';
import { NTS_LAYOUT, NTS_RECORD_LENGTH, type FieldSpec, type RecordType } from './nts-layout';

const input: NtsFileInput = {
  year: 2025,
  bodyNumber: '123-82-00457',
  bodyName: '사회복지공동모금회',
  submittedOn: '2026-01-20',
  receipts: [
    {
      receiptNumber: '2025-000001',
      donorRrn: '9001011234567',
      donorName: '홍길동',
      typeCode: '10',
      issuedOn: '2026-01-10',
      items: [
        { donatedOn: '2025-03-02', amount: 12_000n },
        { donatedOn: '2025-11-30', amount: 30_500n },
      ],
    },
    {
      receiptNumber: '2025-000002',
      donorRrn: '8502022345678',
      // Longer than its 30 bytes in EUC-KR (2 bytes a syllable): cut at a whole character.
      donorName: '남궁가나다라마바사아자차카타파하',
      typeCode: '10',
      issuedOn: '2026-01-11',
      items: [{ donatedOn: '2025-07-07', amount: 1_000_000_000_000n }],
    },
  ],
};

const STEP = NTS_RECORD_LENGTH + 2;

describe('NTS yearly donation-receipt file', () => {
  it('writes A, each receipt as B with its C records, and Z with the totals, every record the same byte length', () => {
    const file = writeNtsBulkFile(input);
    expect(file.length).toBe(7 * STEP);
    const records = validateNtsBulkFile(file);
    expect(records.map((r) => r.type).join('')).toBe('ABCCBCZ');
    expect(records[0].fields).toMatchObject({
      year: '2025',
      bodyNumber: '1238200457',
      bodyName: '사회복지공동모금회',
      submittedOn: '20260120',
    });
    expect(records[1].fields).toMatchObject({
      receiptNumber: '2025-000001',
      donorRrn: '9001011234567',
      donorName: '홍길동',
      itemCount: '00002',
      total: '0000000042500',
    });
    expect(records[2].fields).toMatchObject({ donatedOn: '20250302', typeCode: '10', kind: '1', amount: '0000000012000' });
    expect(records[4].fields.donorName).toBe('남궁가나다라마바사아자차카타파');
    expect(records[6].fields).toMatchObject({ receiptCount: '0000002', itemCount: '000000003', total: '000001000000042500'.slice(-15) });
  });

  it('puts each field at the position the layout says', () => {
    const file = writeNtsBulkFile(input);
    const b = file.subarray(STEP, STEP + NTS_RECORD_LENGTH);
    const rrn = NTS_LAYOUT.B.find((f) => f.name === 'donorRrn')!;
    expect(b.subarray(rrn.start - 1, rrn.start - 1 + rrn.length).toString('latin1')).toBe('9001011234567');
    const name = NTS_LAYOUT.B.find((f) => f.name === 'donorName')!;
    expect(iconv.decode(b.subarray(name.start - 1, name.start - 1 + name.length), 'euc-kr').trimEnd()).toBe('홍길동');
    for (const specs of Object.values(NTS_LAYOUT)) {
      // The fields tile the record: no gap, no overlap.
      let next = 1;
      for (const spec of specs) {
        expect(spec.start).toBe(next);
        next += spec.length;
      }
      expect(next - 1).toBe(NTS_RECORD_LENGTH);
    }
  });

  it('refuses a file whose totals, counts, order or record lengths are wrong', () => {
    const file = writeNtsBulkFile(input);
    const amount = NTS_LAYOUT.C.find((f) => f.name === 'amount')!;
    const tampered = Buffer.from(file);
    tampered.write('1', 2 * STEP + amount.start - 1 + amount.length - 1, 'latin1');
    expect(() => validateNtsBulkFile(tampered)).toThrow(/items add up to/);
    expect(() => validateNtsBulkFile(Buffer.concat([file.subarray(0, STEP), file.subarray(2 * STEP)]))).toThrow(/out of order/);
    expect(() => validateNtsBulkFile(Buffer.concat([file, Buffer.from('x')]))).toThrow(/not a whole number/);
    const noTotals = Buffer.from(file);
    noTotals.write('0000009', 6 * STEP + 1, 'latin1');
    expect(() => validateNtsBulkFile(noTotals)).toThrow(/Z: 9 receipts said, 2 in the file/);
  });

  it('refuses to write an amount its field cannot hold rather than cut it', () => {
    const huge = { ...input, receipts: [{ ...input.receipts[0], items: [{ donatedOn: '2025-01-01', amount: 10n ** 13n }] }] };
    expect(() => writeNtsBulkFile(huge)).toThrow(/does not fit 13 digits/);
  });

  it('writes an empty year as A and Z', () => {
    expect(validateNtsBulkFile(writeNtsBulkFile({ ...input, receipts: [] })).map((r) => r.type)).toEqual(['A', 'Z']);
  });

  it("refuses a name its encoding would write as ? rather than file a name that is not the donor's, naming the receipt only", () => {
    const accented = { ...input, receipts: [{ ...input.receipts[0], donorName: 'José' }] };
    expect(() => writeNtsBulkFile(accented)).toThrow('record B (receipt 2025-000001): donorName: has a character');
    expect(() => writeNtsBulkFile(accented)).not.toThrow(/José/);
  });
});

/**
 * SOURCE of the table below: docs/donations.md, "The NTS yearly file", goodpay's OWN layout. No
 * NTS-published layout for this file was found (that section's "Sources" says what was searched),
 * so this checks the file against what we document, record by record, and the docs against the
 * code's table; it cannot check it against the NTS.
 */
const DOCS = join(__dirname, '../../../../docs/donations.md');

function documentedLayout(): Record<RecordType, FieldSpec[]> {
  const text = readFileSync(DOCS, 'utf8');
  const section = text.slice(text.indexOf('### The NTS yearly file'), text.indexOf('#### Sources'));
  const row = /^\| ([ABCZ]) \| (\d+)(?:-(\d+))? \| `(\w+)` \| [^|]+ \| (X|9) \| (form|L102|goodpay) \|$/gm;
  const layout: Record<RecordType, FieldSpec[]> = { A: [], B: [], C: [], Z: [] };
  for (const [, type, from, to, name, kind, basis] of section.matchAll(row)) {
    const start = Number(from);
    layout[type as RecordType].push({
      name,
      kind: kind as 'X' | '9',
      start,
      length: Number(to ?? from) - start + 1,
      from: basis as FieldSpec['from'],
    });
  }
  return layout;
}

describe('NTS yearly file against the layout documented in docs/donations.md', () => {
  const documented = documentedLayout();
  const length = Math.max(...Object.values(documented).flatMap((fields) => fields.map((f) => f.start + f.length - 1)));

  it('documents the same table the writer and validator use, field for field', () => {
    expect(Object.values(documented).flat()).toHaveLength(Object.values(NTS_LAYOUT).flat().length);
    for (const type of ['A', 'B', 'C', 'Z'] as const) {
      expect(documented[type]).toEqual(NTS_LAYOUT[type].map(({ constant: _constant, ...spec }) => spec));
    }
    expect(length).toBe(NTS_RECORD_LENGTH);
  });

  it('writes every record to that table: its byte length in CP949, each field where and as it says, counts and totals that agree', () => {
    const file = writeNtsBulkFile(input);
    const lines: Buffer[] = [];
    for (let at = 0; at < file.length; at += length + 2) {
      expect(file.subarray(at + length, at + length + 2).toString('latin1')).toBe('\r\n');
      lines.push(file.subarray(at, at + length));
    }
    expect(lines.length * (length + 2)).toBe(file.length);

    const records = lines.map((line) => {
      const type = line.toString('latin1', 0, 1) as RecordType;
      const fields: Record<string, string> = {};
      for (const spec of documented[type]) {
        const bytes = line.subarray(spec.start - 1, spec.start - 1 + spec.length);
        const text = iconv.decode(bytes, 'euc-kr');
        // What was written is exactly what the encoding holds: no ? for a lost character, no half character.
        expect(iconv.encode(text, 'euc-kr').equals(bytes)).toBe(true);
        if (spec.kind === '9') expect(text).toMatch(new RegExp(`^\\d{${spec.length}}$`));
        else expect(text).toBe(text.trimEnd().padEnd(text.length, ' '));
        fields[spec.name] = spec.kind === '9' ? text : text.trimEnd();
      }
      expect(fields.recordType).toBe(type);
      expect(fields.filler).toBe('');
      return { type, fields };
    });

    expect(records.map((r) => r.type).join('')).toBe('ABCCBCZ');
    const [a, b1, c1, c2, b2, c3, z] = records.map((r) => r.fields);
    expect(a).toMatchObject({ year: '2025', bodyNumber: '1238200457', bodyName: '사회복지공동모금회', submittedOn: '20260120' });
    // Each receipt as given, and its gifts after it, each with the receipt's number and donor.
    input.receipts.forEach((receipt, i) => {
      const [b, cs] = i === 0 ? [b1, [c1, c2]] : [b2, [c3]];
      expect(b).toMatchObject({ year: '2025', bodyNumber: '1238200457', receiptNumber: receipt.receiptNumber, donorRrn: receipt.donorRrn });
      expect(receipt.donorName.startsWith(b.donorName)).toBe(true);
      expect(Buffer.byteLength(iconv.encode(b.donorName, 'euc-kr'))).toBeLessThanOrEqual(30);
      expect(b.issuedOn).toBe(receipt.issuedOn.replace(/-/g, ''));
      expect(Number(b.itemCount)).toBe(cs.length);
      expect(BigInt(b.total)).toBe(cs.reduce((sum, c) => sum + BigInt(c.amount), 0n));
      cs.forEach((c, j) => {
        expect(c).toMatchObject({
          receiptNumber: receipt.receiptNumber,
          donorRrn: receipt.donorRrn,
          typeCode: receipt.typeCode,
          kind: '1',
        });
        expect(c.donatedOn).toBe(receipt.items[j].donatedOn.replace(/-/g, ''));
        expect(BigInt(c.amount)).toBe(receipt.items[j].amount);
      });
    });
    expect(Number(z.receiptCount)).toBe(2);
    expect(Number(z.itemCount)).toBe(3);
    expect(BigInt(z.total)).toBe(1_000_000_042_500n);
  });
});

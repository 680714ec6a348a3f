import iconv from 'iconv-lite';
import { validateNtsBulkFile, writeNtsBulkFile, type NtsFileInput } from './nts-bulk-file';
import { NTS_LAYOUT, NTS_RECORD_LENGTH } from './nts-layout';

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
});

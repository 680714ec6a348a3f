/**
 * The yearly donation-receipt file for the National Tax Service (기부금영수증 발급명세), fixed-width
 * records, one layout table that the writer, the validator and docs/donations.md all follow (a test
 * holds the docs table and this one equal).
 *
 * WHAT IS VERIFIED, AND AGAINST WHAT (see docs/donations.md, "Sources" for the addresses):
 *   - No byte position, length, record type or record length here is the NTS's. The NTS's filing
 *     guide for such a file (전산매체 제출요령 / a 레코드 layout) was searched for and not found in any
 *     public source reachable while building this (searched again 2026-12). They are goodpay's own.
 *   - What each field HOLDS is taken from public sources, marked per field in `from`:
 *       'form'  the official receipt, 소득세법 시행규칙 별지 제45호의2서식 (donor, the body, the type code
 *               10/20/21/30/31/40/41/42/50, the gifts' dates and amounts);
 *       'L102'  the items of the NTS's year-end simplification XML for donations, form L102
 *               (주민등록번호, 성명, 사업자번호, 단체명, 기부유형, 기부일자, 일별기부금액, 기부금액합계), as a
 *               published copy of the NTS's reader sample names them;
 *       'goodpay' ours alone: record letters, counts, totals, submission date, fillers.
 *   - The encoding is CP949 (iconv-lite's 'euc-kr', a superset of EUC-KR / KS X 1001), as NTS 전산매체
 *     files are usually described; not checked against an NTS text either.
 * Before filing anything, compare this table with the NTS's current instructions and change it here
 * and in docs/donations.md only.
 */
export const NTS_RECORD_LENGTH = 150;

export type FieldKind = 'X' | '9';

/** Where what a field holds comes from (never its position: every position is goodpay's). */
export type FieldBasis = 'form' | 'L102' | 'goodpay';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** 1-based byte position, as fixed-width layouts print them. */
  start: number;
  length: number;
  from: FieldBasis;
  /** A field whose value is fixed (the record type, fillers). */
  constant?: string;
}

export type RecordType = 'A' | 'B' | 'C' | 'Z';

const filler = (start: number): FieldSpec => ({
  name: 'filler',
  kind: 'X',
  start,
  length: NTS_RECORD_LENGTH - start + 1,
  from: 'goodpay',
  constant: '',
});

/** A: the issuing body, once at the top. */
const A: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, from: 'goodpay', constant: 'A' },
  { name: 'year', kind: '9', start: 2, length: 4, from: 'form' }, // 귀속연도 (the form's year of the gifts)
  { name: 'bodyNumber', kind: 'X', start: 6, length: 10, from: 'form' }, // 사업자등록번호(고유번호), digits only
  { name: 'bodyName', kind: 'X', start: 16, length: 60, from: 'form' }, // 단체명
  { name: 'submittedOn', kind: '9', start: 76, length: 8, from: 'goodpay' }, // 제출일자 YYYYMMDD
  filler(84),
];

/** B: one receipt (one donor, one year), followed by its C records. */
const B: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, from: 'goodpay', constant: 'B' },
  { name: 'year', kind: '9', start: 2, length: 4, from: 'form' },
  { name: 'bodyNumber', kind: 'X', start: 6, length: 10, from: 'L102' }, // 사업자번호
  { name: 'receiptNumber', kind: 'X', start: 16, length: 13, from: 'form' }, // 일련번호 (2025-000042)
  { name: 'donorRrn', kind: 'X', start: 29, length: 13, from: 'L102' }, // 주민등록번호
  { name: 'donorName', kind: 'X', start: 42, length: 30, from: 'L102' }, // 성명
  { name: 'typeCode', kind: 'X', start: 72, length: 2, from: 'form' }, // 기부금 코드 (L102: 기부유형)
  { name: 'issuedOn', kind: '9', start: 74, length: 8, from: 'form' }, // 발급일자 (the form's date of issue)
  { name: 'itemCount', kind: '9', start: 82, length: 5, from: 'goodpay' }, // C records that follow
  { name: 'total', kind: '9', start: 87, length: 13, from: 'L102' }, // 기부금액합계
  filler(100),
];

/** C: one gift on the receipt above it. */
const C: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, from: 'goodpay', constant: 'C' },
  { name: 'receiptNumber', kind: 'X', start: 2, length: 13, from: 'form' },
  { name: 'donorRrn', kind: 'X', start: 15, length: 13, from: 'L102' },
  { name: 'donatedOn', kind: '9', start: 28, length: 8, from: 'L102' }, // 기부일자
  { name: 'typeCode', kind: 'X', start: 36, length: 2, from: 'form' },
  { name: 'kind', kind: 'X', start: 38, length: 1, from: 'form' }, // 구분 금전/현물; '1' (money) is our code
  { name: 'amount', kind: '9', start: 39, length: 13, from: 'L102' }, // 일별기부금액
  filler(52),
];

/** Z: the totals, once at the end. */
const Z: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, from: 'goodpay', constant: 'Z' },
  { name: 'receiptCount', kind: '9', start: 2, length: 7, from: 'goodpay' }, // B records
  { name: 'itemCount', kind: '9', start: 9, length: 9, from: 'goodpay' }, // C records
  { name: 'total', kind: '9', start: 18, length: 15, from: 'goodpay' }, // sum of every C amount
  filler(33),
];

export const NTS_LAYOUT: Record<RecordType, FieldSpec[]> = { A, B, C, Z };

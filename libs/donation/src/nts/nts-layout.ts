/**
 * The yearly donation-receipt issuance file for the National Tax Service (기부금영수증 발급명세),
 * fixed-width records in EUC-KR, one layout table that both the writer and the validator use.
 *
 * SOURCE, and what it is not: the NTS publishes its exact byte layout to registered filers
 * (홈택스 전산매체 제출요령); no public copy of it was found while building this (searched:
 * the pages, code and docs corpora, 2026-12). This layout is therefore documented from public
 * sources instead, and says so:
 *   - the fields are those of the official receipt form, 소득세법 시행규칙 별지 제45호의2서식
 *     (donor name and resident registration number, the body's name and registration number,
 *     the donation type code 10/20/21/30/31/40/41/42/50, date and amount of each gift), and the
 *     items of the NTS's year-end simplification data for donations (form L102: 주민등록번호,
 *     성명, 사업자번호, 단체명, 기부유형, 기부일자, 일별기부금액, 기부금액합계), as the NTS's own
 *     reader sample names them;
 *   - the conventions are those of every NTS 전산매체 file: EUC-KR bytes, records of one fixed
 *     length ending in CRLF, `X` fields left-aligned and space-padded, `9` fields right-aligned
 *     and zero-padded, a header record first and a totals record last.
 * Before filing, compare this table with the current 제출요령 and adjust the positions here only.
 */
export const NTS_RECORD_LENGTH = 150;

export type FieldKind = 'X' | '9';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** 1-based byte position, as the NTS's tables print them. */
  start: number;
  length: number;
  /** A field whose value is fixed (the record type, fillers). */
  constant?: string;
}

export type RecordType = 'A' | 'B' | 'C' | 'Z';

const filler = (start: number): FieldSpec => ({ name: 'filler', kind: 'X', start, length: NTS_RECORD_LENGTH - start + 1, constant: '' });

/** A: the issuing body, once at the top. */
const A: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, constant: 'A' },
  { name: 'year', kind: '9', start: 2, length: 4 }, // 귀속연도
  { name: 'bodyNumber', kind: 'X', start: 6, length: 10 }, // 기부금단체 사업자등록번호(고유번호), digits only
  { name: 'bodyName', kind: 'X', start: 16, length: 60 }, // 단체명
  { name: 'submittedOn', kind: '9', start: 76, length: 8 }, // 제출일자 YYYYMMDD
  filler(84),
];

/** B: one receipt (one donor, one year), followed by its C records. */
const B: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, constant: 'B' },
  { name: 'year', kind: '9', start: 2, length: 4 },
  { name: 'bodyNumber', kind: 'X', start: 6, length: 10 },
  { name: 'receiptNumber', kind: 'X', start: 16, length: 13 }, // 일련번호 (2025-000042)
  { name: 'donorRrn', kind: 'X', start: 29, length: 13 }, // 기부자 주민등록번호
  { name: 'donorName', kind: 'X', start: 42, length: 30 }, // 기부자 성명
  { name: 'typeCode', kind: 'X', start: 72, length: 2 }, // 기부금 코드
  { name: 'issuedOn', kind: '9', start: 74, length: 8 }, // 발급일자
  { name: 'itemCount', kind: '9', start: 82, length: 5 }, // C records that follow
  { name: 'total', kind: '9', start: 87, length: 13 }, // 기부금액 합계
  filler(100),
];

/** C: one gift on the receipt above it. */
const C: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, constant: 'C' },
  { name: 'receiptNumber', kind: 'X', start: 2, length: 13 },
  { name: 'donorRrn', kind: 'X', start: 15, length: 13 },
  { name: 'donatedOn', kind: '9', start: 28, length: 8 }, // 기부일자
  { name: 'typeCode', kind: 'X', start: 36, length: 2 },
  { name: 'kind', kind: 'X', start: 38, length: 1 }, // 구분: 1 금전 (money), 2 현물 (in kind)
  { name: 'amount', kind: '9', start: 39, length: 13 }, // 기부금액
  filler(52),
];

/** Z: the totals, once at the end. */
const Z: FieldSpec[] = [
  { name: 'recordType', kind: 'X', start: 1, length: 1, constant: 'Z' },
  { name: 'receiptCount', kind: '9', start: 2, length: 7 }, // B records
  { name: 'itemCount', kind: '9', start: 9, length: 9 }, // C records
  { name: 'total', kind: '9', start: 18, length: 15 }, // sum of every C amount
  filler(33),
];

export const NTS_LAYOUT: Record<RecordType, FieldSpec[]> = { A, B, C, Z };

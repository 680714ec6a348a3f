/**
 * Korean financial institution codes (금융기관 코드), the three-digit codes every interbank
 * transfer, bulk-transfer file and account-holder inquiry names a bank by. Source: the
 * financial institution code table of the Korea Financial Telecommunications & Clearings
 * Institute (금융결제원, KFTC, "금융기관 공동코드"), as banks and PG providers republish it
 * (e.g. PortOne V1's bank code list for /vbanks/holder). Kept as data: a bank that merges or
 * renames (대구은행 -> iM뱅크, 2024) changes a row here, never the code path.
 */
export interface KoreanBank {
  code: string;
  name: string;
}

export const KOREAN_BANKS: readonly KoreanBank[] = [
  { code: '002', name: 'KDB산업은행' },
  { code: '003', name: 'IBK기업은행' },
  { code: '004', name: 'KB국민은행' },
  { code: '007', name: '수협은행' },
  { code: '011', name: 'NH농협은행' },
  { code: '012', name: '지역농축협' },
  { code: '020', name: '우리은행' },
  { code: '023', name: 'SC제일은행' },
  { code: '027', name: '한국씨티은행' },
  { code: '031', name: 'iM뱅크(대구은행)' },
  { code: '032', name: '부산은행' },
  { code: '034', name: '광주은행' },
  { code: '035', name: '제주은행' },
  { code: '037', name: '전북은행' },
  { code: '039', name: '경남은행' },
  { code: '045', name: '새마을금고' },
  { code: '048', name: '신협' },
  { code: '050', name: '저축은행' },
  { code: '064', name: '산림조합' },
  { code: '071', name: '우체국' },
  { code: '081', name: '하나은행' },
  { code: '088', name: '신한은행' },
  { code: '089', name: '케이뱅크' },
  { code: '090', name: '카카오뱅크' },
  { code: '092', name: '토스뱅크' },
];

const byCode = new Map(KOREAN_BANKS.map((bank) => [bank.code, bank]));

export const KOREAN_BANK_CODES: readonly string[] = KOREAN_BANKS.map((bank) => bank.code);

export function koreanBank(code: string): KoreanBank | undefined {
  return byCode.get(code);
}

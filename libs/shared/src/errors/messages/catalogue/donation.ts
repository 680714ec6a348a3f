import type { MessageEntries } from '../problem-messages';

/** Donations, the community chest and donation receipts. */
export const DONATION_MESSAGES: MessageEntries = {
  cashback_month_in_future: { ko: '캐시백 월이 아직 오지 않았습니다.', en: 'The cashback month is in the future.' },
  donation_exceeds_cashback: { ko: '기부 금액이 캐시백 금액을 넘습니다.', en: 'The donation exceeds the cashback.' },
  donation_receipt_not_found: { ko: '기부금 영수증을 찾을 수 없습니다[ ({id})].', en: 'The donation receipt was not found[ ({id})].' },
  insufficient_chest_balance: { ko: '공동모금 잔액이 부족합니다.', en: 'The community chest balance is not enough.' },
  invalid_amount: {
    ko: '금액은 양의 정수(원)여야 합니다[ ({field})].',
    en: 'The amount must be a positive whole number of won[ ({field})].',
  },
  invalid_card_reference: { ko: '카드 참조 값이 올바르지 않습니다.', en: 'The card reference is invalid.' },
  invalid_cashback: { ko: '캐시백 금액이 올바르지 않습니다.', en: 'The cashback amount is invalid.' },
  invalid_cashback_month: { ko: '캐시백 월은 YYYY-MM 형식이어야 합니다.', en: 'The cashback month must be YYYY-MM.' },
  invalid_donor: { ko: '기부자 정보가 올바르지 않습니다.', en: 'The donor is invalid.' },
  invalid_project: { ko: '지원 사업 정보가 올바르지 않습니다.', en: 'The project is invalid.' },
  invalid_year: { ko: '연도가 올바르지 않습니다.', en: 'The year is invalid.' },
  receipt_total_out_of_range: { ko: '영수증 합계 금액이 허용 범위를 벗어납니다.', en: 'The receipt total is out of range.' },
  receipt_year_in_future: { ko: '아직 오지 않은 연도의 영수증은 발급할 수 없습니다.', en: 'A receipt cannot be for a year still to come.' },
  card_number_required: {
    ko: '캐시백 카드 번호가 필요합니다(카드사 캐시백 자료와 맞추기 위해).',
    en: "The cashback card number is needed, to match the card issuer's figures.",
  },
  invalid_cashback_file: {
    ko: '캐시백 파일이 올바르지 않습니다[ ({line}번째 줄)]. 아무것도 반영하지 않았습니다.',
    en: 'The cashback file is invalid[ (line {line})]; nothing was imported.',
  },
  invalid_legal_name: { ko: '성명이 올바르지 않습니다.', en: 'The legal name is invalid.' },
  invalid_resident_registration_number: {
    ko: '주민등록번호가 올바르지 않습니다.',
    en: 'The resident registration number is invalid.',
  },
  not_a_tax_receipt: { ko: '연말정산용 기부금 영수증이 아닙니다.', en: 'This is not a tax receipt.' },
  receipt_cancelled: { ko: '취소된 영수증입니다.', en: 'The receipt is cancelled.' },
  tax_identity_required: {
    ko: '기부금 영수증을 받으려면 본인인증과 성명·주민등록번호 제공 동의가 필요합니다.',
    en: 'A tax receipt needs a verified identity and the legal name and resident registration number, given with consent.',
  },
};

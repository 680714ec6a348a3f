import type { MessageEntries } from '../problem-messages';

/** Shops: registration, approval, closing. */
export const MERCHANT_MESSAGES: MessageEntries = {
  business_registration_number_taken: {
    ko: '이 사업자등록번호로 이미 등록된 가게가 있습니다.',
    en: 'A shop with this business registration number already exists.',
  },
  invalid_business_registration_number: { ko: '사업자등록번호가 올바르지 않습니다.', en: 'The business registration number is invalid.' },
  invalid_donation_pledge: { ko: '기부 약정 내용이 올바르지 않습니다.', en: 'The donation pledge is invalid.' },
  merchant_already_exists: { ko: '이미 등록된 가게입니다.', en: 'The shop already exists.' },
  merchant_closed: { ko: '폐업한 가게입니다.', en: 'The shop is closed.' },
  merchant_not_approved: { ko: '아직 승인되지 않은 가게입니다.', en: 'The shop is not approved.' },
  merchant_not_found: { ko: '가게를 찾을 수 없습니다[ ({id})].', en: 'The shop was not found[ ({id})].' },
  merchant_not_pending: { ko: '심사 대기 중인 가게가 아닙니다.', en: 'The shop is not awaiting review.' },
  merchant_not_suspended: { ko: '정지된 가게가 아닙니다.', en: 'The shop is not suspended.' },
  merchant_rejected: { ko: '승인이 거절된 가게입니다.', en: 'The shop was rejected.' },
};

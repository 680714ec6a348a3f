import type { MessageEntries } from '../problem-messages';

/** The personal-data vault: sealed fields, photos, erasure. */
export const PERSONAL_DATA_MESSAGES: MessageEntries = {
  access_actor_required: { ko: '개인정보 열람자는 반드시 기록되어야 합니다.', en: 'A read of personal data must name who reads it.' },
  access_purpose_required: { ko: '개인정보 열람 목적이 필요합니다.', en: 'A read of personal data must state its purpose.' },
  erasure_actor_required: { ko: '개인정보 삭제 요청자가 필요합니다.', en: 'An erasure must name who asks for it.' },
  erasure_reason_required: { ko: '개인정보 삭제 사유가 필요합니다.', en: 'An erasure must state its reason.' },
  invalid_identity: { ko: '이름 또는 전화번호가 올바르지 않습니다.', en: 'The name or phone number is invalid.' },
  invalid_personal_fields: { ko: '개인정보 항목이 올바르지 않습니다.', en: 'The personal fields are invalid.' },
  invalid_phone: {
    ko: '휴대전화 번호 형식이 올바르지 않습니다(예: 010-1234-5678).',
    en: 'The phone must be a Korean mobile number (010-1234-5678).',
  },
  invalid_subject_id: { ko: '개인정보 주체 식별자가 올바르지 않습니다.', en: 'The subject id is invalid.' },
  photo_empty: { ko: '사진 파일이 비어 있습니다.', en: 'The photo is empty.' },
  photo_malformed: { ko: '사진 파일이 손상되었거나 읽을 수 없습니다.', en: 'The photo is malformed.' },
  photo_type_not_allowed: { ko: 'JPEG, PNG 등 허용된 형식의 사진만 올릴 수 있습니다.', en: 'This type of photo is not allowed.' },
  sealed_data_invalid: { ko: '암호화된 개인정보를 열 수 없습니다.', en: 'The sealed personal data cannot be opened.' },
  subject_erased: { ko: '이 사람의 개인정보는 삭제되었습니다.', en: "This person's personal data was erased." },
};

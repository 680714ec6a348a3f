import type { MessageEntries } from '../problem-messages';

/** Notifications: contact details, preferences, messages and their templates. */
export const NOTIFICATION_MESSAGES: MessageEntries = {
  contact_required: { ko: '전화번호나 이메일 중 하나는 있어야 합니다.', en: 'Give a phone number, an e-mail address or both.' },
  invalid_email: {
    ko: '이메일 주소 형식이 올바르지 않습니다(예: name@example.kr).',
    en: 'The e-mail must be an address such as name@example.kr.',
  },
  invalid_preferred_channel: { ko: '선호 수단은 phone 또는 email이어야 합니다.', en: 'The preferred channel must be phone or email.' },
  message_too_long: { ko: '메시지가 너무 깁니다.', en: 'The message is too long.' },
  notification_must_be_received: { ko: '당첨과 환불 알림은 끌 수 없습니다.', en: 'A win and a refund are always told.' },
  notification_not_failed: { ko: '실패한 알림이 아닙니다.', en: 'The notification has not failed.' },
  notification_not_found: { ko: '알림을 찾을 수 없습니다.', en: 'The notification was not found.' },
  phone_not_verified: {
    ko: '먼저 이 전화번호를 인증번호로 인증하세요(POST /me/phone-verification/code, POST /me/phone-verification).',
    en: 'Verify this phone first with a one-time code (POST /me/phone-verification/code, then POST /me/phone-verification).',
  },
  template_not_found: { ko: '메시지 템플릿을 찾을 수 없습니다.', en: 'The message template was not found.' },
  template_variable_missing: { ko: '메시지 템플릿 변수가 빠졌습니다.', en: 'A template variable is missing.' },
  unknown_notification_kind: { ko: '알 수 없는 알림 종류입니다.', en: 'This is not a kind of notification.' },
};

import type { MessageEntries } from '../problem-messages';

/** Verified identity (본인인증) and phone verification by one-time code. */
export const IDENTITY_MESSAGES: MessageEntries = {
  identity_already_bound: {
    ko: '이 계정은 이미 다른 사람의 본인인증에 연결되어 있습니다.',
    en: 'This account is already bound to another verified person.',
  },
  identity_ci_missing: {
    ko: '본인인증 결과에 연계정보(CI)가 없습니다. 다른 인증 수단으로 다시 인증하세요.',
    en: 'The verification carries no connecting information (CI); verify again by another method.',
  },
  identity_not_verified: { ko: '본인인증이 완료되지 않았습니다.', en: 'The identity verification is not completed.' },
  identity_verification_not_found: { ko: '본인인증 내역을 찾을 수 없습니다.', en: 'The identity verification was not found.' },
  identity_verification_required: {
    ko: '먼저 본인인증을 하세요. 한 사람은 한 번만 참여할 수 있습니다.',
    en: 'Verify your identity first: one person counts once.',
  },
  identity_verification_stale: {
    ko: '본인인증이 너무 오래되었습니다. 다시 인증하세요.',
    en: 'The identity verification is too old; verify again.',
  },
  identity_verification_unavailable: {
    ko: '본인인증 서비스에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
    en: 'The identity verification service cannot be reached; try again shortly.',
  },
  identity_verification_used: {
    ko: '이 본인인증은 이미 다른 계정에 사용되었습니다.',
    en: 'This identity verification was already used by another account.',
  },
  message_provider_unavailable: {
    ko: '문자 발송 서비스가 지금 인증번호를 보낼 수 없습니다. 잠시 후 다시 시도하세요.',
    en: 'The message provider cannot send the code now; try again shortly.',
  },
  phone_unreachable: { ko: '이 번호로는 문자를 보낼 수 없습니다.', en: 'The message provider refused to send an SMS to this number.' },
  phone_code_invalid: {
    ko: '인증번호가 맞지 않거나 만료되었습니다. 새 인증번호를 요청하세요.',
    en: 'The code is wrong, expired or used up; ask for a new one.',
  },
  phone_code_rate_limited: {
    ko: '인증번호를 너무 자주 요청했습니다. [{retryAfterSeconds}초 후 ]다시 시도하세요.',
    en: 'Codes were asked for too often; try again[ in {retryAfterSeconds} seconds] later.',
  },
};

import type { MessageEntries } from '../problem-messages';

/** The kernel's own errors, the HTTP edge's (requests, tokens, uploads, limits) and the event store's. */
export const COMMON_MESSAGES: MessageEntries = {
  // By HTTP status, when no rule of ours explains the answer (Nest, Fastify).
  bad_request: { ko: '요청을 처리할 수 없습니다.', en: 'The request cannot be processed.' },
  unauthenticated: { ko: '유효한 인증 토큰이 필요합니다.', en: 'A valid bearer token is required.' },
  forbidden: { ko: '이 작업을 할 권한이 없습니다.', en: 'You may not do this.' },
  not_found: { ko: '요청한 주소를 찾을 수 없습니다.', en: 'Nothing was found at this address.' },
  method_not_allowed: { ko: '이 주소에서 허용되지 않는 메서드입니다.', en: 'This method is not allowed here.' },
  not_acceptable: { ko: '요청한 형식으로 응답할 수 없습니다.', en: 'No answer can be given in the format asked for.' },
  request_timeout: { ko: '요청을 기다리다 시간이 초과되었습니다.', en: 'The request took too long to arrive.' },
  conflict: { ko: '다른 요청과 충돌했습니다. 다시 시도하세요.', en: 'The request conflicts with another; try again.' },
  gone: { ko: '더 이상 제공되지 않습니다.', en: 'This is no longer available.' },
  payload_too_large: { ko: '요청 본문이 너무 큽니다.', en: 'The request body is too large.' },
  uri_too_long: { ko: '주소 또는 경로 값이 너무 깁니다.', en: 'The address or a path value is too long.' },
  unsupported_media_type: { ko: '지원하지 않는 콘텐츠 형식입니다.', en: 'The content type is not supported.' },
  unprocessable_entity: { ko: '요청을 처리할 수 없습니다.', en: 'The request cannot be processed.' },
  too_many_requests: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests; try again later.' },
  internal_error: {
    ko: '예상하지 못한 오류가 발생했습니다. 문의할 때 correlationId를 알려 주세요.',
    en: 'An unexpected error occurred; quote the correlation id when reporting it.',
  },
  not_implemented: { ko: '아직 지원하지 않는 기능입니다.', en: 'This is not implemented.' },
  bad_gateway: { ko: '외부 서비스가 잘못된 응답을 보냈습니다.', en: 'An upstream service answered wrongly.' },
  service_unavailable: { ko: '서비스를 일시적으로 사용할 수 없습니다.', en: 'The service is temporarily unavailable.' },
  gateway_timeout: { ko: '외부 서비스가 제때 응답하지 않았습니다.', en: 'An upstream service did not answer in time.' },
  temporarily_unavailable: {
    ko: '데이터베이스 또는 대기열을 잠시 사용할 수 없습니다. Retry-After 초 후 같은 Idempotency-Key로 다시 보내세요(이미 처리된 요청이면 처음 결과를 돌려받습니다).',
    en: 'The database or the queue is briefly unavailable: send the same request again, with the same Idempotency-Key, after Retry-After seconds (a command that did take effect then answers its first result).',
  },
  // Fastify's request errors.
  malformed_json: { ko: '요청 본문이 올바른 JSON이 아닙니다.', en: 'The request body is not valid JSON.' },
  invalid_content_length: { ko: 'Content-Length가 본문 크기와 맞지 않습니다.', en: 'Content-Length does not match the body.' },
  bad_url: { ko: '주소에 잘못된 문자가 있습니다.', en: 'The address is malformed.' },
  // Requests as the api checks them.
  validation_failed: { ko: '요청 값이 올바르지 않습니다. errors 항목을 확인하세요.', en: 'The request is invalid: see errors.' },
  invalid_input: { ko: '입력 값이 올바르지 않습니다[ ({field})].', en: 'A value is invalid[ ({field})].' },
  invalid_characters: {
    ko: '허용되지 않는 문자(제어 문자 등)가 들어 있습니다.',
    en: 'The request holds characters that are not allowed (control characters).',
  },
  json_too_deep: { ko: 'JSON 본문의 중첩이 너무 깊습니다.', en: 'The JSON body is nested too deeply.' },
  invalid_id: { ko: '식별자 형식이 올바르지 않습니다[ ({field})].', en: 'The id is not well-formed[ ({field})].' },
  invalid_round: { ko: '회차 번호가 올바르지 않습니다.', en: 'The round number is invalid.' },
  invalid_subject: { ko: '사용자 식별자가 올바르지 않습니다.', en: 'The subject is not a valid user id.' },
  idempotency_key_required: { ko: 'Idempotency-Key 헤더가 필요합니다.', en: 'An Idempotency-Key header is required.' },
  invalid_idempotency_key: { ko: 'Idempotency-Key 형식이 올바르지 않습니다.', en: 'The Idempotency-Key is not well-formed.' },
  idempotency_key_reused: {
    ko: '이 Idempotency-Key는 다른 요청에 이미 사용되었습니다.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  concurrency_conflict: { ko: '다른 변경이 먼저 반영되었습니다. 다시 시도하세요.', en: 'Someone else changed this first; try again.' },
  projection_not_ready: {
    ko: '조회 모델이 아직 최신이 아닙니다. 잠시 후 다시 시도하세요.',
    en: 'The read model has not caught up yet; try again shortly.',
  },
  rate_limited: {
    ko: '요청이 너무 많습니다. [{retryAfterSeconds}초 후 ]다시 시도하세요.',
    en: 'Too many requests; try again[ in {retryAfterSeconds} seconds] later.',
  },
  wrong_role: { ko: '이 역할로는 할 수 없는 작업입니다.', en: 'Your role may not do this.' },
  staff_only: { ko: '운영 담당자만 할 수 있습니다.', en: 'Only campaign staff may do this.' },
  citizens_only: { ko: '시민만 할 수 있습니다.', en: 'Only a citizen may do this.' },
  system_only: { ko: '시스템만 할 수 있는 작업입니다.', en: 'Only the system may do this.' },
  identity_provider_unavailable: {
    ko: '로그인 서비스(OpenID 제공자)에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
    en: 'The identity provider cannot be reached; try again shortly.',
  },
  // Uploads.
  multipart_required: { ko: 'multipart/form-data 요청이어야 합니다.', en: 'The request must be multipart/form-data.' },
  unknown_field: { ko: '알 수 없는 필드가 있습니다.', en: 'The request holds an unknown field.' },
  field_too_long: { ko: '필드 값이 너무 깁니다.', en: 'A field is too long.' },
  too_many_fields: { ko: '필드가 너무 많습니다.', en: 'The request holds too many fields.' },
  too_many_files: { ko: '파일이 너무 많습니다.', en: 'The request holds too many files.' },
  photo_required: { ko: '사진 파일이 필요합니다.', en: 'A photo file is required.' },
  photo_too_large: { ko: '사진 파일이 너무 큽니다.', en: 'The photo is too large.' },
  result_file_required: { ko: '결과 파일이 필요합니다.', en: 'A result file is required.' },
  result_file_too_large: { ko: '결과 파일이 너무 큽니다.', en: 'The result file is too large.' },
  console_not_built: {
    ko: '콘솔이 빌드되지 않았습니다. npm run build 후 다시 여세요.',
    en: 'The console is not built: run npm run build, then open it again.',
  },
};

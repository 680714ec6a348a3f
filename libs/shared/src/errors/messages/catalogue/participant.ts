import type { MessageEntries } from '../problem-messages';

/** Citizens and organisations taking part. */
export const PARTICIPANT_MESSAGES: MessageEntries = {
  agreement_already_signed: { ko: '이 캠페인 참여 협약은 이미 체결되었습니다.', en: 'The agreement for this campaign is already signed.' },
  citizen_already_registered: { ko: '이미 등록된 시민입니다.', en: 'The citizen is already registered.' },
  citizen_not_found: { ko: '시민 정보를 찾을 수 없습니다.', en: 'The citizen was not found.' },
  organisation_already_exists: { ko: '이미 등록된 단체입니다.', en: 'The organisation already exists.' },
  organisation_not_found: { ko: '단체를 찾을 수 없습니다[ ({id})].', en: 'The organisation was not found[ ({id})].' },
};

import type { MessageEntries } from '../problem-messages';

/** Campaigns: their period, bounds, rounds and calendar. */
export const CAMPAIGN_MESSAGES: MessageEntries = {
  campaign_already_exists: { ko: '이미 있는 캠페인입니다.', en: 'The campaign already exists.' },
  campaign_closed: { ko: '종료된 캠페인입니다.', en: 'The campaign is closed.' },
  campaign_not_found: { ko: '캠페인을 찾을 수 없습니다[ ({id})].', en: 'The campaign was not found[ ({id})].' },
  extension_must_be_later: {
    ko: '연장 종료일은 현재 종료일보다 늦어야 합니다.',
    en: 'An extension must end later than the campaign does.',
  },
  invalid_campaign_period: { ko: '캠페인 종료일이 시작일보다 빠를 수 없습니다.', en: 'A campaign cannot end before it starts.' },
  invalid_date: { ko: '날짜는 YYYY-MM-DD 형식이어야 합니다[ ({field})].', en: 'A date must be YYYY-MM-DD[ ({field})].' },
  invalid_instant: { ko: '시각은 시간대가 있는 ISO 8601 형식이어야 합니다.', en: 'A time must be an ISO 8601 instant with a zone.' },
  invalid_prepayment_bounds: { ko: '선결제 금액 한도가 올바르지 않습니다.', en: 'The prepayment bounds are invalid.' },
  invalid_raffle_rounds: { ko: '추첨 회차 설정이 올바르지 않습니다.', en: 'The raffle rounds are invalid.' },
  invalid_raffle_rules: {
    ko: '추첨 규칙이 올바르지 않습니다[ ({field})].',
    en: 'The raffle rules are invalid[ ({field})].',
  },
  raffle_budget_not_multiple_of_prize: {
    ko: '추첨 예산은 경품 금액의 정수배여야 합니다.',
    en: 'The raffle budget must be a whole number of prizes.',
  },
  round_already_drawn: { ko: '이미 추첨한 회차입니다.', en: 'The round is already drawn.' },
  round_timeline_fixed: {
    ko: '{round}회차 일정은 이미 공표되어 바꿀 수 없습니다. 새 회차를 추가하세요.',
    en: "Round {round}'s timeline is declared and cannot move: add a round with its own timeline instead.",
  },
  round_change_not_allowed: { ko: '이 회차는 더 이상 바꿀 수 없습니다.', en: 'This round can no longer be changed.' },
  invalid_prepaid_terms: {
    ko: '선불 이용 약관 설정이 올바르지 않습니다[ ({field})].',
    en: 'The prepaid terms are invalid[ ({field})].',
  },
  rehearsal_clock_backwards: {
    ko: '리허설 시계는 앞으로만 움직일 수 있습니다.',
    en: "A rehearsal's clock moves only forward.",
  },
  rehearsal_only: { ko: '리허설 캠페인에만 할 수 있는 일입니다.', en: 'Only a rehearsal campaign allows this.' },
};

import type { MessageEntries } from '../problem-messages';

/** Office exports: spreadsheets and files for the campaign office. */
export const OFFICE_EXPORT_MESSAGES: MessageEntries = {
  campaign_required: { ko: '이 내보내기에는 캠페인을 지정해야 합니다.', en: 'This export needs a campaign.' },
  export_already_requested: { ko: '이미 요청한 내보내기입니다.', en: 'This export was already requested.' },
  export_not_found: { ko: '내보내기를 찾을 수 없습니다[ ({id})].', en: 'The export was not found[ ({id})].' },
  export_not_ready: { ko: '내보내기 파일이 아직 준비되지 않았습니다.', en: 'The export file is not ready yet.' },
  invalid_export_period: {
    ko: '내보내기 기간이 올바르지 않습니다(최대 366일, 시작일이 종료일보다 늦을 수 없습니다).',
    en: 'The export period is invalid (at most 366 days, from no later than to).',
  },
};

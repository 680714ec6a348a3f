import type { MessageEntries } from '../problem-messages';

/** Settlements, settlement accounts and payouts by bulk-transfer file. */
export const SETTLEMENT_MESSAGES: MessageEntries = {
  account_holder_check_unavailable: {
    ko: '예금주 조회 서비스에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
    en: 'The account-holder check cannot be reached; try again shortly.',
  },
  account_holder_mismatch: { ko: '예금주가 입력한 이름과 다릅니다.', en: 'The account holder differs from the name given.' },
  account_holder_not_business: { ko: '예금주가 가게 또는 사업자가 아닙니다.', en: 'The account holder is not the shop or its business.' },
  account_not_found: { ko: '은행에서 계좌를 찾을 수 없습니다.', en: 'The bank does not know this account.' },
  bank_file_payouts_off: {
    ko: '이체 파일 지급이 꺼져 있습니다(PAYOUT_ADAPTER).',
    en: 'Payouts by bulk-transfer file are off (PAYOUT_ADAPTER).',
  },
  invalid_account_number: { ko: '계좌번호가 올바르지 않습니다.', en: 'The account number is invalid.' },
  invalid_fee_rate: { ko: '수수료율은 0~10000 베이시스 포인트여야 합니다.', en: 'The fee rate must be 0 to 10000 basis points.' },
  invalid_holder_name: { ko: '예금주 이름이 올바르지 않습니다.', en: 'The holder name is invalid.' },
  invalid_settlement_item: { ko: '정산 항목이 올바르지 않습니다.', en: 'A settlement item is invalid.' },
  no_payouts_to_send: { ko: '이체 파일에 넣을 지급 건이 없습니다.', en: 'There are no payouts to send.' },
  payout_account_erased: { ko: '정산 계좌 정보가 삭제되었습니다.', en: 'The settlement account was erased.' },
  payout_account_not_found: { ko: '정산 계좌가 등록되지 않았습니다.', en: 'No settlement account is registered.' },
  payout_already_paid: { ko: '이미 지급되었습니다.', en: 'The payout is already paid.' },
  payout_file_not_found: { ko: '이체 파일을 찾을 수 없습니다.', en: 'The bulk-transfer file was not found.' },
  payout_not_failed: { ko: '실패한 지급 건이 아닙니다.', en: 'The payout has not failed.' },
  payout_not_found: { ko: '지급 건을 찾을 수 없습니다.', en: 'The payout was not found.' },
  result_file_malformed: { ko: '결과 파일이 정해진 양식과 다릅니다.', en: 'The result file does not follow the documented layout.' },
  result_totals_mismatch: {
    ko: '결과 파일의 합계 행이 각 행의 합과 다릅니다.',
    en: "The result file's totals row does not match its rows.",
  },
  settlement_day_not_over: { ko: '아직 끝나지 않은 날은 정산할 수 없습니다.', en: 'A day cannot be settled before it is over.' },
  settlement_not_found: { ko: '정산 내역을 찾을 수 없습니다[ ({id})].', en: 'The settlement was not found[ ({id})].' },
  unknown_bank_code: { ko: '알 수 없는 은행 코드입니다.', en: 'The bank code is unknown.' },
};

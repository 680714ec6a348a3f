/**
 * The bulk-transfer (대량이체) file layout, documented in docs/payouts.md. Korean corporate
 * banking sites take an Excel or text file of one transfer per row (입금은행, 입금계좌, 예금주,
 * 금액, 받는분 통장 표시) and answer a result file of the same rows with each one's outcome;
 * no bank publishes its exact upload form openly, so this layout is ours, close to those forms,
 * and staff map it in the bank's upload screen once.
 */
export const TRANSFER_COLUMNS = ['순번', '입금은행코드', '입금계좌번호', '예금주', '이체금액', '받는분통장표시', '지급번호'] as const;

/** The result file: the same columns, then the bank's outcome per row. */
export const RESULT_COLUMNS = [...TRANSFER_COLUMNS, '처리결과', '불능사유'] as const;

/** The totals row: 순번 says 합계, 예금주 the row count as `<n>건`, 이체금액 the sum. */
export const TOTALS_LABEL = '합계';
export const countLabel = (count: number): string => `${count}건`;

export const RESULT_PAID = '정상';
export const RESULT_FAILED = '불능';

/** At most this many rows per file (bank upload screens cap a file); the rest wait for the next. */
export const MAX_ROWS_PER_FILE = 1_000;

/**
 * 받는분 통장 표시 (인자내역): what the shop's passbook shows. Banks print 7 Korean characters
 * (14 bytes in EUC-KR) there, so: 굿페이정산 and the settlement day's MMDD.
 */
export const passbookMemo = (day: string): string => `굿페이정산${day.slice(5, 7)}${day.slice(8, 10)}`;

export interface TransferLine {
  row: number;
  bankCode: string;
  accountNumber: string;
  holderName: string;
  amount: number;
  memo: string;
  payoutId: string;
}

/** Every cell as the file holds it, text; the amount as its digits. */
export function transferCells(line: TransferLine): string[] {
  return [String(line.row), line.bankCode, line.accountNumber, line.holderName, String(line.amount), line.memo, line.payoutId];
}

export function totalsCells(count: number, total: bigint): string[] {
  return [TOTALS_LABEL, '', '', countLabel(count), total.toString(), '', ''];
}

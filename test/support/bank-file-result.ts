import { RESULT_COLUMNS, RESULT_FAILED, RESULT_PAID, TOTALS_LABEL, writeCsv } from '@goodpay/settlement';

/** A transfer row as read back from a downloaded file. */
export interface FileRow {
  row: string;
  bankCode: string;
  accountNumber: string;
  holder: string;
  amount: string;
  memo: string;
  payoutId: string;
}

export const fileRowOf = (cells: string[]): FileRow => {
  const [row, bankCode, accountNumber, holder, amount, memo, payoutId] = cells;
  return { row, bankCode, accountNumber, holder, amount, memo, payoutId };
};

/**
 * What the bank answers for a file: the rows as sent, each with its outcome (정상, or 불능 and
 * the reason), and the 합계 row, as CSV in `encoding`. `tamper` changes a row before it is written.
 */
export function bankResult(
  rows: FileRow[],
  outcomes: Record<string, { paid: true } | { paid: false; reason: string }>,
  {
    encoding = 'utf-8',
    tamper = (row: FileRow) => row,
    totals = true,
  }: { encoding?: 'utf-8' | 'euc-kr'; tamper?: (row: FileRow) => FileRow; totals?: boolean } = {},
): Buffer {
  const lines = rows.map(tamper);
  const cells = lines.map((row) => {
    const outcome = outcomes[row.payoutId] ?? { paid: true };
    return [
      row.row,
      row.bankCode,
      row.accountNumber,
      row.holder,
      row.amount,
      row.memo,
      row.payoutId,
      outcome.paid ? RESULT_PAID : RESULT_FAILED,
      outcome.paid ? '' : outcome.reason,
    ];
  });
  const sum = lines.reduce((total, row) => total + BigInt(row.amount), 0n);
  const footer = totals ? [[TOTALS_LABEL, '', '', `${lines.length}건`, sum.toString(), '', '', '', '']] : [];
  return writeCsv([[...RESULT_COLUMNS], ...cells, ...footer], encoding);
}

/** A multipart/form-data body with one file field, as a browser sends it. */
export function multipartFile(
  field: string,
  fileName: string,
  bytes: Buffer,
  contentType = 'text/csv',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----goodpay${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

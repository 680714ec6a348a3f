import { decodeCsv, parseCsv, writeCsv } from './csv';
import { RESULT_COLUMNS } from './layout';
import { resultLines } from './payout-files';
import { readXlsx, writeXlsx } from './xlsx';

const header = [...RESULT_COLUMNS];
const row = (n: number, amount = '100000', result = '정상') => [
  String(n),
  '088',
  '110123456789',
  '홍길동, "국수"',
  amount,
  '굿페이정산0304',
  `p-${n}`,
  result,
  result === '불능' ? '계좌 오류' : '',
];

describe('bulk-transfer files', () => {
  it('write and read CSV in UTF-8 (with BOM) and EUC-KR alike, quotes and commas kept', () => {
    const rows = [header, row(1), row(2, '5', '불능')];
    for (const encoding of ['utf-8', 'euc-kr'] as const) expect(parseCsv(decodeCsv(writeCsv(rows, encoding)))).toEqual(rows);
    expect(writeCsv(rows, 'utf-8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('write XLSX with codes and numbers as text, amounts as whole numbers, and read them back', async () => {
    const rows = [header, row(1, '9007199254740991'), ['001', '004', '0012345678', '0', '7', '', '', '', '']];
    expect(await readXlsx(await writeXlsx(rows, 4))).toEqual(rows);
  });

  it('read a result: the rows, a 합계 row that adds up to the won, failures with their reason', () => {
    const lines = resultLines([header, row(1), row(2, '250000', '불능'), ['합계', '', '', '2건', '350000', '', '', '', '']]);
    expect(lines).toEqual([
      expect.objectContaining({ row: 1, amount: '100000', paid: true, payoutId: 'p-1' }),
      expect.objectContaining({ row: 2, amount: '250000', paid: false, reason: '계좌 오류' }),
    ]);
    expect(() => resultLines([header, row(1), ['합계', '', '', '1건', '100001', '', '', '', '']])).toThrow(
      expect.objectContaining({ code: 'result_totals_mismatch' }),
    );
    expect(() => resultLines([header, row(1), ['합계', '', '', '2건', '100000', '', '', '', '']])).toThrow(
      expect.objectContaining({ code: 'result_totals_mismatch' }),
    );
  });

  it('refuse a result that breaks the layout', () => {
    for (const rows of [
      [],
      [header],
      [header.slice(1), row(1)],
      [header, row(1, '-5')],
      [header, row(1, '1e5')],
      [header, ['x', ...row(1).slice(1)]],
      [header, row(1), row(1)],
    ]) {
      expect(() => resultLines(rows)).toThrow(expect.objectContaining({ code: 'result_file_malformed' }));
    }
  });
});

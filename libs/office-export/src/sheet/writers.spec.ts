import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { UTF8_BOM, writeCsv } from './csv';
import { percentCell, type Sheet, sumWon, wonCell } from './sheet';
import { writeXlsx } from './xlsx';

const sheet = (marker: string | null = null): Sheet => ({
  name: '선결제 내역',
  title: '전북 착한 선결제 · 선결제 내역 (2025-01-13 ~ 2025-02-28)',
  marker,
  columns: [
    { header: '가맹점', kind: 'text' },
    { header: '선결제 금액', kind: 'won' },
    { header: '메모', kind: 'text' },
  ],
  rows: [
    ['한옥 국수, 전주점', 100_000, 'say "hi"'],
    ['=HYPERLINK("x")', 250_000, '줄\n바꿈'],
  ],
  totals: ['합계', 350_000, null],
});

/** The CSV as a spreadsheet reads it (exceljs's own CSV reader), after checking the byte-order mark. */
async function readCsv(file: Buffer): Promise<unknown[][]> {
  const text = file.toString('utf8');
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  const workbook = new ExcelJS.Workbook();
  const worksheet = await workbook.csv.read(Readable.from([text.slice(1)]), { parserOptions: {} } as never);
  const rows: unknown[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('export writers', () => {
  it('write an xlsx that reads back with the title, Korean headers, rows and totals', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeXlsx(sheet())) as never);
    const worksheet = workbook.getWorksheet('선결제 내역')!;
    const values = (n: number) => (worksheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['전북 착한 선결제 · 선결제 내역 (2025-01-13 ~ 2025-02-28)']);
    expect(values(2)).toEqual(['가맹점', '선결제 금액', '메모']);
    expect(values(3)).toEqual(['한옥 국수, 전주점', 100_000, 'say "hi"']);
    expect(values(5)).toEqual(['합계', 350_000]);
    expect(worksheet.getColumn(2).numFmt).toBe('#,##0');
  });

  it('put the marker above everything, in both formats', async () => {
    const marked = sheet('[리허설] 연습용 캠페인');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeXlsx(marked)) as never);
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('[리허설] 연습용 캠페인');
    expect(workbook.worksheets[0].getRow(2).getCell(1).value).toBe(marked.title);
    const rows = await readCsv(writeCsv(marked));
    expect(rows[0][0]).toBe('[리허설] 연습용 캠페인');
    expect(rows[1][0]).toBe(marked.title);
  });

  it('write a CSV with a BOM, CRLF, quoted fields and no formula a spreadsheet would run', async () => {
    const file = writeCsv(sheet());
    const text = file.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).toContain('"한옥 국수, 전주점",100000,"say ""hi"""');
    const rows = await readCsv(file);
    expect(rows[1]).toEqual(['가맹점', '선결제 금액', '메모']);
    expect(rows[2]).toEqual(['한옥 국수, 전주점', 100000, 'say "hi"']);
    expect(rows[3]).toEqual(['\'=HYPERLINK("x")', 250000, '줄\n바꿈']);
    expect(rows[4].slice(0, 2)).toEqual(['합계', 350000]);
  });

  it('keep money exact: numbers while safe, digits beyond, sums in bigints; percents rounded down', () => {
    expect(wonCell('9007199254740991')).toBe(9_007_199_254_740_991);
    expect(wonCell('9007199254740993')).toBe('9007199254740993');
    expect(sumWon([[9_007_199_254_740_991], ['2']], 0)).toBe('9007199254740993');
    expect(percentCell(2_825_000, '5000000')).toBe('56.5%');
    expect(percentCell(1, '3')).toBe('33.3%');
    expect(percentCell(1, null)).toBe('-');
  });
});

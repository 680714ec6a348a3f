import ExcelJS from 'exceljs';
import { InvalidInputError } from '@goodpay/shared';

export const SHEET_NAME = '대량이체';

/**
 * One sheet, every cell text (numFmt '@') but the amounts, which are whole numbers: bank codes
 * and account numbers keep their leading zeros, and no cell is ever a formula.
 */
export async function writeXlsx(rows: readonly string[][], amountColumn: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME);
  rows.forEach((cells, index) => {
    const row = sheet.getRow(index + 1);
    cells.forEach((value, column) => {
      const cell = row.getCell(column + 1);
      const isAmount = index > 0 && column === amountColumn && /^\d+$/.test(value) && Number.isSafeInteger(Number(value));
      cell.value = isAmount ? Number(value) : value;
      cell.numFmt = isAmount ? '#,##0' : '@';
    });
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const malformed = (message: string) =>
  new InvalidInputError(`the result file is not an XLSX of the documented layout: ${message}`, undefined, 'result_file_malformed');

/** The first sheet as text cells. Numbers are written back as their digits; formulas and other kinds are refused. */
export async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw malformed('it cannot be opened as a workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw malformed('it has no sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellText(row.getCell(column).value, row.number));
    rows.push(cells);
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue, rowNumber: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw malformed(`row ${rowNumber} holds a number that is not a whole won`);
    return String(value);
  }
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  throw malformed(`row ${rowNumber} holds a cell that is neither text nor a whole number`);
}

import ExcelJS from 'exceljs';
import { type Sheet, titleLines } from './sheet';

const WON_FORMAT = '#,##0';

/**
 * The sheet as an .xlsx workbook (exceljs): title lines (a marker in red), a bold header row
 * that stays in view, money with thousands separators, a bold totals row.
 */
export async function writeXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'goodpay';
  const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31));
  for (const [index, text] of titleLines(sheet).entries()) {
    const row = worksheet.addRow([text]);
    const isMarker = sheet.marker !== null && index === 0;
    row.font = isMarker ? { bold: true, color: { argb: 'FFC00000' }, size: 14 } : { bold: true, size: 12 };
  }
  const header = worksheet.addRow(sheet.columns.map((column) => column.header));
  header.font = { bold: true };
  worksheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const cells of sheet.rows) worksheet.addRow(cells);
  if (sheet.totals !== null) worksheet.addRow(sheet.totals).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const excelColumn = worksheet.getColumn(index + 1);
    excelColumn.width = Math.max(12, column.header.length * 2 + 4);
    if (column.kind === 'won' || column.kind === 'count') excelColumn.numFmt = WON_FORMAT;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import { InvalidInputError, type Krw, KRW_LIMITS, positiveKrw } from '@goodpay/shared';

/**
 * The card issuer's monthly cashback file, as staff upload it: CSV (UTF-8, a BOM allowed), a
 * header row, then one row per card and month (docs/donations.md):
 *
 *   card_number,cashback_month,cashback_amount
 *   9410123456784321,2025-01,40000
 *
 * card_number: 12 to 19 digits (spaces and dashes allowed); cashback_month: YYYY-MM;
 * cashback_amount: whole won paid for that month, at most KRW_LIMITS.monthlyCashback.
 * A file with any bad row is refused whole, naming the rows, and changes nothing.
 */
export interface CashbackFigureRow {
  line: number;
  cardNumber: string;
  month: string;
  figure: Krw;
}

export const CASHBACK_FILE_COLUMNS = ['card_number', 'cashback_month', 'cashback_amount'] as const;
const MAX_ROWS = 100_000;

export function parseCashbackFiguresFile(bytes: Buffer): CashbackFigureRow[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  if (header.join(',') !== CASHBACK_FILE_COLUMNS.join(',')) {
    throw new InvalidInputError(`the first row must be ${CASHBACK_FILE_COLUMNS.join(',')}`, { line: 1 }, 'invalid_cashback_file');
  }
  const rows: CashbackFigureRow[] = [];
  const problems: { line: number; problem: string }[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((cell) => cell.trim());
    if (cells.length !== 3) return problems.push({ line, problem: 'needs 3 columns' });
    const [card, month, amount] = cells;
    const cardNumber = card.replace(/[ -]/g, '');
    if (!/^\d{12,19}$/.test(cardNumber)) return problems.push({ line, problem: 'card_number must be 12 to 19 digits' });
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return problems.push({ line, problem: 'cashback_month must be YYYY-MM' });
    if (!/^\d{1,9}$/.test(amount)) return problems.push({ line, problem: 'cashback_amount must be whole won' });
    const key = `${cardNumber}:${month}`;
    if (seen.has(key)) return problems.push({ line, problem: 'the same card and month twice' });
    seen.add(key);
    try {
      // Zero is a figure too (nothing paid): every gift from that month is refused.
      const figure =
        Number(amount) === 0 ? 0 : positiveKrw(Number(amount), KRW_LIMITS.monthlyCashback, 'cashback_amount', 'invalid_cashback');
      rows.push({ line, cardNumber, month, figure });
    } catch {
      problems.push({ line, problem: `cashback_amount must be at most ${KRW_LIMITS.monthlyCashback.max}` });
    }
  });
  if (rows.length + problems.length > MAX_ROWS)
    throw new InvalidInputError(`at most ${MAX_ROWS} rows a file`, undefined, 'invalid_cashback_file');
  if (problems.length > 0)
    throw new InvalidInputError(
      'the cashback file has bad rows; nothing was imported',
      { problems: problems.slice(0, 100) },
      'invalid_cashback_file',
    );
  return rows;
}

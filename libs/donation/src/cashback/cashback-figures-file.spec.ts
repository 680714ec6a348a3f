import { parseCashbackFiguresFile } from './cashback-figures-file';

describe("the card issuer's cashback file", () => {
  it('reads one figure per card and month, with or without a BOM and CRLF', () => {
    const file = Buffer.from(
      '\uFEFFcard_number,cashback_month,cashback_amount\r\n9410-1234-5678-4321,2025-01,40000\r\n9410123456780000,2025-01,0\r\n',
    );
    expect(parseCashbackFiguresFile(file)).toEqual([
      { line: 2, cardNumber: '9410123456784321', month: '2025-01', figure: 40_000 },
      { line: 3, cardNumber: '9410123456780000', month: '2025-01', figure: 0 },
    ]);
  });

  it('refuses the whole file when a row is bad, naming the rows', () => {
    const file = Buffer.from(
      'card_number,cashback_month,cashback_amount\n4321,2025-01,40000\n9410123456784321,2025-13,1\n9410123456784321,2025-01,1.5\n9410123456784321,2025-01,300000\n',
    );
    expect(() => parseCashbackFiguresFile(file)).toThrow(
      expect.objectContaining({
        code: 'invalid_cashback_file',
        details: {
          problems: [
            { line: 2, problem: 'card_number must be 12 to 19 digits' },
            { line: 3, problem: 'cashback_month must be YYYY-MM' },
            { line: 4, problem: 'cashback_amount must be whole won' },
            { line: 5, problem: 'cashback_amount must be at most 200000' },
          ],
        },
      }),
    );
    expect(() => parseCashbackFiguresFile(Buffer.from('card,month,amount\n'))).toThrow(
      expect.objectContaining({ code: 'invalid_cashback_file' }),
    );
  });
});

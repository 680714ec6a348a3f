import { maskAccountNumber, normaliseAccountNumber } from './account-number';
import { KOREAN_BANKS, koreanBank } from './bank-codes';
import { checkHolderName, holderMatchesBusiness, normaliseHolderName } from './holder-name';

describe('holder names', () => {
  it('compare after NFKC, case folding, without spaces or corporate-form markers', () => {
    expect(normaliseHolderName(' 홍 길 동 ')).toBe('홍길동');
    // Decomposed jamo compose; ㈜ and full-width letters fold.
    expect(normaliseHolderName('\u1112\u1169\u11BC길동')).toBe('홍길동');
    expect(normaliseHolderName('㈜굿페이')).toBe('굿페이');
    expect(normaliseHolderName('주식회사 굿페이')).toBe('굿페이');
    expect(normaliseHolderName('ＨＡＮＯＫ Noodles')).toBe('hanoknoodles');
  });

  it("match the shop's business name, alone or beside the representative in brackets", () => {
    expect(holderMatchesBusiness('맛있는국수', '맛있는 국수')).toBe(true);
    expect(holderMatchesBusiness('홍길동(맛있는국수)', '맛있는 국수')).toBe(true);
    expect(holderMatchesBusiness('맛있는국수(홍길동)', '맛있는 국수')).toBe(true);
    expect(holderMatchesBusiness('(주)맛있는국수', '맛있는국수 주식회사')).toBe(true);
    expect(holderMatchesBusiness('홍길동', '맛있는 국수')).toBe(false);
    expect(holderMatchesBusiness('맛있는국수집', '맛있는 국수')).toBe(false);
    expect(holderMatchesBusiness('홍길동(맛있는국수)(x)', '맛있는 국수')).toBe(false);
    expect(holderMatchesBusiness('아무개', '㈜')).toBe(false);
  });

  it('refuse what is empty, too long, or could act as a spreadsheet formula', () => {
    expect(checkHolderName(' 홍길동 ')).toBe('홍길동');
    for (const bad of ['', '   ', '(주)', 'x'.repeat(61), '=1+1', '+82', '-1', '@A1', 'a\tb', 42, null]) {
      expect(() => checkHolderName(bad)).toThrow(expect.objectContaining({ code: 'invalid_holder_name' }));
    }
  });
});

describe('account numbers and bank codes', () => {
  it('take 10 to 14 digits, dashes and spaces ignored, and show the last four', () => {
    expect(normaliseAccountNumber('110-123-456789')).toBe('110123456789');
    expect(normaliseAccountNumber('3333 01 2345678')).toBe('3333012345678');
    for (const bad of ['123456789', '123456789012345', '110-12a-456789', '１１０１２３４５６７８９', '', 110123456789]) {
      expect(() => normaliseAccountNumber(bad)).toThrow(expect.objectContaining({ code: 'invalid_account_number' }));
    }
    expect(maskAccountNumber('110123456789')).toBe('********6789');
  });

  it('name each bank once by a three-digit code', () => {
    expect(new Set(KOREAN_BANKS.map((bank) => bank.code)).size).toBe(KOREAN_BANKS.length);
    expect(KOREAN_BANKS.every((bank) => /^\d{3}$/.test(bank.code))).toBe(true);
    expect(koreanBank('004')?.name).toBe('KB국민은행');
    expect(koreanBank('092')?.name).toBe('토스뱅크');
    expect(koreanBank('999')).toBeUndefined();
  });
});

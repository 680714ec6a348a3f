import { formatWon } from './format';

describe('formatWon', () => {
  it('groups the digits as toLocaleString does, for every kind of amount', () => {
    const amounts = [0, 1, 12, 123, 999, 1000, 99_000, 100_000, 1_234_567, Number.MAX_SAFE_INTEGER, -0, -1, -1000, 1234.5678, NaN];
    for (let amount = 0; amount < 2_000_000; amount += 997) amounts.push(amount);
    for (const amount of amounts) expect(formatWon(amount)).toBe(`${amount.toLocaleString('en-US')}원`);
  });
});

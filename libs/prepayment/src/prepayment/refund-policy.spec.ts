import fc from 'fast-check';
import {
  afterExpiryRefundPercent,
  lastFullRefundDay,
  lastRefundDayAfterExpiry,
  refundPayout,
  refundTerms,
  type RefundCircumstances,
} from './refund-policy';

describe('refund policy', () => {
  const paidAt = '2025-01-13T05:00:00Z'; // Jan 13, 14:00 in Seoul
  const on = (today: string): RefundCircumstances => ({ today, merchantClosed: false, shopClosurePercent: 100, campaignEnded: false });
  const prepayment = (amount: number, redeemed: number, expiresOn: string | null = null) => ({ amount, redeemed, paidAt, expiresOn });
  const basis = (...args: Parameters<typeof refundTerms>) => refundTerms(...args)?.basis ?? null;

  it('refunds everything left through the 7th day after the purchase day', () => {
    expect(lastFullRefundDay(paidAt)).toBe('2025-01-20');
    expect(refundTerms(prepayment(100_000, 90_000), on('2025-01-13'))).toEqual({ basis: 'within_7_days', percent: 100 });
    expect(basis(prepayment(100_000, 0), on('2025-01-20'))).toBe('within_7_days');
    expect(basis(prepayment(100_000, 0), on('2025-01-21'))).toBeNull();
  });

  it('counts days in Seoul: 23:30 UTC on Jan 12 is Jan 13 in Seoul', () => {
    expect(lastFullRefundDay('2025-01-12T23:30:00Z')).toBe('2025-01-20');
  });

  it('then refunds the rest once 60% of the face value is used', () => {
    expect(basis(prepayment(100_000, 59_999), on('2025-02-01'))).toBeNull();
    expect(basis(prepayment(100_000, 60_000), on('2025-02-01'))).toBe('mostly_used');
    expect(basis(prepayment(300_000, 180_000), on('2025-02-01'))).toBe('mostly_used');
  });

  it('asks 80% for face values up to 10,000 won', () => {
    expect(basis(prepayment(10_000, 7_999), on('2025-02-01'))).toBeNull();
    expect(basis(prepayment(10_000, 8_000), on('2025-02-01'))).toBe('mostly_used');
    expect(basis(prepayment(10_001, 6_001), on('2025-02-01'))).toBe('mostly_used');
  });

  it('always refunds when the shop closed (at the campaign compensation) or the campaign ended', () => {
    expect(refundTerms(prepayment(100_000, 0), { ...on('2025-03-01'), merchantClosed: true, shopClosurePercent: 80 })).toEqual({
      basis: 'merchant_closed',
      percent: 80,
    });
    expect(basis(prepayment(100_000, 0), { ...on('2025-03-01'), campaignEnded: true })).toBe('campaign_ended');
  });

  it('gives the payer the best basis that holds: a shop closing in the first week does not lower the full refund', () => {
    const closedEarly = { ...on('2025-01-15'), merchantClosed: true, shopClosurePercent: 70 };
    expect(refundTerms(prepayment(100_000, 0), closedEarly)).toEqual({ basis: 'within_7_days', percent: 100 });
    const closedLater = { ...on('2025-02-15'), merchantClosed: true, shopClosurePercent: 70 };
    expect(refundTerms(prepayment(100_000, 60_000), closedLater)).toEqual({ basis: 'mostly_used', percent: 100 });
  });

  it('after the expiry refunds at the terms rate (90%, 95% above 50,000 won) for 5 years, then not at all', () => {
    const expiresOn = '2025-06-30';
    expect(afterExpiryRefundPercent(50_000)).toBe(90);
    expect(afterExpiryRefundPercent(50_001)).toBe(95);
    expect(refundTerms(prepayment(100_000, 0, expiresOn), on('2025-06-30'))).toBeNull();
    expect(refundTerms(prepayment(100_000, 0, expiresOn), on('2025-07-01'))).toEqual({ basis: 'after_expiry', percent: 95 });
    expect(refundTerms(prepayment(30_000, 0, expiresOn), on('2025-07-01'))).toEqual({ basis: 'after_expiry', percent: 90 });
    // Even when the campaign also ended: the expiry is what the holder was told about.
    expect(basis(prepayment(30_000, 0, expiresOn), { ...on('2025-07-01'), campaignEnded: true })).toBe('after_expiry');
    const last = lastRefundDayAfterExpiry(expiresOn);
    expect(last).toBe('2030-06-29');
    expect(basis(prepayment(30_000, 0, expiresOn), on(last))).toBe('after_expiry');
    expect(basis(prepayment(30_000, 0, expiresOn), on('2030-06-30'))).toBeNull();
  });

  it('pays out the share rounded up to the won, never more than the balance', () => {
    expect(refundPayout(12_345, 90)).toBe(11_111); // 11,110.5
    expect(refundPayout(12_345, 100)).toBe(12_345);
    expect(refundPayout(1, 90)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: 100 }), (balance, percent) => {
        const payout = refundPayout(balance, percent);
        // The smallest whole won that is at least percent% of the balance, in exact bigint arithmetic.
        const exact = BigInt(balance) * BigInt(percent);
        expect(BigInt(payout) * 100n >= exact).toBe(true);
        expect(BigInt(payout - 1) * 100n < exact).toBe(true);
        expect(payout).toBeLessThanOrEqual(balance);
      }),
    );
  });
});

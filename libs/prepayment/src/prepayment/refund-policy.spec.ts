import { lastFullRefundDay, refundBasis, type RefundCircumstances } from './refund-policy';

describe('refund policy', () => {
  const paidAt = '2025-01-13T05:00:00Z'; // Jan 13, 14:00 in Seoul
  const on = (today: string): RefundCircumstances => ({ today, merchantClosed: false, campaignEnded: false });
  const prepayment = (amount: number, redeemed: number) => ({ amount, redeemed, paidAt });

  it('refunds everything left through the 7th day after the purchase day', () => {
    expect(lastFullRefundDay(paidAt)).toBe('2025-01-20');
    expect(refundBasis(prepayment(100_000, 90_000), on('2025-01-13'))).toBe('within_7_days');
    expect(refundBasis(prepayment(100_000, 0), on('2025-01-20'))).toBe('within_7_days');
    expect(refundBasis(prepayment(100_000, 0), on('2025-01-21'))).toBeNull();
  });

  it('counts days in Seoul: 23:30 UTC on Jan 12 is Jan 13 in Seoul', () => {
    expect(lastFullRefundDay('2025-01-12T23:30:00Z')).toBe('2025-01-20');
  });

  it('then refunds the rest once 60% of the face value is used', () => {
    expect(refundBasis(prepayment(100_000, 59_999), on('2025-02-01'))).toBeNull();
    expect(refundBasis(prepayment(100_000, 60_000), on('2025-02-01'))).toBe('mostly_used');
    expect(refundBasis(prepayment(300_000, 180_000), on('2025-02-01'))).toBe('mostly_used');
  });

  it('asks 80% for face values up to 10,000 won', () => {
    expect(refundBasis(prepayment(10_000, 7_999), on('2025-02-01'))).toBeNull();
    expect(refundBasis(prepayment(10_000, 8_000), on('2025-02-01'))).toBe('mostly_used');
    expect(refundBasis(prepayment(10_001, 6_001), on('2025-02-01'))).toBe('mostly_used');
  });

  it('always refunds when the shop closed or the campaign ended', () => {
    expect(refundBasis(prepayment(100_000, 0), { ...on('2025-03-01'), merchantClosed: true })).toBe('merchant_closed');
    expect(refundBasis(prepayment(100_000, 0), { ...on('2025-03-01'), campaignEnded: true })).toBe('campaign_ended');
  });
});

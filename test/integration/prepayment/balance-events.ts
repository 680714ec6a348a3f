/**
 * Balance events as the decider writes them, for histories appended straight to the log (the
 * balance projection's SQL cases). `id` gives a case's prepayment id for its short name.
 */
export function balanceEvents(id: (name: string) => string = (name) => name) {
  return {
    made: (p: string, amount: number, paidAt = '2025-01-20T01:00:00Z') => ({
      type: 'PrepaymentMade',
      data: {
        prepaymentId: id(p),
        code: `CODE-${id(p)}`,
        payer: { id: 'c-1', kind: 'citizen' },
        merchantId: 'm',
        campaignId: 'c',
        amount,
        channel: 'at_shop',
        paymentConfirmation: null,
        merchantCategory: 'cafe',
        merchantDistrict: 'Deokjin-gu',
        paidAt,
      },
    }),
    redeemed: (p: string, redemptionId: string, amount: number, balanceAfter: number, redeemedAt = '2025-01-20T14:00:00Z') => ({
      type: 'PrepaymentRedeemed',
      data: { prepaymentId: id(p), merchantId: 'm', redemptionId, amount, balanceAfter, redeemedAt },
    }),
    cancelled: (p: string, redemptionId: string, amount: number, balanceAfter: number, cancelledAt = '2025-01-20T14:30:00Z') => ({
      type: 'RedemptionCancelled',
      data: { prepaymentId: id(p), merchantId: 'm', redemptionId, amount, balanceAfter, cancelledAt },
    }),
    refundRequested: (p: string, balance = 0, requestedAt = '2025-01-21T01:00:00Z') => ({
      type: 'RefundRequested',
      data: { prepaymentId: id(p), payerId: 'c-1', merchantId: 'm', basis: 'within_7_days', balance, requestedAt },
    }),
    refunded: (p: string, amount: number, refundedAt = '2025-01-21T02:00:00Z') => ({
      type: 'PrepaymentRefunded',
      data: {
        prepaymentId: id(p),
        payerId: 'c-1',
        merchantId: 'm',
        campaignId: 'c',
        amount,
        basis: 'within_7_days',
        requestedAt: '2025-01-21T01:00:00Z',
        refundedAt,
      },
    }),
  };
}

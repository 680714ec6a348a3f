import { citizen, merchantActor, organisation, spec, staff, stateAfter } from '../../../event-store/src/decider/testing';
import {
  approvedMerchant,
  campaign,
  campaignId,
  closedCampaign,
  merchant,
  merchantId,
  otherMerchantId,
  shop,
  prepaymentMade,
} from '../test/fixtures';
import type {
  ApproveRefund,
  CancelOrder,
  CancelRedemption,
  ClaimPrepayment,
  ConfirmPayment,
  MakePrepayment,
  RedeemPrepayment,
  RequestRefund,
} from './commands';
import { prepaymentDecider } from './decider';
import { redemptionFrom } from './redemption';
import type {
  PrepaymentClaimed,
  PrepaymentEvent,
  PrepaymentMade,
  PrepaymentOrderCancelled,
  PrepaymentOrdered,
  PrepaymentRedeemed,
  RefundRequested,
} from './events';

const prepaymentId = 'p-1';
const paidAt = '2025-01-20T01:00:00Z'; // Jan 20, 10:00 in Seoul
const payer = citizen('c-1');

const make: MakePrepayment = {
  type: 'MakePrepayment',
  actor: shop,
  prepaymentId,
  now: paidAt,
  code: '7K3M9QXA',
  payer: { id: 'c-1', kind: 'citizen' },
  merchantId,
  campaignId,
  amount: 100_000,
  channel: 'at_shop',
  campaign: campaign(),
  merchant: approvedMerchant(),
};

const made = prepaymentMade({ prepaymentId, paidAt });

/** At the shop now: the shop's word names the payer, but it counts for nobody until they claim it. */
const madeAtShop: PrepaymentMade = { ...made, data: { ...made.data, payer: null, namedPayer: { id: 'c-1', kind: 'citizen' } } };

const payment = { provider: 'tosspayments', externalReference: 'pay_123' };
const order: MakePrepayment = { ...make, actor: payer, channel: 'platform', paymentConfirmation: payment };
/** The same prepayment ordered on the platform: what PrepaymentMade says, but a payment still to confirm. */
const { paymentConfirmation: _notYet, ...madeData } = made.data;
const ordered: PrepaymentOrdered = {
  type: 'PrepaymentOrdered',
  data: { ...madeData, payer: { id: 'c-1', kind: 'citizen' }, channel: 'platform', payment },
};
const confirmed = (confirmedBy: 'provider' | 'office', confirmedAt: string): PrepaymentMade => ({
  type: 'PrepaymentMade',
  data: { ...made.data, channel: 'platform', paymentConfirmation: { ...payment, confirmedBy, confirmedAt } },
});

const redeemed = (redemptionId: string, amount: number, balanceAfter: number, redeemedAt = paidAt): PrepaymentRedeemed => ({
  type: 'PrepaymentRedeemed',
  data: { prepaymentId, merchantId, redemptionId, amount, balanceAfter, redeemedAt },
});

const redeem = (amount: number, redemptionId = 'r-new', now = '2025-01-22T03:00:00Z'): RedeemPrepayment => ({
  type: 'RedeemPrepayment',
  actor: shop,
  prepaymentId,
  redemptionId,
  amount,
  now,
});

const prepayments = spec(prepaymentDecider);
const given = (...history: PrepaymentEvent[]) => prepayments.given(history);

describe('prepayment decider', () => {
  describe('MakePrepayment', () => {
    it('is recorded at the shop by that merchant', () => {
      given().when(make).then([madeAtShop]);
    });

    it('is ordered through the platform by the payer, and made only when the provider confirms the payment', () => {
      given().when(order).then([ordered]);
      given()
        .when({ ...order, paymentConfirmedByProvider: true })
        .then([ordered, confirmed('provider', paidAt)]);
    });

    it('lets an organisation with a signed agreement prepay up to its own maximum', () => {
      const byOrganisation = {
        ...make,
        payer: { id: 'sme-federation', kind: 'organisation' as const },
        amount: 10_000_000,
        organisationAgreementSigned: true,
      };
      given()
        .when(byOrganisation)
        .then([{ ...madeAtShop, data: { ...madeAtShop.data, namedPayer: byOrganisation.payer, amount: 10_000_000 } }]);
      given()
        .when({ ...byOrganisation, amount: 10_000_001 })
        .then('amount_above_maximum');
      given()
        .when({ ...byOrganisation, organisationAgreementSigned: false })
        .then('organisation_agreement_missing');
    });

    it('keeps a citizen within the campaign bounds', () => {
      given()
        .when({ ...make, amount: 300_000 })
        .then([{ ...madeAtShop, data: { ...madeAtShop.data, amount: 300_000 } }]);
      const below = given()
        .when({ ...make, amount: 99_999 })
        .then('amount_below_minimum');
      expect(below).toMatchObject({ status: 422, details: { minimum: 100_000, amount: 99_999 } });
      const above = given()
        .when({ ...make, amount: 300_001 })
        .then('amount_above_maximum');
      expect(above.details).toEqual({ maximum: 300_000, amount: 300_001, payerKind: 'citizen' });
    });

    it('refuses amounts that are not positive whole won', () => {
      for (const amount of [0, -100_000, 100_000.5, Number.NaN, '100000' as never]) {
        expect(
          given()
            .when({ ...make, amount })
            .then('invalid_input').status,
        ).toBe(400);
      }
    });

    it('takes prepayments only while the campaign runs, on Seoul days', () => {
      given()
        .when({ ...make, now: '2025-01-12T14:59:59Z' })
        .then('campaign_not_active');
      given()
        .when({ ...make, now: '2025-01-12T15:00:00Z' })
        .then([{ ...madeAtShop, data: { ...madeAtShop.data, paidAt: '2025-01-12T15:00:00Z', expiresOn: '2030-01-12' } }]);
      given()
        .when({ ...make, now: '2025-02-28T15:00:00Z' })
        .then('campaign_not_active');
      given()
        .when({ ...make, campaign: closedCampaign() })
        .then('campaign_not_active');
      given()
        .when({ ...make, campaign: { status: 'not_created' } })
        .then('campaign_not_found');
      given()
        .when({ ...make, campaignId: 'elsewhere' })
        .then('campaign_not_found');
    });

    it('takes prepayments only at an approved shop', () => {
      for (const state of [merchant(), merchant('ApproveMerchant', 'SuspendMerchant'), merchant('ApproveMerchant', 'CloseMerchant')]) {
        const refusal = given()
          .when({ ...make, merchant: state })
          .then('merchant_not_approved');
        expect(refusal.details).toEqual({ status: state.status });
      }
      given()
        .when({ ...make, merchant: { status: 'unregistered' } })
        .then('merchant_not_found');
    });

    it('is recorded only by that shop, or paid only by the payer', () => {
      // Another's shop answers as an unknown one.
      expect(
        given()
          .when({ ...make, actor: merchantActor(otherMerchantId) })
          .then('merchant_not_found').status,
      ).toBe(404);
      given()
        .when({ ...make, actor: payer })
        .then('merchant_not_found');
      const platform = { ...make, channel: 'platform' as const, paymentConfirmation: { provider: 'p', externalReference: 'x' } };
      given()
        .when({ ...platform, actor: citizen('c-2') })
        .then('not_the_payer');
      given()
        .when({ ...platform, actor: organisation('c-1') })
        .then('not_the_payer');
      given()
        .when({ ...platform, actor: shop })
        .then('not_the_payer');
    });

    it('needs a confirmation exactly for platform payments', () => {
      given()
        .when({ ...make, actor: payer, channel: 'platform' })
        .then('payment_confirmation_required');
      given()
        .when({ ...make, actor: payer, channel: 'platform', paymentConfirmation: { provider: 'p', externalReference: ' ' } })
        .then('invalid_input');
      given()
        .when({ ...make, paymentConfirmation: { provider: 'p', externalReference: 'x' } })
        .then('invalid_input');
      given()
        .when({ ...make, channel: 'bank_transfer' as never })
        .then('invalid_input');
    });

    it('refuses a malformed code or payer, and a second prepayment with the same id', () => {
      given()
        .when({ ...make, code: '7K3M9QXI' })
        .then('invalid_prepayment_code');
      given()
        .when({ ...make, payer: { id: 'c-1', kind: 'tourist' as never } })
        .then('invalid_input');
      given(made).when(make).then('prepayment_already_exists');
    });
  });

  describe('platform orders', () => {
    const confirm = (amount = 100_000, actor = staff, now = '2025-01-23T01:00:00Z'): ConfirmPayment => ({
      type: 'ConfirmPayment',
      actor,
      prepaymentId,
      amount,
      now,
    });

    it('are nothing to redeem or refund until their payment is confirmed', () => {
      given(ordered).when(redeem(1_000)).then('payment_not_confirmed');
      given(ordered)
        .when({ type: 'RequestRefund', actor: payer, prepaymentId, now: paidAt, merchant: approvedMerchant(), campaign: campaign() })
        .then('payment_not_confirmed');
    });

    it('are confirmed by staff from the statement, for the ordered amount, once', () => {
      given(ordered)
        .when(confirm())
        .then([confirmed('office', '2025-01-23T01:00:00Z')]);
      const mismatch = given(ordered).when(confirm(100_001)).then('payment_amount_mismatch');
      expect(mismatch.details).toEqual({ ordered: 100_000, confirmed: 100_001 });
      given(ordered, confirmed('office', paidAt)).when(confirm()).then([]);
      given(ordered, confirmed('office', paidAt))
        .when(redeem(1_000))
        .then([redeemed('r-new', 1_000, 99_000, '2025-01-22T03:00:00Z')]);
    });

    it('are cancelled by their payer or staff while unpaid, once; to others they do not exist', () => {
      const cancel = (actor = payer): CancelOrder => ({ type: 'CancelOrder', actor, prepaymentId, now: '2025-01-21T00:00:00Z' });
      const cancelled: PrepaymentOrderCancelled = {
        type: 'PrepaymentOrderCancelled',
        data: {
          prepaymentId,
          payer: { id: 'c-1', kind: 'citizen' },
          campaignId,
          amount: 100_000,
          paidAt,
          cancelledAt: '2025-01-21T00:00:00Z',
        },
      };
      given(ordered).when(cancel()).then([cancelled]);
      given(ordered).when(cancel(staff)).then([cancelled]);
      given(ordered, cancelled).when(cancel()).then([]);
      given(ordered)
        .when(cancel(citizen('c-2')))
        .then('prepayment_not_found');
      given(ordered).when(cancel(shop)).then('prepayment_not_found');
      given(ordered, confirmed('office', paidAt)).when(cancel()).then('payment_already_confirmed');
      // A cancelled order is final.
      given(ordered, cancelled).when(confirm()).then('order_cancelled');
      given(ordered, cancelled).when(redeem(1_000)).then('order_cancelled');
    });

    it('are confirmed by staff only, and only orders are', () => {
      expect(given(ordered).when(confirm(100_000, shop)).then('wrong_role').status).toBe(403);
      given(ordered).when(confirm(100_000, payer)).then('wrong_role');
      given(madeAtShop).when(confirm()).then('no_payment_to_confirm');
      given().when(confirm()).then('prepayment_not_found');
    });
  });

  describe('claims at the shop', () => {
    const claim = (actor = payer, now = '2025-01-21T00:00:00Z'): ClaimPrepayment => ({ type: 'ClaimPrepayment', actor, prepaymentId, now });
    const claimed: PrepaymentClaimed = {
      type: 'PrepaymentClaimed',
      data: {
        prepaymentId,
        merchantId,
        campaignId,
        payer: { id: 'c-1', kind: 'citizen' },
        amount: 100_000,
        paidAt,
        claimedAt: '2025-01-21T00:00:00Z',
      },
    };

    it('make the prepayment count for the payer the shop named, once', () => {
      given(madeAtShop).when(claim()).then([claimed]);
      given(madeAtShop, claimed).when(claim()).then([]);
    });

    it('answer anyone else as an unknown code, before and after the claim', () => {
      for (const history of [[madeAtShop], [madeAtShop, claimed]]) {
        for (const actor of [citizen('c-2'), organisation('c-1'), shop, staff]) {
          const refusal = given(...history)
            .when(claim(actor))
            .then('prepayment_code_not_found');
          expect(refusal).toMatchObject({ status: 404, details: { id: '7K3M9QXA' } });
        }
      }
    });

    it('leave the unclaimed prepayment to the counter customer: the shop redeems it, nobody can ask a refund', () => {
      given(madeAtShop)
        .when(redeem(1_000))
        .then([redeemed('r-new', 1_000, 99_000, '2025-01-22T03:00:00Z')]);
      given(madeAtShop)
        .when({ type: 'RequestRefund', actor: payer, prepaymentId, now: paidAt, merchant: approvedMerchant(), campaign: campaign() })
        .then('prepayment_not_found');
    });
  });

  describe('RedeemPrepayment', () => {
    it('redeems any part of the balance, by that merchant only', () => {
      given(made)
        .when(redeem(30_000))
        .then([redeemed('r-new', 30_000, 70_000, '2025-01-22T03:00:00Z')]);
      given(made, redeemed('r-1', 30_000, 70_000))
        .when(redeem(70_000))
        .then([redeemed('r-new', 70_000, 0, '2025-01-22T03:00:00Z')]);
    });

    it('never overdraws the balance', () => {
      const refusal = given(made, redeemed('r-1', 30_000, 70_000))
        .when(redeem(70_001))
        .then('insufficient_balance');
      expect(refusal).toMatchObject({ status: 422, details: { balance: 70_000, amount: 70_001 } });
      given(made, redeemed('r-1', 100_000, 0))
        .when(redeem(1))
        .then('insufficient_balance');
    });

    it("refuses another shop's or a citizen's redemption", () => {
      given(made)
        .when({ ...redeem(1_000), actor: merchantActor(otherMerchantId) })
        .then('prepayment_not_found');
      given(made)
        .when({ ...redeem(1_000), actor: payer })
        .then('prepayment_not_found');
      given(made)
        .when({ ...redeem(1_000), actor: staff })
        .then('prepayment_not_found');
    });

    it('refuses bad amounts and unknown prepayments', () => {
      given(made).when(redeem(0)).then('invalid_input');
      given(made).when(redeem(1.5)).then('invalid_input');
      given().when(redeem(1_000)).then('prepayment_not_found');
    });
  });

  describe('CancelRedemption', () => {
    // Redeemed at 23:00 on Jan 20 in Seoul.
    const lateRedemption = redeemed('r-1', 30_000, 70_000, '2025-01-20T14:00:00Z');
    /** With the redemption as its handler reads it from the stream (here `history`). */
    const cancel = (now: string, redemptionId = 'r-1', history: PrepaymentEvent[] = [made, lateRedemption]): CancelRedemption => ({
      type: 'CancelRedemption',
      actor: shop,
      prepaymentId,
      redemptionId,
      redemption: redemptionFrom(history, redemptionId),
      now,
    });

    it('restores the balance on the same Seoul day', () => {
      given(made, lateRedemption)
        .when(cancel('2025-01-20T14:59:59Z'))
        .then([
          {
            type: 'RedemptionCancelled',
            data: {
              prepaymentId,
              merchantId,
              redemptionId: 'r-1',
              amount: 30_000,
              balanceAfter: 100_000,
              cancelledAt: '2025-01-20T14:59:59Z',
            },
          },
        ]);
    });

    it('is too late from midnight in Seoul', () => {
      const refusal = given(made, lateRedemption).when(cancel('2025-01-20T15:00:00Z')).then('redemption_not_cancellable');
      expect(refusal.details).toEqual({ redeemedOn: '2025-01-20', today: '2025-01-21' });
    });

    it('cancels once, only known redemptions, only by that merchant', () => {
      const cancelled: PrepaymentEvent = {
        type: 'RedemptionCancelled',
        data: { prepaymentId, merchantId, redemptionId: 'r-1', amount: 30_000, balanceAfter: 100_000, cancelledAt: paidAt },
      };
      given(made, lateRedemption, cancelled)
        .when(cancel('2025-01-20T14:30:00Z', 'r-1', [made, lateRedemption, cancelled]))
        .then('redemption_already_cancelled');
      given(made, lateRedemption).when(cancel('2025-01-20T14:30:00Z', 'r-9')).then('redemption_not_found');
      given(made, lateRedemption).when(cancel('2025-01-20T14:30:00Z', 'toString')).then('redemption_not_found');
      given(made, lateRedemption)
        .when({ ...cancel('2025-01-20T14:30:00Z'), actor: merchantActor(otherMerchantId) })
        .then('prepayment_not_found');
    });
  });

  describe('refunds', () => {
    const request = (now: string, context: Partial<RequestRefund> = {}): RequestRefund => ({
      type: 'RequestRefund',
      actor: payer,
      prepaymentId,
      now,
      merchant: approvedMerchant(),
      campaign: campaign(),
      ...context,
    });
    const requested = (basis: RefundRequested['data']['basis'], balance: number, requestedAt: string): RefundRequested => ({
      type: 'RefundRequested',
      data: { prepaymentId, payerId: 'c-1', merchantId, basis, balance, percent: 100, requestedBy: 'payer', requestedAt },
    });
    const approve = (actor = shop, now = '2025-02-10T00:00:00Z'): ApproveRefund => ({
      type: 'ApproveRefund',
      actor,
      prepaymentId,
      now,
    });
    const refunded = (
      amount: number,
      basis: RefundRequested['data']['basis'],
      requestedAt: string,
      refundedAt = '2025-02-10T00:00:00Z',
    ) => ({
      type: 'PrepaymentRefunded' as const,
      data: { prepaymentId, payerId: 'c-1', merchantId, campaignId, amount, payout: amount, basis, requestedAt, refundedAt },
    });
    const used30 = redeemed('r-1', 30_000, 70_000);
    const used60 = redeemed('r-2', 30_000, 40_000);

    it('refunds everything left within 7 days of the purchase day, used or not', () => {
      // Paid Jan 20: the 7 days end on Jan 27, 23:59 in Seoul.
      given(made, used30)
        .when(request('2025-01-27T14:59:59Z'))
        .then([requested('within_7_days', 70_000, '2025-01-27T14:59:59Z')]);
    });

    it('then refunds only once 60% of the face value is used', () => {
      const refusal = given(made, used30).when(request('2025-01-27T15:00:00Z')).then('refund_not_allowed');
      expect(refusal).toMatchObject({
        status: 422,
        details: { fullRefundUntil: '2025-01-27', requiredUsePercent: 60, amount: 100_000, redeemed: 30_000 },
      });
      given(made, used30, used60)
        .when(request('2025-02-05T00:00:00Z'))
        .then([requested('mostly_used', 40_000, '2025-02-05T00:00:00Z')]);
    });

    it('always refunds when the shop closed or the campaign ended', () => {
      given(made, used30)
        .when(request('2025-02-05T00:00:00Z', { merchant: merchant('ApproveMerchant', 'CloseMerchant') }))
        .then([requested('merchant_closed', 70_000, '2025-02-05T00:00:00Z')]);
      given(made, used30)
        .when(request('2025-02-05T00:00:00Z', { campaign: closedCampaign() }))
        .then([requested('campaign_ended', 70_000, '2025-02-05T00:00:00Z')]);
      given(made, used30)
        .when(request('2025-03-01T00:00:00Z'))
        .then([requested('campaign_ended', 70_000, '2025-03-01T00:00:00Z')]);
    });

    it('is asked for by the payer only, once, for something left', () => {
      given(made)
        .when({ ...request(paidAt), actor: shop })
        .then('prepayment_not_found');
      given(made)
        .when({ ...request(paidAt), actor: citizen('c-2') })
        .then('prepayment_not_found');
      given(made, requested('within_7_days', 100_000, paidAt))
        .when(request(paidAt))
        .then('refund_already_requested');
      given(made, redeemed('r-1', 100_000, 0))
        .when(request(paidAt))
        .then('nothing_to_refund');
    });

    it('stops redemptions while the request waits', () => {
      given(made, requested('within_7_days', 100_000, paidAt))
        .when(redeem(1_000))
        .then('refund_pending');
    });

    it('is approved by the merchant or staff, for the whole balance, on the basis it was asked on', () => {
      const history = [made, used30, requested('within_7_days', 70_000, paidAt)];
      given(...history)
        .when(approve())
        .then([refunded(70_000, 'within_7_days', paidAt)]);
      given(...history)
        .when(approve(staff))
        .then([refunded(70_000, 'within_7_days', paidAt)]);
      given(...history)
        .when(approve(merchantActor(otherMerchantId)))
        .then('prepayment_not_found');
      given(...history)
        .when(approve(payer))
        .then('prepayment_not_found');
    });

    it('refunds what a same-day cancellation gave back while the request waited', () => {
      const cancelled: PrepaymentEvent = {
        type: 'RedemptionCancelled',
        data: { prepaymentId, merchantId, redemptionId: 'r-1', amount: 30_000, balanceAfter: 100_000, cancelledAt: paidAt },
      };
      given(made, used30, requested('within_7_days', 70_000, paidAt), cancelled)
        .when(approve())
        .then([refunded(100_000, 'within_7_days', paidAt)]);
    });

    it('approves only a request, and refunds once', () => {
      given(made).when(approve()).then('no_refund_requested');
      const history = [made, requested('within_7_days', 100_000, paidAt), refunded(100_000, 'within_7_days', paidAt)];
      given(...history)
        .when(approve())
        .then('already_refunded');
      given(...history)
        .when(request(paidAt))
        .then('already_refunded');
    });

    it('never redeems or restores what was refunded', () => {
      const history = [made, used30, requested('within_7_days', 70_000, paidAt), refunded(70_000, 'within_7_days', paidAt)];
      given(...history)
        .when(redeem(1_000))
        .then('prepayment_refunded');
      given(...history)
        .when({
          type: 'CancelRedemption',
          actor: shop,
          prepaymentId,
          redemptionId: 'r-1',
          redemption: redemptionFrom(history, 'r-1'),
          now: paidAt,
        })
        .then('prepayment_refunded');
      expect(stateAfter(prepaymentDecider, history)).toMatchObject({
        status: 'refunded',
        amount: 100_000,
        redeemed: 30_000,
        refunded: 70_000,
        balance: 0,
      });
    });

    it('refuses a handler that loaded another shop as the context', () => {
      const otherShop = { ...approvedMerchant(), merchantId: otherMerchantId } as ReturnType<typeof approvedMerchant>;
      expect(() => prepaymentDecider.decide(request(paidAt, { merchant: otherShop }), stateAfter(prepaymentDecider, [made]))).toThrow(
        /does not belong/,
      );
    });
  });

  describe('state', () => {
    it('tracks the balance and the status', () => {
      const cancelled: PrepaymentEvent = {
        type: 'RedemptionCancelled',
        data: { prepaymentId, merchantId, redemptionId: 'r-2', amount: 70_000, balanceAfter: 70_000, cancelledAt: paidAt },
      };
      expect(stateAfter(prepaymentDecider, [made])).toMatchObject({ status: 'active', balance: 100_000 });
      const exhausted = stateAfter(prepaymentDecider, [made, redeemed('r-1', 30_000, 70_000), redeemed('r-2', 70_000, 0)]);
      expect(exhausted).toMatchObject({ status: 'exhausted', balance: 0, redeemed: 100_000 });
      const reopened = stateAfter(prepaymentDecider, [made, redeemed('r-1', 30_000, 70_000), redeemed('r-2', 70_000, 0), cancelled]);
      expect(reopened).toMatchObject({ status: 'active', balance: 70_000, redeemed: 30_000 });
    });
  });
});

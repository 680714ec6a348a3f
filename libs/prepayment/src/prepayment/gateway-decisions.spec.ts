import { SYSTEM_ACTOR as system } from '@goodpay/shared';
import { citizen, spec, staff } from '../../../event-store/src/decider/testing';
import { merchantId, prepaymentMade, shop } from '../test/fixtures';
import type { RecordCounterRefund, RecordGatewayPayment, RecordGatewayRefund } from './commands';
import { prepaymentDecider } from './decider';
import { type PrepaymentEvent, type PrepaymentMade, type PrepaymentOrdered, type PrepaymentRefunded, refundIdOf } from './events';

const prepaymentId = 'p-1';
const paidAt = '2025-01-20T01:00:00Z';
const now = '2025-01-21T01:00:00Z';
const payer = citizen('c-1');
const payment = { provider: 'portone', externalReference: prepaymentId };

const made = prepaymentMade({ prepaymentId, paidAt });
const { paymentConfirmation: _none, ...madeData } = made.data;
const ordered: PrepaymentOrdered = {
  type: 'PrepaymentOrdered',
  data: { ...madeData, payer: { id: 'c-1', kind: 'citizen' }, channel: 'platform', payment },
};
const paid: PrepaymentMade = {
  type: 'PrepaymentMade',
  data: { ...made.data, channel: 'platform', paymentConfirmation: { ...payment, confirmedBy: 'provider', confirmedAt: now } },
};
const claimedAtShop: PrepaymentEvent[] = [
  { ...made, data: { ...made.data, payer: null, namedPayer: { id: 'c-1', kind: 'citizen' } } },
  {
    type: 'PrepaymentClaimed',
    data: {
      prepaymentId,
      merchantId,
      campaignId: made.data.campaignId,
      payer: { id: 'c-1', kind: 'citizen' },
      amount: 100_000,
      paidAt,
      claimedAt: paidAt,
    },
  },
];
const refunded = (amount: number): PrepaymentRefunded => ({
  type: 'PrepaymentRefunded',
  data: {
    prepaymentId,
    payerId: 'c-1',
    merchantId,
    campaignId: made.data.campaignId,
    amount,
    basis: 'within_7_days',
    requestedAt: now,
    refundedAt: now,
  },
});

const gatewayPayment = (actor = payer, amount = 100_000): RecordGatewayPayment => ({
  type: 'RecordGatewayPayment',
  actor,
  prepaymentId,
  now,
  amount,
});
const gatewayRefund = (amount: number, paymentId = prepaymentId): RecordGatewayRefund => ({
  type: 'RecordGatewayRefund',
  actor: system,
  prepaymentId,
  now,
  provider: 'portone',
  paymentId,
  amount,
  cancellationId: 'cancellation-1',
  pgCancellationId: 'pg-1',
  cancelledAt: now,
});
const counterRefund = (actor = shop): RecordCounterRefund => ({ type: 'RecordCounterRefund', actor, prepaymentId, now });

const given = (...history: PrepaymentEvent[]) => spec(prepaymentDecider).given(history);

describe('prepayment decider: the payment gateway', () => {
  describe('RecordGatewayPayment', () => {
    it("makes the order once, for its payer, staff or the system (a webhook); the amount must be the order's", () => {
      given(ordered).when(gatewayPayment()).then([paid]);
      given(ordered).when(gatewayPayment(system)).then([paid]);
      given(ordered).when(gatewayPayment(staff)).then([paid]);
      given(ordered, paid).when(gatewayPayment()).then([]);
      given(ordered).when(gatewayPayment(payer, 99_000)).then('payment_amount_mismatch');
    });

    it('does not exist for anyone else, and never makes a cancelled order or an at-shop prepayment', () => {
      given(ordered)
        .when(gatewayPayment(citizen('c-2')))
        .then('prepayment_not_found');
      given(ordered, {
        type: 'PrepaymentOrderCancelled',
        data: {
          prepaymentId,
          payer: { id: 'c-1', kind: 'citizen' },
          campaignId: made.data.campaignId,
          amount: 100_000,
          paidAt,
          cancelledAt: now,
        },
      })
        .when(gatewayPayment())
        .then('order_cancelled');
      given(...claimedAtShop)
        .when(gatewayPayment())
        .then('no_payment_to_confirm');
    });
  });

  describe('RecordGatewayRefund', () => {
    it('records the gateway cancellation of a refund once, full or partial', () => {
      const cancelled = (amount: number, full: boolean): PrepaymentEvent => ({
        type: 'RefundCancelledAtGateway',
        data: {
          prepaymentId,
          refundId: refundIdOf(prepaymentId),
          provider: 'portone',
          paymentId: prepaymentId,
          amount,
          full,
          cancellationId: 'cancellation-1',
          pgCancellationId: 'pg-1',
          cancelledAt: now,
        },
      });
      given(ordered, paid, refunded(100_000))
        .when(gatewayRefund(100_000))
        .then([cancelled(100_000, true)]);
      const visit: PrepaymentEvent = {
        type: 'PrepaymentRedeemed',
        data: { prepaymentId, merchantId, redemptionId: 'r-1', amount: 40_000, balanceAfter: 60_000, redeemedAt: now },
      };
      given(ordered, paid, visit, refunded(60_000))
        .when(gatewayRefund(60_000))
        .then([cancelled(60_000, false)]);
      given(ordered, paid, refunded(100_000), cancelled(100_000, true)).when(gatewayRefund(100_000)).then([]);
    });

    it('refuses before a refund, from anyone but the system, and a cancellation that is not the refund', () => {
      given(ordered, paid).when(gatewayRefund(100_000)).then('not_refunded');
      given(ordered, paid, refunded(100_000))
        .when({ ...gatewayRefund(100_000), actor: staff })
        .then('wrong_role');
      expect(() =>
        prepaymentDecider.decide(
          gatewayRefund(90_000),
          [ordered, paid, refunded(100_000)].reduce(prepaymentDecider.evolve, prepaymentDecider.initialState()),
        ),
      ).toThrow(/does not match/);
    });
  });

  describe('RecordCounterRefund', () => {
    it("records an at-shop refund paid at the counter by the prepayment's shop or staff, once", () => {
      const paidBack: PrepaymentEvent = {
        type: 'RefundPaidAtCounter',
        data: { prepaymentId, refundId: refundIdOf(prepaymentId), merchantId, amount: 100_000, paidAt: now },
      };
      given(...claimedAtShop, refunded(100_000))
        .when(counterRefund())
        .then([paidBack]);
      given(...claimedAtShop, refunded(100_000))
        .when(counterRefund(staff))
        .then([paidBack]);
      given(...claimedAtShop, refunded(100_000), paidBack)
        .when(counterRefund())
        .then([]);
    });

    it('refuses another shop, a platform prepayment and a prepayment not refunded', () => {
      given(...claimedAtShop, refunded(100_000))
        .when(counterRefund({ id: 'owner-2', role: 'merchant', merchantId: 'm-2' }))
        .then('prepayment_not_found');
      given(ordered, paid, refunded(100_000)).when(counterRefund()).then('refund_returned_by_gateway');
      given(...claimedAtShop)
        .when(counterRefund())
        .then('not_refunded');
    });
  });
});

import { citizen, spec } from '../../../event-store/src/decider/testing';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { approvedMerchant, campaign, campaignId, merchantId, prepaymentMade, shop } from '../test/fixtures';
import type { AnnounceExpiry, FreezeForShop, OfferCampaignEndChoice, RedeemPrepayment, RequestRefund } from './commands';
import { prepaymentDecider } from './decider';
import type { PrepaymentEvent, PrepaymentRedeemed } from './events';

/** The standard terms as decisions on one prepayment: given its history, when the system or its payer acts, then these events. */
const prepaymentId = 'p-1';
const paidAt = '2025-01-20T01:00:00Z'; // Jan 20, 10:00 in Seoul
const payer = citizen('c-1');
const expiresOn = '2025-06-30';
const made = prepaymentMade({ prepaymentId, paidAt, expiresOn });
const unclaimed = prepaymentMade({ prepaymentId, paidAt, expiresOn, payer: null, namedPayer: { id: 'c-1', kind: 'citizen' } });
const used = (amount: number, balanceAfter: number, redemptionId = 'r-1'): PrepaymentRedeemed => ({
  type: 'PrepaymentRedeemed',
  data: { prepaymentId, merchantId, redemptionId, amount, balanceAfter, redeemedAt: paidAt },
});
const given = (...history: PrepaymentEvent[]) => spec(prepaymentDecider).given(history);
const seoulMorning = (day: string) => `${day}T01:00:00Z`;

const announce = (day: string): AnnounceExpiry => ({ type: 'AnnounceExpiry', actor: SYSTEM_ACTOR, prepaymentId, now: seoulMorning(day) });
const noticeDue = (daysBefore: 30 | 7 | 0, day: string, balance = 100_000): PrepaymentEvent => ({
  type: 'ExpiryNoticeDue',
  data: { prepaymentId, merchantId, campaignId, payerId: 'c-1', daysBefore, expiresOn, balance, noticedAt: seoulMorning(day) },
});
const redeem = (day: string, amount = 10_000): RedeemPrepayment => ({
  type: 'RedeemPrepayment',
  actor: shop,
  prepaymentId,
  redemptionId: 'r-new',
  amount,
  now: seoulMorning(day),
});
const request = (day: string, context: Partial<RequestRefund> = {}): RequestRefund => ({
  type: 'RequestRefund',
  actor: payer,
  prepaymentId,
  now: seoulMorning(day),
  merchant: approvedMerchant(),
  campaign: campaign(),
  ...context,
});

describe('prepaid-certificate terms', () => {
  describe('expiry notices', () => {
    it('are due 30 and 7 days before and on the day, each once, with the balance at the time', () => {
      given(made).when(announce('2025-05-30')).then([]);
      given(made)
        .when(announce('2025-05-31'))
        .then([noticeDue(30, '2025-05-31')]);
      given(made, noticeDue(30, '2025-05-31')).when(announce('2025-06-01')).then([]);
      given(made, noticeDue(30, '2025-05-31'), used(40_000, 60_000))
        .when(announce('2025-06-23'))
        .then([noticeDue(7, '2025-06-23', 60_000)]);
      given(made, noticeDue(30, '2025-05-31'), noticeDue(7, '2025-06-23'))
        .when(announce('2025-06-30'))
        .then([noticeDue(0, '2025-06-30')]);
      given(made, noticeDue(30, '2025-05-31'), noticeDue(7, '2025-06-23'), noticeDue(0, '2025-06-30'))
        .when(announce('2025-06-30'))
        .then([]);
    });

    it('say nothing of a balance used up, refunded or frozen, nor after the expiry', () => {
      given(made, used(100_000, 0)).when(announce('2025-05-31')).then([]);
      given(made).when(announce('2025-07-01')).then([]);
      const frozen: PrepaymentEvent = {
        type: 'PrepaymentFrozen',
        data: { prepaymentId, merchantId, reason: 'merchant_suspended', balance: 100_000, frozenAt: paidAt },
      };
      given(made, frozen).when(announce('2025-05-31')).then([]);
    });

    it('tell nobody of an unclaimed at-shop prepayment, but still count the notice', () => {
      given(unclaimed)
        .when(announce('2025-05-31'))
        .then([{ ...noticeDue(30, '2025-05-31'), data: { ...noticeDue(30, '2025-05-31').data, payerId: null } } as PrepaymentEvent]);
    });

    it('are the system’s to announce', () => {
      expect(
        given(made)
          .when({ ...announce('2025-05-31'), actor: payer })
          .then('wrong_role').status,
      ).toBe(403);
    });
  });

  describe('after the expiry', () => {
    it('nothing can be redeemed, and the balance is refundable at the terms rate', () => {
      given(made)
        .when(redeem('2025-06-30'))
        .then([
          {
            type: 'PrepaymentRedeemed',
            data: {
              prepaymentId,
              merchantId,
              redemptionId: 'r-new',
              amount: 10_000,
              balanceAfter: 90_000,
              redeemedAt: seoulMorning('2025-06-30'),
            },
          },
        ]);
      expect(given(made).when(redeem('2025-07-01')).then('prepayment_expired').details).toEqual({ expiresOn });
      const [requested] = given(made, used(54_321, 45_679))
        .when(request('2025-07-01'))
        .then([
          {
            type: 'RefundRequested',
            data: {
              prepaymentId,
              payerId: 'c-1',
              merchantId,
              basis: 'after_expiry',
              balance: 45_679,
              percent: 95, // face value 100,000 > 50,000
              requestedBy: 'payer',
              requestedAt: seoulMorning('2025-07-01'),
            },
          },
        ]);
      given(made, used(54_321, 45_679), requested)
        .when({ type: 'ApproveRefund', actor: shop, prepaymentId, now: seoulMorning('2025-07-02') })
        .then([
          {
            type: 'PrepaymentRefunded',
            data: {
              prepaymentId,
              payerId: 'c-1',
              merchantId,
              campaignId,
              amount: 45_679, // the whole balance leaves the prepayment
              payout: 43_396, // 95% of 45,679 = 43,395.05, rounded up
              basis: 'after_expiry',
              requestedAt: seoulMorning('2025-07-01'),
              refundedAt: seoulMorning('2025-07-02'),
            },
          },
        ]);
    });
  });

  describe("the campaign's end", () => {
    const offer = (keepAllowed: boolean): OfferCampaignEndChoice => ({
      type: 'OfferCampaignEndChoice',
      actor: SYSTEM_ACTOR,
      prepaymentId,
      campaignId,
      keepAllowed,
      now: seoulMorning('2025-03-01'),
    });
    const offered = (keepAllowed: boolean, balance = 100_000): PrepaymentEvent => ({
      type: 'CampaignEndChoiceOffered',
      data: { prepaymentId, merchantId, campaignId, payerId: 'c-1', balance, keepAllowed, offeredAt: seoulMorning('2025-03-01') },
    });
    const keep = { type: 'KeepBalance' as const, actor: payer, prepaymentId, now: seoulMorning('2025-03-02') };

    it('offers each holder of a balance the choice once, and nothing to what is used up or refunded', () => {
      given(made, used(30_000, 70_000))
        .when(offer(true))
        .then([offered(true, 70_000)]);
      given(made, offered(true)).when(offer(true)).then([]);
      given(made, used(100_000, 0)).when(offer(true)).then([]);
    });

    it('lets the holder keep using it where the terms allow', () => {
      given(made, offered(true))
        .when(keep)
        .then([{ type: 'BalanceKeptAfterCampaign', data: { prepaymentId, payerId: 'c-1', keptAt: seoulMorning('2025-03-02') } }]);
      given(made, offered(true))
        .when(redeem('2025-03-02'))
        .then([
          {
            type: 'PrepaymentRedeemed',
            data: {
              prepaymentId,
              merchantId,
              redemptionId: 'r-new',
              amount: 10_000,
              balanceAfter: 90_000,
              redeemedAt: seoulMorning('2025-03-02'),
            },
          },
        ]);
    });

    it('where they do not, stops redemptions and leaves the refund as the one answer', () => {
      given(made, offered(false)).when(keep).then('keep_not_allowed');
      given(made, offered(false)).when(redeem('2025-03-02')).then('campaign_ended');
      given(made).when(keep).then('campaign_not_ended');
    });

    it('refunds the whole balance when the holder chooses the refund, weeks after the purchase', () => {
      const ended = campaign({
        type: 'CampaignClosed',
        data: { campaignId, reason: 'ended', closedAt: seoulMorning('2025-02-28'), closedOn: '2025-02-28' },
      });
      given(made, used(10_000, 90_000), offered(false, 90_000))
        .when(request('2025-03-10', { campaign: ended }))
        .then([
          {
            type: 'RefundRequested',
            data: {
              prepaymentId,
              payerId: 'c-1',
              merchantId,
              basis: 'campaign_ended',
              balance: 90_000,
              percent: 100,
              requestedBy: 'payer',
              requestedAt: seoulMorning('2025-03-10'),
            },
          },
        ]);
    });
  });

  describe("a shop's closure or suspension", () => {
    const freeze = (approval: 'automatic' | 'staff', refundPercent = 100, day = '2025-03-05'): FreezeForShop => ({
      type: 'FreezeForShop',
      actor: SYSTEM_ACTOR,
      prepaymentId,
      merchantId,
      reason: 'merchant_closed',
      compensation: { refundPercent, approval },
      now: seoulMorning(day),
    });
    const frozen = (balance: number, day = '2025-03-05'): PrepaymentEvent => ({
      type: 'PrepaymentFrozen',
      data: { prepaymentId, merchantId, reason: 'merchant_closed', balance, frozenAt: seoulMorning(day) },
    });
    const requestedBySystem = (
      basis: 'merchant_closed' | 'within_7_days',
      balance: number,
      percent: number,
      day = '2025-03-05',
    ): PrepaymentEvent => ({
      type: 'RefundRequested',
      data: { prepaymentId, payerId: 'c-1', merchantId, basis, balance, percent, requestedBy: 'system', requestedAt: seoulMorning(day) },
    });

    it('freezes the prepayment and refunds its holder at once under an automatic policy, at the campaign’s share', () => {
      given(made, used(20_000, 80_000))
        .when(freeze('automatic', 80))
        .then([
          frozen(80_000),
          requestedBySystem('merchant_closed', 80_000, 80),
          {
            type: 'PrepaymentRefunded',
            data: {
              prepaymentId,
              payerId: 'c-1',
              merchantId,
              campaignId,
              amount: 80_000,
              payout: 64_000,
              basis: 'merchant_closed',
              requestedAt: seoulMorning('2025-03-05'),
              refundedAt: seoulMorning('2025-03-05'),
            },
          },
        ]);
    });

    it('leaves the started refund for staff under a staff policy, and nothing can be redeemed meanwhile', () => {
      const history = [made, used(20_000, 80_000), frozen(80_000), requestedBySystem('merchant_closed', 80_000, 100)];
      given(made, used(20_000, 80_000)).when(freeze('staff')).then(history.slice(2));
      given(...history)
        .when(redeem('2025-03-06'))
        .then('prepayment_frozen');
      given(...history.slice(0, 3))
        .when(redeem('2025-03-06'))
        .then('prepayment_frozen');
    });

    it('still gives the 7-day full refund when the shop closes in the first week', () => {
      given(made)
        .when(freeze('staff', 50, '2025-01-22'))
        .then([frozen(100_000, '2025-01-22'), requestedBySystem('within_7_days', 100_000, 100, '2025-01-22')]);
    });

    it('freezes an unclaimed at-shop prepayment without a refund (nobody is named), and changes nothing twice', () => {
      given(unclaimed)
        .when(freeze('automatic'))
        .then([frozen(100_000)]);
      given(made, frozen(100_000)).when(freeze('automatic')).then([]);
      given(made, used(100_000, 0)).when(freeze('automatic')).then([]);
    });

    it('unfreezes a suspended shop’s prepayments when it is reinstated, never a closed one’s', () => {
      const suspended: PrepaymentEvent = {
        type: 'PrepaymentFrozen',
        data: { prepaymentId, merchantId, reason: 'merchant_suspended', balance: 100_000, frozenAt: paidAt },
      };
      const unfreeze = { type: 'UnfreezeForShop' as const, actor: SYSTEM_ACTOR, prepaymentId, merchantId, now: seoulMorning('2025-03-06') };
      given(made, suspended)
        .when(unfreeze)
        .then([{ type: 'PrepaymentUnfrozen', data: { prepaymentId, merchantId, unfrozenAt: seoulMorning('2025-03-06') } }]);
      given(made, frozen(100_000)).when(unfreeze).then([]);
    });
  });
});

import { type DonationReceiptIssued, formatReceiptNumber } from '@goodpay/donation';
import type { DomainEvent, ProjectedEvent, ProjectedOf } from '@goodpay/event-store';
import {
  type CampaignEndChoiceOffered,
  type ExpiryNoticeDue,
  type PrepaymentMade,
  type PrepaymentRedeemed,
  type PrepaymentRefunded,
  payoutOf,
} from '@goodpay/prepayment';
import type { RaffleCertificationApproved, RaffleCertificationRejected, RaffleVoucherAwarded } from '@goodpay/raffle';
import type { PayoutPaid } from '@goodpay/settlement';
import type { NotificationKind } from '../kinds/notification-kinds';
import type { TemplateVariables } from '../templates/render';
import { formatRound, formatWon } from './format';
import type { PlannerFacts } from './planner-facts';

/** One person to tell, and what to fill the template with. */
export interface PlannedRecipient {
  recipientId: string;
  variables: TemplateVariables;
}

/**
 * Which event tells whom what: the one place to add an event that someone should hear about. `recipients` gets the event with its data typed by the route's event,
 * without its metadata: whom a message tells and what it says follow from the event's data (the planner reads its batches without the metadata).
 */
export interface EventRoute {
  eventType: string;
  kind: NotificationKind;
  template: string;
  recipients(event: ProjectedEvent, facts: PlannerFacts): Promise<PlannedRecipient[]>;
}

const route = <E extends DomainEvent>(definition: {
  eventType: E['type'];
  kind: NotificationKind;
  template: string;
  recipients(event: ProjectedOf<E>, facts: PlannerFacts): Promise<PlannedRecipient[]>;
}): EventRoute => definition as unknown as EventRoute;

export const EVENT_ROUTES: readonly EventRoute[] = [
  route<PrepaymentMade>({
    eventType: 'PrepaymentMade',
    kind: 'prepayment_made',
    template: 'prepayment-made',
    // A prepayment at the shop names nobody until claimed: the shop's word alone never messages a citizen.
    recipients: async ({ data }, facts) =>
      data.payer === null
        ? []
        : [
            {
              recipientId: data.payer.id,
              variables: { merchantName: await facts.merchantName(data.merchantId), amount: formatWon(data.amount), code: data.code },
            },
          ],
  }),
  route<PrepaymentRedeemed>({
    eventType: 'PrepaymentRedeemed',
    kind: 'prepayment_redeemed',
    template: 'prepayment-redeemed',
    recipients: async ({ data }, facts) => {
      const payer = await facts.payerOf(data.prepaymentId);
      if (payer === null) return [];
      const variables = {
        merchantName: await facts.merchantName(data.merchantId),
        amount: formatWon(data.amount),
        balance: formatWon(data.balanceAfter),
      };
      return [{ recipientId: payer, variables }];
    },
  }),
  // A refund of the whole balance, and one of less (the payout after an expiry or a partial compensation): one of the two per refund.
  route<PrepaymentRefunded>({
    eventType: 'PrepaymentRefunded',
    kind: 'prepayment_refunded',
    template: 'prepayment-refunded',
    recipients: async ({ data }, facts) =>
      payoutOf(data) < data.amount
        ? []
        : [
            {
              recipientId: data.payerId,
              variables: { merchantName: await facts.merchantName(data.merchantId), amount: formatWon(data.amount) },
            },
          ],
  }),
  route<PrepaymentRefunded>({
    eventType: 'PrepaymentRefunded',
    kind: 'prepayment_refunded',
    template: 'prepayment-refunded-partial',
    recipients: async ({ data }, facts) =>
      payoutOf(data) < data.amount
        ? [
            {
              recipientId: data.payerId,
              variables: {
                merchantName: await facts.merchantName(data.merchantId),
                balance: formatWon(data.amount),
                amount: formatWon(payoutOf(data)),
                reason: data.basis === 'after_expiry' ? '유효기간 경과' : '가맹점 폐업 보상',
              },
            },
          ]
        : [],
  }),
  // The standard terms' expiry notices (30 and 7 days before, and on the day), one event each.
  route<ExpiryNoticeDue>({
    eventType: 'ExpiryNoticeDue',
    kind: 'prepayment_expiry_notice',
    template: 'prepayment-expiry-notice',
    recipients: async ({ data }, facts) =>
      data.payerId === null
        ? []
        : [
            {
              recipientId: data.payerId,
              variables: {
                merchantName: await facts.merchantName(data.merchantId),
                balance: formatWon(data.balance),
                expiresOn: data.expiresOn,
                when: data.daysBefore === 0 ? '오늘' : `${data.daysBefore}일 남음`,
              },
            },
          ],
  }),
  route<CampaignEndChoiceOffered>({
    eventType: 'CampaignEndChoiceOffered',
    kind: 'campaign_end_choice',
    template: 'campaign-end-choice',
    recipients: async ({ data }, facts) =>
      data.payerId === null
        ? []
        : [
            {
              recipientId: data.payerId,
              variables: {
                campaignName: await facts.campaignName(data.campaignId),
                merchantName: await facts.merchantName(data.merchantId),
                balance: formatWon(data.balance),
                choice: data.keepAllowed
                  ? '유효기간까지 계속 사용하시거나, 앱에서 남은 금액 전액 환불을 신청하실 수 있습니다.'
                  : '앱에서 남은 금액 전액 환불을 신청해 주세요.',
              },
            },
          ],
  }),
  route<PayoutPaid>({
    eventType: 'PayoutPaid',
    kind: 'merchant_settled',
    template: 'merchant-settled',
    recipients: async ({ data }, facts) => [
      {
        recipientId: await facts.merchantOwner(data.merchantId),
        variables: {
          merchantName: await facts.merchantName(data.merchantId),
          settlementDate: await facts.settlementDay(data.settlementId),
          amount: formatWon(data.amount),
        },
      },
    ],
  }),
  // The raffle tells the citizen who submitted the certification (the events name only a pseudonymous person).
  route<RaffleCertificationApproved>({
    eventType: 'RaffleCertificationApproved',
    kind: 'certification_approved',
    template: 'certification-approved',
    recipients: async ({ data }, facts) => [
      {
        recipientId: await facts.certificationSubmitter(data.certificationId),
        variables: { roundName: formatRound(await facts.campaignName(data.campaignId), data.round) },
      },
    ],
  }),
  route<RaffleCertificationRejected>({
    eventType: 'RaffleCertificationRejected',
    kind: 'certification_rejected',
    template: 'certification-rejected',
    recipients: async ({ data }, facts) => [
      { recipientId: await facts.certificationSubmitter(data.certificationId), variables: { reason: data.reason } },
    ],
  }),
  // Every award, also the one a waiting-list entrant gets after a forfeit; the voucher itself is shown in the app, not messaged.
  route<RaffleVoucherAwarded>({
    eventType: 'RaffleVoucherAwarded',
    kind: 'raffle_won',
    template: 'raffle-won',
    recipients: async ({ data }, facts) => [
      {
        recipientId: await facts.certificationSubmitter(data.certificationId),
        variables: {
          roundName: formatRound(await facts.campaignName(data.campaignId), data.round),
          prize: `온누리상품권 ${formatWon(data.amount)}`,
        },
      },
    ],
  }),
  // A citizen donor is a user; a merchant donor is told through the user who runs the shop.
  route<DonationReceiptIssued>({
    eventType: 'DonationReceiptIssued',
    kind: 'donation_receipt_issued',
    template: 'donation-receipt-issued',
    recipients: async ({ data }, facts) => [
      {
        recipientId: data.donor.type === 'citizen' ? data.donor.id : await facts.merchantOwner(data.donor.id),
        variables: { amount: formatWon(data.total), receiptNumber: formatReceiptNumber(data.year, data.number) },
      },
    ],
  }),
];

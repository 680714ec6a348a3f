import { NotFoundError } from '@goodpay/shared';
import { donationReceiptAttachment } from './receipt-attachment';
import type { NotificationTemplate } from './template';

/**
 * Every template, every version. Add a version rather than edit one (see NotificationTemplate).
 * Variables are filled by the event routes (routing/event-routes.ts); amounts come formatted
 * ("100,000원").
 */
export const TEMPLATES: readonly NotificationTemplate[] = [
  {
    id: 'prepayment-made',
    version: 1,
    kind: 'prepayment_made',
    title: '착한 선결제 완료',
    body: '[착한 선결제] #{merchantName}에 #{amount} 선결제가 완료되었습니다. 선결제 코드: #{code}',
    providerCodes: { alimtalk: 'GP_PREPAY_MADE_01', sms: 'GP-SMS-PREPAY-MADE-01', email: 'gp-prepayment-made-v1' },
    // The code claims the balance at the shop: whoever reads it could spend it.
    personalVariables: ['code'],
  },
  {
    id: 'prepayment-redeemed',
    version: 1,
    kind: 'prepayment_redeemed',
    title: '착한 선결제 사용',
    body: '[착한 선결제] #{merchantName}에서 #{amount}을 사용했습니다. 남은 금액: #{balance}',
    providerCodes: { alimtalk: 'GP_PREPAY_REDEEMED_01', sms: 'GP-SMS-PREPAY-REDEEMED-01', email: 'gp-prepayment-redeemed-v1' },
  },
  {
    id: 'prepayment-refunded',
    version: 1,
    kind: 'prepayment_refunded',
    title: '착한 선결제 환불 완료',
    body:
      '[착한 선결제] #{merchantName} 선결제의 남은 금액 #{amount}이 환불되었습니다.\n' +
      '환불 금액은 결제하신 수단으로 돌려드리며, 카드사 사정에 따라 영업일 기준 3~5일이 걸릴 수 있습니다.\n' +
      '문의: 착한 선결제 캠페인 사무국',
    providerCodes: { alimtalk: 'GP_PREPAY_REFUNDED_01', sms: 'GP-SMS-PREPAY-REFUNDED-01', email: 'gp-prepayment-refunded-v1' },
  },
  {
    // A refund of less than the balance (after the expiry, at the terms' rate; or a shop's
    // closure compensated below 100%): says both, so the payer sees what was withheld.
    id: 'prepayment-refunded-partial',
    version: 1,
    kind: 'prepayment_refunded',
    title: '착한 선결제 환불 완료',
    body:
      '[착한 선결제] #{merchantName} 선결제의 남은 금액 #{balance} 중 #{amount}이 환불되었습니다(#{reason}).\n' +
      '환불 금액은 결제하신 수단으로 돌려드리며, 카드사 사정에 따라 영업일 기준 3~5일이 걸릴 수 있습니다.\n' +
      '문의: 착한 선결제 캠페인 사무국',
    providerCodes: {
      alimtalk: 'GP_PREPAY_REFUNDED_PART_01',
      sms: 'GP-SMS-PREPAY-REFUNDED-PART-01',
      email: 'gp-prepayment-refunded-part-v1',
    },
  },
  {
    id: 'prepayment-expiry-notice',
    version: 1,
    kind: 'prepayment_expiry_notice',
    title: '착한 선결제 유효기간 안내',
    body:
      '[착한 선결제] #{merchantName} 선결제 잔액 #{balance}의 유효기간이 #{expiresOn}에 끝납니다(#{when}).\n' +
      '유효기간이 지나면 사용할 수 없고, 5년 동안 잔액의 90%(5만 원 초과 상품은 95%)를 환불받으실 수 있습니다.',
    providerCodes: { alimtalk: 'GP_PREPAY_EXPIRY_01', sms: 'GP-SMS-PREPAY-EXPIRY-01', email: 'gp-prepayment-expiry-v1' },
  },
  {
    id: 'campaign-end-choice',
    version: 1,
    kind: 'campaign_end_choice',
    title: '착한 선결제 캠페인 종료 안내',
    body: '[착한 선결제] #{campaignName} 캠페인이 끝났습니다. #{merchantName} 선결제 잔액 #{balance}이 남아 있습니다.\n' + '#{choice}',
    providerCodes: { alimtalk: 'GP_CAMPAIGN_END_01', sms: 'GP-SMS-CAMPAIGN-END-01', email: 'gp-campaign-end-v1' },
  },
  {
    id: 'certification-approved',
    version: 1,
    kind: 'certification_approved',
    title: '선결제 인증 승인',
    body: '[착한 선결제] #{roundName} 경품 추첨 인증이 승인되었습니다. 추첨 결과는 #{drawDate}에 안내해 드립니다.',
    providerCodes: { alimtalk: 'GP_CERT_APPROVED_01', sms: 'GP-SMS-CERT-APPROVED-01', email: 'gp-certification-approved-v1' },
  },
  {
    // No draw date is known at approval: staff trigger a round's draw after it closes, and a
    // winner hears of it then (raffle-won). Version 1 promised a date, so it is never planned.
    id: 'certification-approved',
    version: 2,
    kind: 'certification_approved',
    title: '선결제 인증 승인',
    body: '[착한 선결제] #{roundName} 경품 추첨 인증이 승인되었습니다. 응모가 마감되면 추첨하며, 당첨되시면 따로 안내해 드립니다.',
    providerCodes: { alimtalk: 'GP_CERT_APPROVED_02', sms: 'GP-SMS-CERT-APPROVED-02', email: 'gp-certification-approved-v2' },
  },
  {
    id: 'certification-rejected',
    version: 1,
    kind: 'certification_rejected',
    title: '선결제 인증 반려',
    body: '[착한 선결제] 경품 추첨 인증이 반려되었습니다. 사유: #{reason}\n캠페인 페이지에서 다시 인증하실 수 있습니다.',
    providerCodes: { alimtalk: 'GP_CERT_REJECTED_01', sms: 'GP-SMS-CERT-REJECTED-01', email: 'gp-certification-rejected-v1' },
    // Staff write the reason freely; it may name the person or what the photo showed.
    personalVariables: ['reason'],
  },
  {
    id: 'raffle-won',
    version: 1,
    kind: 'raffle_won',
    title: '착한 선결제 경품 당첨',
    body: '[착한 선결제] 축하합니다! #{roundName} 추첨에서 #{prize}에 당첨되셨습니다. 수령 방법은 캠페인 페이지에서 확인해 주세요.',
    providerCodes: { alimtalk: 'GP_RAFFLE_WON_01', sms: 'GP-SMS-RAFFLE-WON-01', email: 'gp-raffle-won-v1' },
    alimtalkButtons: [{ buttonType: 'AC', buttonName: '채널 추가' }],
  },
  {
    id: 'merchant-settled',
    version: 1,
    kind: 'merchant_settled',
    title: '선결제 정산 완료',
    body: '[착한 선결제] #{merchantName} #{settlementDate} 정산금 #{amount}이 지급되었습니다.',
    providerCodes: { alimtalk: 'GP_MERCHANT_SETTLED_01', sms: 'GP-SMS-MERCHANT-SETTLED-01', email: 'gp-merchant-settled-v1' },
  },
  {
    id: 'donation-receipt-issued',
    version: 1,
    kind: 'donation_receipt_issued',
    title: '기부금 영수증 발급',
    body: '[착한 선결제] #{amount} 기부금 영수증(번호 #{receiptNumber})이 발급되었습니다. 따뜻한 나눔에 감사드립니다.',
    providerCodes: { alimtalk: 'GP_DONATION_RECEIPT_01', sms: 'GP-SMS-DONATION-RECEIPT-01', email: 'gp-donation-receipt-v1' },
    emailAttachment: donationReceiptAttachment,
  },
  {
    id: 'campaign-news',
    version: 1,
    kind: 'campaign_news',
    title: '착한 선결제 캠페인 소식',
    body: '(광고) [착한 선결제] #{campaignName}: #{headline}\n수신 거부: 앱 설정 > 알림',
    providerCodes: { alimtalk: 'GP_CAMPAIGN_NEWS_01', sms: 'GP-SMS-CAMPAIGN-NEWS-01', email: 'gp-campaign-news-v1' },
  },
];

/** A template at `version`, or its latest version. */
export function templateFor(id: string, version?: number): NotificationTemplate {
  const versions = TEMPLATES.filter((template) => template.id === id);
  const found =
    version === undefined
      ? versions.reduce<NotificationTemplate | undefined>((latest, t) => (!latest || t.version > latest.version ? t : latest), undefined)
      : versions.find((template) => template.version === version);
  if (!found) throw new NotFoundError('template', version === undefined ? id : `${id}@${version}`);
  return found;
}

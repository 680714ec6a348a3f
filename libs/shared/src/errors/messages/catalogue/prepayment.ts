import type { MessageEntries } from '../problem-messages';

/** Prepayments: orders, payments through the gateway, redemptions and refunds. */
export const PREPAYMENT_MESSAGES: MessageEntries = {
  already_refunded: { ko: '이미 환불되었습니다.', en: 'It is already refunded.' },
  amount_above_maximum: { ko: '금액이 캠페인의 1회 최대 금액을 넘습니다.', en: "The amount is above the campaign's maximum." },
  amount_below_minimum: { ko: '금액이 캠페인의 1회 최소 금액보다 적습니다.', en: "The amount is below the campaign's minimum." },
  campaign_not_active: { ko: '지금 진행 중인 캠페인이 아닙니다.', en: 'The campaign is not running now.' },
  insufficient_balance: {
    ko: '선결제 잔액이 부족합니다[(잔액 {balance}원)].',
    en: 'The prepaid balance is not enough[ (balance {balance} won)].',
  },
  invalid_date_range: { ko: '기간의 시작일이 종료일보다 늦습니다.', en: 'The start of the period is after its end.' },
  invalid_prepayment_code: { ko: '선결제 코드 형식이 올바르지 않습니다.', en: 'The prepayment code is not well-formed.' },
  monthly_limit_exceeded: {
    ko: '한 사람의 월 선결제 한도를 넘습니다[(한도 {monthlyCap}원, 남은 금액 {remaining}원)].',
    en: "The amount would exceed the person's monthly prepayment limit[ (limit {monthlyCap} won, {remaining} won left)].",
  },
  no_payment_to_cancel: { ko: '취소할 결제가 없습니다.', en: 'There is no payment to cancel.' },
  no_payment_to_confirm: { ko: '확인할 결제가 없습니다.', en: 'There is no payment to confirm.' },
  no_refund_requested: { ko: '요청된 환불이 없습니다.', en: 'No refund was requested.' },
  not_refunded: { ko: '환불되지 않은 선결제입니다.', en: 'The prepayment is not refunded.' },
  not_the_payer: { ko: '결제한 사람만 할 수 있습니다.', en: 'Only the payer may do this.' },
  nothing_to_refund: { ko: '환불할 잔액이 없습니다.', en: 'There is nothing left to refund.' },
  order_cancelled: { ko: '취소된 주문입니다.', en: 'The order was cancelled.' },
  organisation_agreement_missing: {
    ko: '이 캠페인에 대한 단체 참여 협약이 없습니다.',
    en: 'The organisation has no agreement for this campaign.',
  },
  payer_required: {
    ko: '가게에서 선결제를 기록할 때는 결제자를 지정해야 합니다.',
    en: 'A prepayment recorded at the counter must name its payer.',
  },
  payment_already_confirmed: { ko: '이미 결제가 확인되었습니다.', en: 'The payment is already confirmed.' },
  payment_already_recorded: {
    ko: '이 결제는 이미 다른 선결제에 기록되었습니다.',
    en: 'This payment is already recorded for a prepayment.',
  },
  payment_amount_mismatch: {
    ko: '결제 금액이 주문 금액과 다릅니다. 아무것도 기록하지 않았습니다.',
    en: 'The amount paid differs from the order; nothing was recorded.',
  },
  payment_currency_mismatch: {
    ko: '결제 통화가 원화(KRW)가 아닙니다. 아무것도 기록하지 않았습니다.',
    en: 'The payment is not in won (KRW); nothing was recorded.',
  },
  payment_store_mismatch: {
    ko: '다른 상점의 결제입니다. 아무것도 기록하지 않았습니다.',
    en: 'The payment belongs to another store; nothing was recorded.',
  },
  payment_confirmation_required: { ko: '결제 확인 정보가 필요합니다.', en: 'A payment confirmation is required.' },
  payment_gateway_unavailable: {
    ko: '결제 대행사에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
    en: 'The payment gateway cannot be reached; try again shortly.',
  },
  payment_named_by_gateway: {
    ko: '이 결제는 결제 대행사를 통해 확인됩니다. 결제 확인 정보를 보내지 마세요.',
    en: 'This payment is confirmed through the gateway; send no payment confirmation.',
  },
  payment_not_confirmed: { ko: '아직 결제가 확인되지 않았습니다.', en: 'The payment is not confirmed yet.' },
  payment_not_paid: { ko: '결제 대행사에서 결제 완료 상태가 아닙니다.', en: 'The gateway does not report the payment as paid.' },
  payment_webhook_route_not_found: {
    ko: '이 웹훅이 가리키는 결제를 찾을 수 없습니다.',
    en: 'The payment this webhook names was not found.',
  },
  prepayment_already_exists: { ko: '이미 있는 선결제입니다.', en: 'The prepayment already exists.' },
  prepayment_code_not_found: { ko: '선결제 코드를 찾을 수 없습니다.', en: 'The prepayment code was not found.' },
  prepayment_not_found: { ko: '선결제를 찾을 수 없습니다[ ({id})].', en: 'The prepayment was not found[ ({id})].' },
  prepayment_refunded: { ko: '환불된 선결제입니다.', en: 'The prepayment was refunded.' },
  redemption_already_cancelled: { ko: '이미 취소된 사용 내역입니다.', en: 'The redemption is already cancelled.' },
  redemption_not_cancellable: { ko: '이 사용 내역은 더 이상 취소할 수 없습니다.', en: 'The redemption can no longer be cancelled.' },
  redemption_not_found: { ko: '사용 내역을 찾을 수 없습니다.', en: 'The redemption was not found.' },
  refund_already_requested: { ko: '이미 환불을 요청했습니다.', en: 'A refund is already requested.' },
  refund_not_allowed: { ko: '지금은 환불할 수 없습니다.', en: 'A refund is not allowed now.' },
  refund_pending: { ko: '환불 처리 중입니다.', en: 'A refund is pending.' },
  refund_returned_by_gateway: {
    ko: '이 환불은 결제 대행사를 통해 돌려줍니다.',
    en: 'This refund is returned through the payment gateway.',
  },
  webhook_replayed: { ko: '이미 받은 웹훅입니다.', en: 'This webhook was already received.' },
  webhook_signature_invalid: { ko: '웹훅 서명이 올바르지 않습니다.', en: 'The webhook signature is invalid.' },
  campaign_ended: {
    ko: '캠페인이 끝나 더 이상 사용할 수 없습니다. 계속 사용을 선택하거나 환불을 요청하세요.',
    en: 'The campaign has ended: keep the balance where allowed, or ask for a refund.',
  },
  campaign_not_ended: { ko: '캠페인이 아직 끝나지 않았습니다.', en: 'The campaign has not ended yet.' },
  keep_not_allowed: {
    ko: '이 캠페인은 종료 후 계속 사용을 허용하지 않습니다. 환불을 요청하세요.',
    en: 'This campaign does not allow keeping a balance after its end: ask for a refund.',
  },
  prepayment_expired: { ko: '유효기간이 지난 선결제입니다[ ({expiresOn})].', en: 'The prepayment has expired[ ({expiresOn})].' },
  prepayment_frozen: {
    ko: '가게가 휴업하거나 폐업하여 사용이 중지된 선결제입니다.',
    en: 'The prepayment is frozen: its shop is suspended or closed.',
  },
};

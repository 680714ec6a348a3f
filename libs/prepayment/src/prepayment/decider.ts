import type { Decider } from '@goodpay/event-store';
import { type Campaign, type CampaignState, existingCampaign, hasEndedOn, isActiveOn } from '@goodpay/campaign';
import { oneOf, requiredText, seoulDate } from '@goodpay/shared';
import { canAcceptPrepayments, existingMerchant, isClosed, type MerchantState } from '@goodpay/merchant';
import {
  type Actor,
  ForbiddenError,
  InvalidInputError,
  type Krw,
  KRW_LIMITS,
  NotFoundError,
  NotVisibleError,
  positiveKrw,
  RuleViolationError,
} from '@goodpay/shared';
import { prepaymentCode } from '../prepayment-code/prepayment-code';
import type {
  AnnounceExpiry,
  FreezeForShop,
  KeepBalance,
  OfferCampaignEndChoice,
  UnfreezeForShop,
  ApproveRefund,
  CancelOrder,
  CancelRedemption,
  ClaimPrepayment,
  ConfirmPayment,
  MakePrepayment,
  PrepaymentCommand,
  RecordCounterRefund,
  RecordGatewayPayment,
  RecordGatewayRefund,
  RedeemPrepayment,
  RequestRefund,
} from './commands';
import {
  PAYER_KINDS,
  PAYMENT_CHANNELS,
  type Payer,
  type PaymentReference,
  type PrepaymentEvent,
  type PrepaymentMade,
  refundIdOf,
} from './events';
import { dueExpiryNotice, expiryDateOf, isExpiredOn } from './expiry';
import { lastFullRefundDay, refundPayout, refundTerms, requiredUsePercent } from './refund-policy';
import { prepaymentSnapshots } from './snapshots';
import { evolvePrepayment, existingPrepayment, initialPrepaymentState, type Prepayment, type PrepaymentState } from './state';

const actsForMerchant = (actor: Actor, merchantId: string) => actor.role === 'merchant' && actor.merchantId === merchantId;
const actsAsPayer = (actor: Actor, payer: Payer | null) => payer !== null && actor.role === payer.kind && actor.id === payer.id;

/** Only the prepayment's own merchant acts on it as a merchant; to anyone else it does not exist. */
function requirePrepaymentMerchant(actor: Actor, prepayment: Prepayment, orStaff = false): void {
  if (actsForMerchant(actor, prepayment.merchantId) || (orStaff && actor.role === 'staff')) return;
  throw new NotVisibleError('prepayment', prepayment.prepaymentId);
}

function validPayer(payer: Partial<Payer> | undefined): Payer {
  return { id: requiredText(payer?.id, 'payer.id', 100), kind: oneOf(payer?.kind, PAYER_KINDS, 'payer.kind') };
}

/** At the shop the shop records it; through the platform the payer pays for themself. */
function requireRecorder(command: MakePrepayment, payer: Payer): void {
  if (command.channel === 'at_shop' && !actsForMerchant(command.actor, command.merchantId)) {
    throw new NotVisibleError('merchant', command.merchantId);
  }
  if (command.channel === 'platform' && !actsAsPayer(command.actor, payer)) {
    throw new ForbiddenError('a platform prepayment is made by the payer', 'not_the_payer');
  }
}

function validPaymentReference(command: MakePrepayment): PaymentReference | null {
  const given = command.paymentConfirmation;
  if (command.channel === 'at_shop') {
    if (given !== undefined) {
      throw new InvalidInputError('a prepayment at the shop has no platform payment confirmation', {
        field: 'paymentConfirmation',
      });
    }
    return null;
  }
  if (given === undefined) {
    throw new InvalidInputError(
      'a platform prepayment needs its payment confirmation',
      { field: 'paymentConfirmation' },
      'payment_confirmation_required',
    );
  }
  return {
    provider: requiredText(given.provider, 'paymentConfirmation.provider', 50),
    externalReference: requiredText(given.externalReference, 'paymentConfirmation.externalReference', 200),
  };
}

/** The campaign the handler loaded, taking prepayments today. */
function activeCampaign(state: CampaignState, campaignId: string, today: string): Campaign {
  const campaign = existingCampaign(state, campaignId);
  if (campaign.campaignId !== campaignId) throw new NotFoundError('campaign', campaignId);
  if (!isActiveOn(campaign, today)) {
    const { status, startsOn, endsOn } = campaign;
    throw new RuleViolationError('campaign_not_active', `campaign ${campaignId} does not take prepayments on ${today}`, {
      status,
      startsOn,
      endsOn,
      today,
    });
  }
  return campaign;
}

function acceptingMerchant(state: MerchantState, merchantId: string) {
  const merchant = existingMerchant(state, merchantId);
  if (merchant.merchantId !== merchantId) throw new NotFoundError('merchant', merchantId);
  if (!canAcceptPrepayments(merchant)) {
    throw new RuleViolationError('merchant_not_approved', `merchant ${merchantId} does not take prepayments now`, {
      status: merchant.status,
    });
  }
  return merchant;
}

/** Per prepayment: the campaign's minimum for all, its maximum for citizens or for organisations. */
function checkBounds(amount: Krw, payer: Payer, campaign: Campaign): void {
  const { minPerPrepayment, maxPerPrepayment, organisationMaxPerPrepayment } = campaign.bounds;
  if (amount < minPerPrepayment) {
    throw new RuleViolationError('amount_below_minimum', `a prepayment is at least ${minPerPrepayment} won`, {
      minimum: minPerPrepayment,
      amount,
    });
  }
  const maximum = payer.kind === 'citizen' ? maxPerPrepayment : organisationMaxPerPrepayment;
  if (amount > maximum) {
    throw new RuleViolationError('amount_above_maximum', `a ${payer.kind}'s prepayment is at most ${maximum} won`, {
      maximum,
      amount,
      payerKind: payer.kind,
    });
  }
}

/**
 * At the shop: made at once, counting for nobody until the payer the shop named claims it (a
 * shop cannot spend a citizen's monthly limit or enter them in the raffle by naming them).
 * On the platform: ordered, and made only when the server confirms the payment, here if the
 * provider already did (`paymentConfirmedByProvider`), else by ConfirmPayment.
 *
 * The monthly cap per citizen is not checked here but by the payer-month decider, whose
 * stream the handler appends to in the same transaction (see payer-month/decider.ts).
 */
function make(command: MakePrepayment, state: PrepaymentState): PrepaymentEvent[] {
  if (state.status !== 'none') {
    throw new RuleViolationError('prepayment_already_exists', `prepayment ${command.prepaymentId} already exists`);
  }
  const payer = validPayer(command.payer);
  oneOf(command.channel, PAYMENT_CHANNELS, 'channel');
  requireRecorder(command, payer);
  const payment = validPaymentReference(command);
  const amount = positiveKrw(command.amount, KRW_LIMITS.prepayment);
  const code = prepaymentCode(command.code);
  const campaign = activeCampaign(command.campaign, command.campaignId, seoulDate(command.now));
  const merchant = acceptingMerchant(command.merchant, command.merchantId);
  if (payer.kind === 'organisation' && command.organisationAgreementSigned !== true) {
    throw new RuleViolationError(
      'organisation_agreement_missing',
      `an organisation prepays in campaign ${campaign.campaignId} only under a signed participation agreement`,
    );
  }
  checkBounds(amount, payer, campaign);
  const shared = {
    prepaymentId: command.prepaymentId,
    code,
    merchantId: merchant.merchantId,
    campaignId: campaign.campaignId,
    amount,
    merchantCategory: merchant.category,
    merchantDistrict: merchant.district,
    paidAt: command.now,
    expiresOn: expiryDateOf(command.now, campaign.prepaidTerms.validityDays),
  };
  if (payment === null) {
    return [{ type: 'PrepaymentMade', data: { ...shared, payer: null, namedPayer: payer, channel: 'at_shop', paymentConfirmation: null } }];
  }
  const ordered: PrepaymentEvent = { type: 'PrepaymentOrdered', data: { ...shared, payer, channel: 'platform', payment } };
  if (command.paymentConfirmedByProvider !== true) return [ordered];
  return [ordered, madeOnConfirmation(ordered.data, 'provider', command.now)];
}

/** The order, made: the same facts, with how and when its payment was confirmed. */
function madeOnConfirmation(
  order: Extract<PrepaymentEvent, { type: 'PrepaymentOrdered' }>['data'],
  confirmedBy: 'provider' | 'office',
  confirmedAt: string,
): PrepaymentMade {
  const { payment, ...facts } = order;
  return { type: 'PrepaymentMade', data: { ...facts, paymentConfirmation: { ...payment, confirmedBy, confirmedAt } } };
}

/**
 * Campaign staff confirm an order's payment from the provider's statement (until the gateway
 * confirms it by itself). Confirming again changes nothing; the amount read on the statement
 * must be the order's.
 */
function confirmPayment(command: ConfirmPayment, state: PrepaymentState): PrepaymentEvent[] {
  if (command.actor.role !== 'staff') throw new ForbiddenError('campaign staff confirm payments', 'wrong_role');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (prepayment.channel !== 'platform' || prepayment.payment === null) {
    throw new RuleViolationError('no_payment_to_confirm', `prepayment ${prepayment.prepaymentId} was paid at the shop`);
  }
  if (prepayment.paymentConfirmed) return [];
  requireNotCancelled(prepayment);
  const amount = positiveKrw(command.amount, KRW_LIMITS.prepayment);
  if (amount !== prepayment.amount) {
    throw new RuleViolationError('payment_amount_mismatch', `the order is of ${prepayment.amount} won`, {
      ordered: prepayment.amount,
      confirmed: amount,
    });
  }
  const { prepaymentId, code, payer, merchantId, merchantCategory, merchantDistrict, campaignId, paidAt, payment } = prepayment;
  if (payer === null) throw new Error(`order ${prepaymentId} has no payer`);
  return [
    madeOnConfirmation(
      {
        prepaymentId,
        code,
        payer,
        merchantId,
        campaignId,
        amount,
        channel: 'platform',
        payment,
        merchantCategory,
        merchantDistrict,
        paidAt,
        ...expiryOf(prepayment),
      },
      'office',
      command.now,
    ),
  ];
}

/**
 * The gateway said, when the server asked it, that the order's payment is paid: the order is
 * made, once (a webhook and the payer's own check racing find it made and change nothing).
 * Its payer, staff, or the system (a verified webhook) may ask; to anyone else it does not exist.
 */
function recordGatewayPayment(command: RecordGatewayPayment, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  const { actor } = command;
  if (!actsAsPayer(actor, prepayment.payer) && actor.role !== 'staff' && actor.role !== 'system') {
    throw new NotVisibleError('prepayment', prepayment.prepaymentId);
  }
  if (prepayment.channel !== 'platform' || prepayment.payment === null) {
    throw new RuleViolationError('no_payment_to_confirm', `prepayment ${prepayment.prepaymentId} was paid at the shop`);
  }
  if (prepayment.paymentConfirmed) return [];
  requireNotCancelled(prepayment);
  if (command.amount !== prepayment.amount) {
    throw new RuleViolationError('payment_amount_mismatch', `the order is of ${prepayment.amount} won`, {
      ordered: prepayment.amount,
      confirmed: command.amount,
    });
  }
  const { prepaymentId, code, payer, merchantId, merchantCategory, merchantDistrict, campaignId, amount, paidAt, payment } = prepayment;
  if (payer === null) throw new Error(`order ${prepaymentId} has no payer`);
  return [
    madeOnConfirmation(
      {
        prepaymentId,
        code,
        payer,
        merchantId,
        campaignId,
        amount,
        channel: 'platform',
        payment,
        merchantCategory,
        merchantDistrict,
        paidAt,
        ...expiryOf(prepayment),
      },
      'provider',
      command.now,
    ),
  ];
}

/** The stamped expiry, as an event field (left out when there is none, as before expiries existed). */
const expiryOf = (prepayment: Prepayment): { expiresOn?: string } =>
  prepayment.expiresOn === null ? {} : { expiresOn: prepayment.expiresOn };

/** The refunded prepayment whose money has not reached its payer yet, or null when it already has. */
function refundToReturn(prepayment: Prepayment): { amount: Krw; payout: Krw } | null {
  if (prepayment.refund === null) {
    throw new RuleViolationError('not_refunded', `prepayment ${prepayment.prepaymentId} has no approved refund`);
  }
  return prepayment.refund.returnedBy === null ? prepayment.refund : null;
}

/** The gateway cancelled the refunded payment: recorded once, for the refund's amount and payment only. */
function recordGatewayRefund(command: RecordGatewayRefund, state: PrepaymentState): PrepaymentEvent[] {
  if (command.actor.role !== 'system') throw new ForbiddenError('the refund job records gateway cancellations', 'wrong_role');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (prepayment.channel !== 'platform' || prepayment.payment === null) {
    throw new RuleViolationError('no_payment_to_cancel', `prepayment ${prepayment.prepaymentId} was paid at the shop`);
  }
  const refund = refundToReturn(prepayment);
  if (refund === null) return [];
  if (command.paymentId !== prepayment.payment.externalReference || command.amount !== refund.payout) {
    throw new Error(`the gateway's cancellation does not match the refund of prepayment ${prepayment.prepaymentId}`);
  }
  const { provider, paymentId, amount, cancellationId, pgCancellationId, cancelledAt } = command;
  return [
    {
      type: 'RefundCancelledAtGateway',
      data: {
        prepaymentId: prepayment.prepaymentId,
        refundId: refundIdOf(prepayment.prepaymentId),
        provider,
        paymentId,
        amount,
        full: amount === prepayment.amount,
        cancellationId,
        pgCancellationId,
        cancelledAt,
      },
    },
  ];
}

/**
 * The shop paid an at-shop prepayment's refund back at its counter (the money is in its till,
 * not at a gateway). Its merchant or staff record it; recording again changes nothing.
 */
function recordCounterRefund(command: RecordCounterRefund, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  requirePrepaymentMerchant(command.actor, prepayment, true);
  if (prepayment.channel !== 'at_shop') {
    throw new RuleViolationError(
      'refund_returned_by_gateway',
      `prepayment ${prepayment.prepaymentId} is refunded through its payment gateway`,
    );
  }
  const refund = refundToReturn(prepayment);
  if (refund === null) return [];
  return [
    {
      type: 'RefundPaidAtCounter',
      data: {
        prepaymentId: prepayment.prepaymentId,
        refundId: refundIdOf(prepayment.prepaymentId),
        merchantId: prepayment.merchantId,
        amount: refund.payout,
        paidAt: command.now,
      },
    },
  ];
}

/** A cancelled order is final: a payment that arrives for it anyway goes back through the provider. */
function requireNotCancelled(prepayment: Prepayment): void {
  if (prepayment.status === 'order_cancelled') {
    throw new RuleViolationError('order_cancelled', `the order ${prepayment.prepaymentId} was cancelled`);
  }
}

/**
 * The payer (or staff) give up an order while its payment is unconfirmed; to anyone else it does
 * not exist. Cancelling again changes nothing; a confirmed one is a prepayment (refund rules apply).
 */
function cancelOrder(command: CancelOrder, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (!actsAsPayer(command.actor, prepayment.payer) && command.actor.role !== 'staff') {
    throw new NotVisibleError('prepayment', prepayment.prepaymentId);
  }
  if (prepayment.status === 'order_cancelled') return [];
  if (prepayment.status !== 'awaiting_payment') {
    throw new RuleViolationError(
      'payment_already_confirmed',
      `the payment of prepayment ${prepayment.prepaymentId} is confirmed: ask for a refund`,
    );
  }
  const { prepaymentId, payer, campaignId, amount, paidAt } = prepayment;
  if (payer === null) throw new Error(`order ${prepaymentId} has no payer`);
  return [{ type: 'PrepaymentOrderCancelled', data: { prepaymentId, payer, campaignId, amount, paidAt, cancelledAt: command.now } }];
}

/**
 * The payer the shop named claims the prepayment with its code. To anyone else (or once someone
 * else holds it) the code does not exist, exactly as a mistyped one: codes cannot be probed.
 * Claiming again answers the same and changes nothing.
 */
function claim(command: ClaimPrepayment, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (actsAsPayer(command.actor, prepayment.payer)) return [];
  if (prepayment.payer !== null || !actsAsPayer(command.actor, prepayment.namedPayer)) {
    throw new NotVisibleError('prepayment_code', prepayment.code);
  }
  const { prepaymentId, merchantId, campaignId, amount, paidAt } = prepayment;
  return [
    {
      type: 'PrepaymentClaimed',
      data: { prepaymentId, merchantId, campaignId, payer: prepayment.namedPayer!, amount, paidAt, claimedAt: command.now },
    },
  ];
}

/** An order's payment is not confirmed yet: there is no money to redeem or refund. */
function requirePaid(prepayment: Prepayment): void {
  requireNotCancelled(prepayment);
  if (prepayment.status === 'awaiting_payment') {
    throw new RuleViolationError('payment_not_confirmed', `the payment of prepayment ${prepayment.prepaymentId} is not confirmed yet`);
  }
}

/**
 * Redemptions stop once refunded, while a refund is waiting for approval, while its shop is
 * closed or suspended, after its expiry, and after its campaign's end unless the terms let the
 * holder keep using it.
 */
function requireRedeemable(prepayment: Prepayment, today: string): void {
  requirePaid(prepayment);
  if (prepayment.frozen !== null) {
    throw new RuleViolationError('prepayment_frozen', `prepayment ${prepayment.prepaymentId} is frozen: its shop is closed or suspended`, {
      reason: prepayment.frozen,
    });
  }
  if (isExpiredOn(prepayment.expiresOn, today)) {
    throw new RuleViolationError('prepayment_expired', `prepayment ${prepayment.prepaymentId} expired on ${prepayment.expiresOn}`, {
      expiresOn: prepayment.expiresOn,
    });
  }
  if (prepayment.campaignEnd !== null && !prepayment.campaignEnd.keepAllowed) {
    throw new RuleViolationError('campaign_ended', `the campaign of prepayment ${prepayment.prepaymentId} ended: its balance is refunded`);
  }
  if (prepayment.status === 'refunded') {
    throw new RuleViolationError('prepayment_refunded', `prepayment ${prepayment.prepaymentId} was refunded`);
  }
  if (prepayment.refundRequest !== null) {
    throw new RuleViolationError('refund_pending', `a refund of prepayment ${prepayment.prepaymentId} is waiting for approval`);
  }
}

function redeem(command: RedeemPrepayment, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  requirePrepaymentMerchant(command.actor, prepayment);
  const amount = positiveKrw(command.amount, KRW_LIMITS.redemption);
  // New per request (its handler makes it) and a retried request is known by its idempotency
  // key, so it is not looked for among the earlier redemptions: the state keeps none.
  const redemptionId = requiredText(command.redemptionId, 'redemptionId', 100);
  requireRedeemable(prepayment, seoulDate(command.now));
  if (amount > prepayment.balance) {
    throw new RuleViolationError('insufficient_balance', `only ${prepayment.balance} won is left`, {
      balance: prepayment.balance,
      amount,
    });
  }
  return [
    {
      type: 'PrepaymentRedeemed',
      data: {
        prepaymentId: prepayment.prepaymentId,
        merchantId: prepayment.merchantId,
        redemptionId,
        amount,
        balanceAfter: prepayment.balance - amount,
        redeemedAt: command.now,
      },
    },
  ];
}

/** A till mistake is undone the same day; after that the visit stands. */
function cancelRedemption(command: CancelRedemption, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  requirePrepaymentMerchant(command.actor, prepayment);
  const redemption = command.redemption;
  if (redemption === null) throw new NotFoundError('redemption', command.redemptionId);
  if (redemption.cancelled) {
    throw new RuleViolationError('redemption_already_cancelled', `redemption ${command.redemptionId} is already cancelled`);
  }
  if (prepayment.status === 'refunded') {
    throw new RuleViolationError('prepayment_refunded', `prepayment ${prepayment.prepaymentId} was refunded`);
  }
  const redeemedOn = seoulDate(redemption.at);
  const today = seoulDate(command.now);
  if (today !== redeemedOn) {
    throw new RuleViolationError('redemption_not_cancellable', 'a redemption can be cancelled only on the day it was made', {
      redeemedOn,
      today,
    });
  }
  return [
    {
      type: 'RedemptionCancelled',
      data: {
        prepaymentId: prepayment.prepaymentId,
        merchantId: prepayment.merchantId,
        redemptionId: command.redemptionId,
        amount: redemption.amount,
        balanceAfter: prepayment.balance + redemption.amount,
        cancelledAt: command.now,
      },
    },
  ];
}

/** A handler that loaded another shop's or campaign's state has a bug: fail loudly, refund nothing. */
function requireContextOf(prepayment: Prepayment, merchant: MerchantState, campaign: CampaignState): void {
  const otherMerchant = merchant.status !== 'unregistered' && merchant.merchantId !== prepayment.merchantId;
  const otherCampaign = campaign.status !== 'not_created' && campaign.campaignId !== prepayment.campaignId;
  if (otherMerchant || otherCampaign) throw new Error(`refund context does not belong to prepayment ${prepayment.prepaymentId}`);
}

/**
 * Eligibility is judged when the payer asks, and recorded: an approval that comes after the
 * 7 days still honours a request made within them.
 */
function requestRefund(command: RequestRefund, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (!actsAsPayer(command.actor, prepayment.payer)) throw new NotVisibleError('prepayment', prepayment.prepaymentId);
  requireContextOf(prepayment, command.merchant, command.campaign);
  requirePaid(prepayment);
  if (prepayment.status === 'refunded') {
    throw new RuleViolationError('already_refunded', `prepayment ${prepayment.prepaymentId} was already refunded`);
  }
  if (prepayment.refundRequest !== null) {
    throw new RuleViolationError('refund_already_requested', `a refund of prepayment ${prepayment.prepaymentId} is already requested`);
  }
  if (prepayment.balance === 0) throw new RuleViolationError('nothing_to_refund', 'nothing is left to refund');
  const today = seoulDate(command.now);
  const terms = refundTerms(prepayment, {
    today,
    merchantClosed: isClosed(command.merchant) || prepayment.frozen !== null,
    shopClosurePercent: shopClosurePercentOf(command.campaign),
    campaignEnded: hasEndedOn(command.campaign, today),
  });
  if (terms === null) {
    throw new RuleViolationError(
      'refund_not_allowed',
      `the balance is refundable through ${lastFullRefundDay(prepayment.paidAt)}, then once ${requiredUsePercent(prepayment.amount)}% is used`,
      {
        fullRefundUntil: lastFullRefundDay(prepayment.paidAt),
        requiredUsePercent: requiredUsePercent(prepayment.amount),
        amount: prepayment.amount,
        redeemed: prepayment.redeemed,
      },
    );
  }
  return [
    {
      type: 'RefundRequested',
      data: {
        prepaymentId: prepayment.prepaymentId,
        payerId: command.actor.id,
        merchantId: prepayment.merchantId,
        basis: terms.basis,
        balance: prepayment.balance,
        percent: terms.percent,
        requestedBy: 'payer',
        requestedAt: command.now,
      },
    },
  ];
}

/** The campaign's compensation for a shop's closure; a campaign the handler could not load gives the whole balance. */
const shopClosurePercentOf = (campaign: CampaignState): number =>
  campaign.status === 'not_created' ? 100 : campaign.prepaidTerms.shopClosure.refundPercent;

/** Refunds the whole balance as it stands now (a same-day cancellation may have raised it). */
function approveRefund(command: ApproveRefund, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  requirePrepaymentMerchant(command.actor, prepayment, true);
  if (prepayment.status === 'refunded') {
    throw new RuleViolationError('already_refunded', `prepayment ${prepayment.prepaymentId} was already refunded`);
  }
  if (prepayment.refundRequest === null) throw new RuleViolationError('no_refund_requested', 'the payer has not asked for a refund');
  return [refunded(prepayment, command.now)];
}

/** The requested refund, approved: the whole balance as it stands now, `percent` of it back to the payer. */
function refunded(prepayment: Prepayment, now: string): PrepaymentEvent {
  const request = prepayment.refundRequest!;
  return {
    type: 'PrepaymentRefunded',
    data: {
      prepaymentId: prepayment.prepaymentId,
      // A refund was requested, so by or for its payer: there is one.
      payerId: prepayment.payer!.id,
      merchantId: prepayment.merchantId,
      campaignId: prepayment.campaignId,
      amount: prepayment.balance,
      payout: refundPayout(prepayment.balance, request.percent),
      basis: request.basis,
      requestedAt: request.requestedAt,
      refundedAt: now,
    },
  };
}

function requireSystem(actor: Actor, action: string): void {
  if (actor.role !== 'system') throw new ForbiddenError(`only the system ${action}`, 'wrong_role');
}

/** Something left to use or refund, and no refund on its way: what the terms' notices and offers are about. */
const holdsBalance = (prepayment: Prepayment): boolean => prepayment.status === 'active' && prepayment.refundRequest === null;

/** The daily sweep: the expiry notice due today (expiry.ts), once; nothing for what has nothing left. */
function announceExpiry(command: AnnounceExpiry, state: PrepaymentState): PrepaymentEvent[] {
  requireSystem(command.actor, 'announces expiries');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (!holdsBalance(prepayment) || prepayment.frozen !== null) return [];
  const daysBefore = dueExpiryNotice(prepayment.expiresOn, seoulDate(command.now), prepayment.expiryNoticesSent);
  if (daysBefore === null) return [];
  const { prepaymentId, merchantId, campaignId, balance } = prepayment;
  return [
    {
      type: 'ExpiryNoticeDue',
      data: {
        prepaymentId,
        merchantId,
        campaignId,
        payerId: prepayment.payer?.id ?? null,
        daysBefore,
        expiresOn: prepayment.expiresOn!,
        balance,
        noticedAt: command.now,
      },
    },
  ];
}

/** Its campaign ended: the holder of a balance is offered to keep it (where allowed) or be refunded, once. */
function offerCampaignEndChoice(command: OfferCampaignEndChoice, state: PrepaymentState): PrepaymentEvent[] {
  requireSystem(command.actor, 'offers the campaign-end choice');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (prepayment.campaignId !== command.campaignId)
    throw new Error(`prepayment ${prepayment.prepaymentId} is not of campaign ${command.campaignId}`);
  if (!holdsBalance(prepayment) || prepayment.campaignEnd !== null) return [];
  const { prepaymentId, merchantId, campaignId, balance } = prepayment;
  return [
    {
      type: 'CampaignEndChoiceOffered',
      data: {
        prepaymentId,
        merchantId,
        campaignId,
        payerId: prepayment.payer?.id ?? null,
        balance,
        keepAllowed: command.keepAllowed,
        offeredAt: command.now,
      },
    },
  ];
}

/** The payer's answer "keep it": allowed only where the campaign's terms say so. Answering again changes nothing. */
function keepBalance(command: KeepBalance, state: PrepaymentState): PrepaymentEvent[] {
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (!actsAsPayer(command.actor, prepayment.payer)) throw new NotVisibleError('prepayment', prepayment.prepaymentId);
  if (prepayment.campaignEnd === null) {
    throw new RuleViolationError('campaign_not_ended', `the campaign of prepayment ${prepayment.prepaymentId} has not ended`);
  }
  if (!prepayment.campaignEnd.keepAllowed) {
    throw new RuleViolationError('keep_not_allowed', "the campaign's terms do not let a balance be used after its end: ask for a refund");
  }
  if (prepayment.status === 'refunded') {
    throw new RuleViolationError('already_refunded', `prepayment ${prepayment.prepaymentId} was already refunded`);
  }
  if (prepayment.refundRequest !== null) {
    throw new RuleViolationError('refund_already_requested', `a refund of prepayment ${prepayment.prepaymentId} is already requested`);
  }
  if (prepayment.campaignEnd.kept) return [];
  return [
    { type: 'BalanceKeptAfterCampaign', data: { prepaymentId: prepayment.prepaymentId, payerId: command.actor.id, keptAt: command.now } },
  ];
}

/**
 * Its shop closed or was suspended: frozen at once, and the refund to its payer started under
 * the campaign's compensation policy (approved now, or left for staff). The payer gets the best
 * the terms allow (refund-policy.ts). An unclaimed at-shop prepayment names nobody to refund:
 * it is frozen, and its holder claims it and asks. Freezing again changes nothing.
 */
function freezeForShop(command: FreezeForShop, state: PrepaymentState): PrepaymentEvent[] {
  requireSystem(command.actor, 'freezes prepayments');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (prepayment.merchantId !== command.merchantId)
    throw new Error(`prepayment ${prepayment.prepaymentId} is not of merchant ${command.merchantId}`);
  if (prepayment.status !== 'active' || prepayment.frozen !== null) return [];
  const { prepaymentId, merchantId, balance } = prepayment;
  const events: PrepaymentEvent[] = [
    { type: 'PrepaymentFrozen', data: { prepaymentId, merchantId, reason: command.reason, balance, frozenAt: command.now } },
  ];
  if (prepayment.payer === null) return events;
  if (prepayment.refundRequest === null) {
    const terms = refundTerms(prepayment, {
      today: seoulDate(command.now),
      merchantClosed: true,
      shopClosurePercent: command.compensation.refundPercent,
      campaignEnded: false,
    });
    if (terms === null) return events;
    events.push({
      type: 'RefundRequested',
      data: {
        prepaymentId,
        payerId: prepayment.payer.id,
        merchantId,
        basis: terms.basis,
        balance,
        percent: terms.percent,
        requestedBy: 'system',
        requestedAt: command.now,
      },
    });
  }
  if (command.compensation.approval === 'automatic') {
    const requested = events.reduce(evolvePrepayment, state) as Prepayment;
    events.push(refunded(requested, command.now));
  }
  return events;
}

/** Its suspended shop was reinstated: redeemable again. A closed shop does not come back. */
function unfreezeForShop(command: UnfreezeForShop, state: PrepaymentState): PrepaymentEvent[] {
  requireSystem(command.actor, 'unfreezes prepayments');
  const prepayment = existingPrepayment(state, command.prepaymentId);
  if (prepayment.frozen !== 'merchant_suspended') return [];
  return [
    {
      type: 'PrepaymentUnfrozen',
      data: { prepaymentId: prepayment.prepaymentId, merchantId: prepayment.merchantId, unfrozenAt: command.now },
    },
  ];
}

function decide(command: PrepaymentCommand, state: PrepaymentState): PrepaymentEvent[] {
  switch (command.type) {
    case 'MakePrepayment':
      return make(command, state);
    case 'ConfirmPayment':
      return confirmPayment(command, state);
    case 'RecordGatewayPayment':
      return recordGatewayPayment(command, state);
    case 'RecordGatewayRefund':
      return recordGatewayRefund(command, state);
    case 'RecordCounterRefund':
      return recordCounterRefund(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
    case 'ClaimPrepayment':
      return claim(command, state);
    case 'RedeemPrepayment':
      return redeem(command, state);
    case 'CancelRedemption':
      return cancelRedemption(command, state);
    case 'RequestRefund':
      return requestRefund(command, state);
    case 'ApproveRefund':
      return approveRefund(command, state);
    case 'AnnounceExpiry':
      return announceExpiry(command, state);
    case 'OfferCampaignEndChoice':
      return offerCampaignEndChoice(command, state);
    case 'KeepBalance':
      return keepBalance(command, state);
    case 'FreezeForShop':
      return freezeForShop(command, state);
    case 'UnfreezeForShop':
      return unfreezeForShop(command, state);
  }
}

export const prepaymentDecider: Decider<PrepaymentState, PrepaymentCommand, PrepaymentEvent> = {
  initialState: initialPrepaymentState,
  evolve: evolvePrepayment,
  decide,
  snapshots: prepaymentSnapshots,
};

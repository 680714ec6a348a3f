import { campaignDecider, type CampaignState, type CampaignStreamEvent, type CreateCampaign } from '@goodpay/campaign';
import { merchantDecider, type MerchantCommand, type MerchantEvent, type MerchantState } from '@goodpay/merchant';
import { merchantActor, staff, stateAfter } from '../../../event-store/src/decider/testing';
import type { PrepaymentMade } from '../prepayment/events';
import { expiryDateOf } from '../prepayment/expiry';
import { DEFAULT_PREPAID_TERMS } from '@goodpay/campaign';

/**
 * The context a prepayment handler loads, built through the campaign and merchant deciders
 * themselves so the specs use states those libraries really produce.
 */
export const campaignId = 'jeonbuk-2025';
export const merchantId = 'm-1';
export const otherMerchantId = 'm-2';
export const shop = merchantActor(merchantId);

const createCampaign: CreateCampaign = {
  type: 'CreateCampaign',
  actor: staff,
  campaignId,
  now: '2025-01-06T00:00:00Z',
  name: 'Jeonbuk good prepayment 2025',
  region: { kind: 'province', name: 'Jeonbuk' },
  startsOn: '2025-01-13',
  endsOn: '2025-02-28',
  participationTarget: { participants: 50_000, amount: 5_000_000_000 },
};
const campaignCreated = campaignDecider.decide(createCampaign, campaignDecider.initialState());

/** Jan 13 to Feb 28, 2025, with the default bounds, plus whatever happened since. */
export const campaign = (...since: CampaignStreamEvent[]): CampaignState => stateAfter(campaignDecider, [...campaignCreated, ...since]);

export const closedCampaign = (): CampaignState => {
  const open = campaign();
  const close = { type: 'CloseCampaign', actor: staff, campaignId, reason: 'ended early', now: '2025-02-01T00:00:00Z' } as const;
  return stateAfter(campaignDecider, [...campaignCreated, ...campaignDecider.decide(close, open)]);
};

/** A restaurant in Wansan-gu, run through the given staff decisions after registering. */
export function merchant(...decisions: MerchantCommand['type'][]): MerchantState {
  const now = '2025-01-07T00:00:00Z';
  let history: MerchantEvent[] = merchantDecider.decide(
    {
      type: 'RegisterMerchant',
      actor: { id: shop.id, role: 'citizen' },
      merchantId,
      now,
      name: 'Hanok Noodles',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: '123-45-67891',
    },
    merchantDecider.initialState(),
  );
  for (const type of decisions) {
    const command = { type, actor: staff, merchantId, now, reason: 'review' } as MerchantCommand;
    history = [...history, ...merchantDecider.decide(command, stateAfter(merchantDecider, history))];
  }
  return stateAfter(merchantDecider, history);
}

export const approvedMerchant = () => merchant('ApproveMerchant');

/** A citizen's prepayment of 100,000 won at the restaurant above, with the facts a spec changes. */
export const prepaymentMade = (
  data: Partial<PrepaymentMade['data']> & Pick<PrepaymentMade['data'], 'prepaymentId' | 'paidAt'>,
): PrepaymentMade => ({
  type: 'PrepaymentMade',
  data: {
    code: '7K3M9QXA',
    payer: { id: 'c-1', kind: 'citizen' },
    merchantId,
    campaignId,
    amount: 100_000,
    channel: 'at_shop',
    paymentConfirmation: null,
    merchantCategory: 'restaurant',
    merchantDistrict: 'Wansan-gu',
    // The campaign's default terms: usable for 5 years after the purchase day.
    expiresOn: expiryDateOf(data.paidAt, DEFAULT_PREPAID_TERMS.validityDays),
    ...data,
  },
});

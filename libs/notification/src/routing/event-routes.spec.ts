import type { DonationReceiptIssued } from '@goodpay/donation';
import type { DomainEvent, RecordedEvent } from '@goodpay/event-store';
import type {
  CampaignEndChoiceOffered,
  ExpiryNoticeDue,
  PrepaymentMade,
  PrepaymentRedeemed,
  PrepaymentRefunded,
} from '@goodpay/prepayment';
import type { RaffleCertificationApproved, RaffleCertificationRejected, RaffleVoucherAwarded } from '@goodpay/raffle';
import { composeMessage } from '../message/compose';
import { templateFor } from '../templates/catalogue';
import { CHANNELS } from '../templates/template';
import { EVENT_ROUTES, type PlannedRecipient } from './event-routes';
import type { PlannerFacts } from './planner-facts';

/** What the planner's tables would know: fixed answers, and a refusal for anything else. */
const facts: PlannerFacts = {
  payerOf: async () => 'citizen-payer',
  merchantName: async (merchantId) => (merchantId === 'shop-1' ? '전주 한옥 분식' : '가맹점'),
  merchantOwner: async (merchantId) => {
    if (merchantId !== 'shop-1') throw new Error(`no owner known for merchant ${merchantId}`);
    return 'owner-1';
  },
  settlementDay: async () => '2025-01-14',
  certificationSubmitter: async (certificationId) => {
    if (certificationId !== 'cert-1') throw new Error(`no submitter known for certification ${certificationId}`);
    return 'citizen-1';
  },
  campaignName: async () => '전북 착한 선결제',
};

const recorded = (event: DomainEvent): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  streamId: 'stream-1',
  streamVersion: 1,
  globalPosition: '1',
  transactionId: '1',
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'system', role: 'staff' } },
  recordedAt: new Date('2025-01-20T05:00:00Z'),
});

/** When `event` is planned: the kind, and whom it tells with what. */
async function whenPlanned(event: DomainEvent): Promise<{ kind: string; template: string; recipients: PlannedRecipient[] }[]> {
  const routes = EVENT_ROUTES.filter((route) => route.eventType === event.type);
  return Promise.all(
    routes.map(async (route) => ({
      kind: route.kind,
      template: route.template,
      recipients: await route.recipients(recorded(event), facts),
    })),
  );
}

// Typed as the raffle and donation contexts define them, so a change of their shape shows here.
const approved: RaffleCertificationApproved = {
  type: 'RaffleCertificationApproved',
  data: {
    certificationId: 'cert-1',
    campaignId: 'campaign-1',
    round: 2,
    personId: 'person-1',
    approvedBy: { kind: 'automatic' },
    entryId: 'entry-1',
    approvedAt: '2025-02-04T01:00:00Z',
  },
};
const rejected: RaffleCertificationRejected = {
  type: 'RaffleCertificationRejected',
  data: {
    certificationId: 'cert-1',
    campaignId: 'campaign-1',
    round: 1,
    personId: 'person-1',
    staffId: 'staff-1',
    reason: '영수증의 금액을 읽을 수 없습니다',
    rejectedAt: '2025-01-20T01:00:00Z',
  },
};
const awarded: RaffleVoucherAwarded = {
  type: 'RaffleVoucherAwarded',
  data: {
    campaignId: 'campaign-1',
    round: 1,
    entryId: 'entry-1',
    personId: 'person-1',
    certificationId: 'cert-1',
    rank: 3,
    amount: 20_000,
    voucher: { kind: 'code', code: 'ONNURI-0001' },
    awardedAt: '2025-02-03T01:00:00Z',
    confirmBy: '2025-02-17T14:59:59Z',
  },
};
const receipt = (donor: DonationReceiptIssued['data']['donor']): DonationReceiptIssued => ({
  type: 'DonationReceiptIssued',
  data: {
    receiptId: 'receipt-1',
    year: 2025,
    number: 42,
    donor,
    donorName: '전주 한옥 분식',
    items: [{ donationId: 'donation-1', source: 'pledge', amount: 3_000, donatedOn: '2025-01-14' }],
    total: 123_000,
    issuedAt: '2025-12-31T01:00:00Z',
    issuedOn: '2025-12-31',
  },
});

describe('event routes', () => {
  it("never message a citizen on a shop's word alone: a prepayment at the shop tells nobody until its payer claims it", async () => {
    const madeAtShop: PrepaymentMade = {
      type: 'PrepaymentMade',
      data: {
        prepaymentId: 'p-1',
        code: '7K3M9QXA',
        payer: null,
        namedPayer: { id: 'citizen-named', kind: 'citizen' },
        merchantId: 'shop-1',
        campaignId: 'campaign-1',
        amount: 100_000,
        channel: 'at_shop',
        paymentConfirmation: null,
        merchantCategory: 'restaurant',
        merchantDistrict: 'Wansan-gu',
        paidAt: '2025-01-20T01:00:00Z',
      },
    };
    expect(await whenPlanned(madeAtShop)).toEqual([{ kind: 'prepayment_made', template: 'prepayment-made', recipients: [] }]);
    const redeemed: PrepaymentRedeemed = {
      type: 'PrepaymentRedeemed',
      data: {
        prepaymentId: 'p-1',
        merchantId: 'shop-1',
        redemptionId: 'r-1',
        amount: 1_000,
        balanceAfter: 99_000,
        redeemedAt: '2025-01-21T01:00:00Z',
      },
    };
    const unclaimed = EVENT_ROUTES.find((route) => route.eventType === 'PrepaymentRedeemed')!;
    expect(await unclaimed.recipients(recorded(redeemed), { ...facts, payerOf: async () => null })).toEqual([]);
  });

  it('tell the citizen who submitted a certification that it was approved, naming the campaign and round', async () => {
    expect(await whenPlanned(approved)).toEqual([
      {
        kind: 'certification_approved',
        template: 'certification-approved',
        recipients: [{ recipientId: 'citizen-1', variables: { roundName: '전북 착한 선결제 2회차' } }],
      },
    ]);
  });

  it('tell the submitter why a certification was rejected', async () => {
    expect(await whenPlanned(rejected)).toEqual([
      {
        kind: 'certification_rejected',
        template: 'certification-rejected',
        recipients: [{ recipientId: 'citizen-1', variables: { reason: '영수증의 금액을 읽을 수 없습니다' } }],
      },
    ]);
  });

  it('tell a winner the prize, without the voucher code', async () => {
    const [planned] = await whenPlanned(awarded);
    expect(planned).toEqual({
      kind: 'raffle_won',
      template: 'raffle-won',
      recipients: [{ recipientId: 'citizen-1', variables: { roundName: '전북 착한 선결제 1회차', prize: '온누리상품권 20,000원' } }],
    });
    expect(JSON.stringify(planned)).not.toContain('ONNURI-0001');
  });

  it('tell a citizen donor, and a merchant donor through the user who runs the shop, the receipt number', async () => {
    const variables = { amount: '123,000원', receiptNumber: '2025-000042' };
    expect((await whenPlanned(receipt({ type: 'citizen', id: 'citizen-9' })))[0]).toEqual({
      kind: 'donation_receipt_issued',
      template: 'donation-receipt-issued',
      recipients: [{ recipientId: 'citizen-9', variables }],
    });
    expect((await whenPlanned(receipt({ type: 'merchant', id: 'shop-1' })))[0].recipients).toEqual([{ recipientId: 'owner-1', variables }]);
  });

  it('refuse an event whose certification was never submitted, rather than tell no one', async () => {
    const orphan: RaffleVoucherAwarded = { ...awarded, data: { ...awarded.data, certificationId: 'cert-unknown' } };
    await expect(whenPlanned(orphan)).rejects.toThrow('no submitter known for certification cert-unknown');
  });

  describe('the prepaid-certificate terms', () => {
    const refunded = (amount: number, payout?: number): PrepaymentRefunded => ({
      type: 'PrepaymentRefunded',
      data: {
        prepaymentId: 'p-1',
        payerId: 'citizen-1',
        merchantId: 'shop-1',
        campaignId: 'campaign-1',
        amount,
        ...(payout === undefined ? {} : { payout }),
        basis: payout === undefined ? 'within_7_days' : 'after_expiry',
        requestedAt: '2025-07-01T01:00:00Z',
        refundedAt: '2025-07-02T01:00:00Z',
      },
    });
    const told = async (event: DomainEvent) => (await whenPlanned(event)).filter((planned) => planned.recipients.length > 0);

    it('tell a refund of the whole balance as before, and one of less with both figures, once each', async () => {
      expect(await told(refunded(70_000))).toEqual([
        {
          kind: 'prepayment_refunded',
          template: 'prepayment-refunded',
          recipients: [{ recipientId: 'citizen-1', variables: { merchantName: '전주 한옥 분식', amount: '70,000원' } }],
        },
      ]);
      const [partial] = await told(refunded(45_679, 43_396));
      expect(partial).toMatchObject({
        template: 'prepayment-refunded-partial',
        recipients: [{ variables: { balance: '45,679원', amount: '43,396원', reason: '유효기간 경과' } }],
      });
      expect(await told(refunded(45_679, 43_396))).toHaveLength(1);
      expect(composeMessage(templateFor('prepayment-refunded-partial'), partial.recipients[0].variables, 'alimtalk').body).toContain(
        '남은 금액 45,679원 중 43,396원이 환불되었습니다(유효기간 경과)',
      );
    });

    it('tell the payer of an expiry notice and of the campaign-end choice; nobody for an unclaimed prepayment', async () => {
      const notice: ExpiryNoticeDue = {
        type: 'ExpiryNoticeDue',
        data: {
          prepaymentId: 'p-1',
          merchantId: 'shop-1',
          campaignId: 'campaign-1',
          payerId: 'citizen-1',
          daysBefore: 7,
          expiresOn: '2025-06-30',
          balance: 75_000,
          noticedAt: '2025-06-23T01:00:00Z',
        },
      };
      const [planned] = await told(notice);
      expect(composeMessage(templateFor(planned.template), planned.recipients[0].variables, 'sms').body).toContain(
        '전주 한옥 분식 선결제 잔액 75,000원의 유효기간이 2025-06-30에 끝납니다(7일 남음)',
      );
      expect(await told({ ...notice, data: { ...notice.data, payerId: null } })).toEqual([]);
      const offer: CampaignEndChoiceOffered = {
        type: 'CampaignEndChoiceOffered',
        data: {
          prepaymentId: 'p-1',
          merchantId: 'shop-1',
          campaignId: 'campaign-1',
          payerId: 'citizen-1',
          balance: 90_000,
          keepAllowed: false,
          offeredAt: '2025-03-01T01:00:00Z',
        },
      };
      const [ended] = await told(offer);
      expect(ended).toMatchObject({
        kind: 'campaign_end_choice',
        recipients: [{ recipientId: 'citizen-1', variables: { balance: '90,000원', campaignName: '전북 착한 선결제' } }],
      });
      expect(ended.recipients[0].variables.choice).toContain('환불');
      for (const channel of CHANNELS)
        expect(() => composeMessage(templateFor(ended.template), ended.recipients[0].variables, channel)).not.toThrow();
    });
  });

  it('fill every variable of the latest template, which fits every channel', async () => {
    for (const event of [approved, rejected, awarded, receipt({ type: 'citizen', id: 'citizen-9' })]) {
      for (const { template, recipients } of await whenPlanned(event)) {
        for (const channel of CHANNELS) {
          expect(() => composeMessage(templateFor(template), recipients[0].variables, channel)).not.toThrow();
        }
      }
    }
    expect(composeMessage(templateFor('certification-approved'), { roundName: '전북 착한 선결제 2회차' }, 'alimtalk')).toMatchObject({
      templateCode: 'GP_CERT_APPROVED_02',
      body: '[착한 선결제] 전북 착한 선결제 2회차 경품 추첨 인증이 승인되었습니다. 응모가 마감되면 추첨하며, 당첨되시면 따로 안내해 드립니다.',
    });
  });
});

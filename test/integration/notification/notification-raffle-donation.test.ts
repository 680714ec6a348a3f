import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@goodpay/event-store';
import { NOTIFICATION_PLANNER } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld } from './notification-world';

/** Raffle and donation events as those contexts record them (only what the planner reads matters). */
const campaignCreated = (campaignId: string, name: string): DomainEvent => ({
  type: 'CampaignCreated',
  data: {
    campaignId,
    name,
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: '2025-01-13',
    endsOn: '2025-02-27',
    bounds: { minPerPrepayment: 100_000, maxPerPrepayment: 300_000, organisationMaxPerPrepayment: 5_000_000 },
    raffle: {
      minimumCertifiedAmount: 100_000,
      prize: 20_000,
      budget: 3_000_000,
      rounds: [{ number: 1, startsOn: '2025-01-13', endsOn: '2025-02-02' }],
    },
    participationTarget: { participants: 1_000, amount: 100_000_000 },
    createdAt: '2025-01-06T00:00:00Z',
  },
});

const submitted = (certificationId: string, campaignId: string, citizenId: string): DomainEvent => ({
  type: 'RaffleCertificationSubmitted',
  data: {
    certificationId,
    campaignId,
    round: 1,
    citizenId,
    personId: `person-${citizenId}`,
    contact: 'sealed',
    consent: { version: 'v1', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true },
    evidence: { kind: 'receipt_photo', photoId: randomUUID(), amount: 100_000, shopName: '전주 한옥 분식', paidOn: '2025-01-15' },
    submittedAt: '2025-01-15T01:00:00Z',
  },
});

const approved = (certificationId: string, campaignId: string): DomainEvent => ({
  type: 'RaffleCertificationApproved',
  data: {
    certificationId,
    campaignId,
    round: 1,
    personId: 'person',
    approvedBy: { kind: 'staff', staffId: 'staff-1' },
    entryId: randomUUID(),
    approvedAt: '2025-01-16T01:00:00Z',
  },
});

const rejected = (certificationId: string, campaignId: string, reason: string): DomainEvent => ({
  type: 'RaffleCertificationRejected',
  data: { certificationId, campaignId, round: 1, personId: 'person', staffId: 'staff-1', reason, rejectedAt: '2025-01-16T01:00:00Z' },
});

const awarded = (certificationId: string, campaignId: string): DomainEvent => ({
  type: 'RaffleVoucherAwarded',
  data: {
    campaignId,
    round: 1,
    entryId: randomUUID(),
    personId: 'person',
    certificationId,
    rank: 1,
    amount: 20_000,
    voucher: { kind: 'code', code: 'ONNURI-0001' },
    awardedAt: '2025-02-03T01:00:00Z',
    confirmBy: '2025-02-17T14:59:59Z',
  },
});

const receiptIssued = (donor: { type: 'citizen' | 'merchant'; id: string }, number: number, total: number): DomainEvent => ({
  type: 'DonationReceiptIssued',
  data: {
    receiptId: randomUUID(),
    year: 2025,
    number,
    donor,
    donorName: 'ci****01',
    items: [{ donationId: randomUUID(), source: donor.type === 'citizen' ? 'cashback' : 'pledge', amount: total, donatedOn: '2025-01-14' }],
    total,
    issuedAt: '2025-01-20T01:00:00Z',
    issuedOn: '2025-01-20',
  },
});

describe('notification routes of the raffle and donations', () => {
  let world: NotificationWorld;
  const campaignId = randomUUID();

  beforeAll(async () => {
    world = await NotificationWorld.start();
    await world.append(`campaign-${campaignId}`, campaignCreated(campaignId, '전북 착한 선결제'));
  });
  afterAll(() => world.close());

  const messagesOf = async (recipientId: string) => (await world.sentMessages()).filter((m) => m.recipient_id === recipientId);
  const rowsOf = async (recipientId: string) => (await world.notifications()).filter((n) => n.recipient_id === recipientId);

  it('tells the citizen who certified: approved, then won (a must-receive win despite an opt-out)', async () => {
    const citizen = `citizen-${randomUUID()}`;
    await world.setContact(citizen, { phone: '010-7777-8888' });
    await world.setPreferences(citizen, ['certification_approved']);
    const certificationId = randomUUID();
    await world.append(
      `raffle-certification-${certificationId}`,
      submitted(certificationId, campaignId, citizen),
      approved(certificationId, campaignId),
    );
    await world.append(`raffle-places-${campaignId}`, awarded(certificationId, campaignId));
    await world.planAndDispatch();
    await world.settled();

    expect((await rowsOf(citizen)).map((n) => [n.kind, n.status, n.skip_reason])).toEqual([
      ['certification_approved', 'skipped', 'opted_out'],
      ['raffle_won', 'sent', null],
    ]);
    expect(await messagesOf(citizen)).toEqual([
      expect.objectContaining({
        channel: 'alimtalk',
        template_code: 'GP_RAFFLE_WON_01',
        body: '[착한 선결제] 축하합니다! 전북 착한 선결제 1회차 추첨에서 온누리상품권 20,000원에 당첨되셨습니다. 수령 방법은 캠페인 페이지에서 확인해 주세요.',
      }),
    ]);
  });

  it('tells an approval with the template of the day, and a rejection with its reason', async () => {
    const citizen = `citizen-${randomUUID()}`;
    await world.setContact(citizen, { email: 'raffle@example.kr' });
    await world.setPreferences(citizen, [], 'email');
    const [first, second] = [randomUUID(), randomUUID()];
    await world.append(`raffle-certification-${first}`, submitted(first, campaignId, citizen), approved(first, campaignId));
    await world.append(
      `raffle-certification-${second}`,
      submitted(second, campaignId, citizen),
      rejected(second, campaignId, '영수증의 날짜가 응모 기간 밖입니다'),
    );
    await world.planAndDispatch();
    await world.settled();

    expect((await rowsOf(citizen)).map((n) => [n.kind, n.template_id, n.template_version, n.status])).toEqual([
      ['certification_approved', 'certification-approved', 2, 'sent'],
      ['certification_rejected', 'certification-rejected', 1, 'sent'],
    ]);
    // The world's clock stands still: every message has the same sent_at, so order them by code.
    const messages = (await messagesOf(citizen)).sort((a, b) => a.template_code.localeCompare(b.template_code));
    expect(messages.map((m) => [m.channel, m.template_code, m.title])).toEqual([
      ['email', 'gp-certification-approved-v2', '선결제 인증 승인'],
      ['email', 'gp-certification-rejected-v1', '선결제 인증 반려'],
    ]);
    expect(messages[0].body).toBe(
      '[착한 선결제] 전북 착한 선결제 1회차 경품 추첨 인증이 승인되었습니다. 응모가 마감되면 추첨하며, 당첨되시면 따로 안내해 드립니다.',
    );
    expect(messages[1].body).toContain('사유: 영수증의 날짜가 응모 기간 밖입니다');
  });

  it("tells a citizen donor, and a donating shop's owner, the receipt number", async () => {
    const donor = `citizen-${randomUUID()}`;
    const merchantId = randomUUID();
    const owner = `owner-${merchantId}`;
    await world.setContact(donor, { phone: '010-1212-3434' });
    await world.setContact(owner, { phone: '010-5656-7878' });
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
    await world.append(`donor-citizen-${donor}`, receiptIssued({ type: 'citizen', id: donor }, 42, 15_000));
    await world.append(`donor-merchant-${merchantId}`, receiptIssued({ type: 'merchant', id: merchantId }, 43, 123_000));
    await world.planAndDispatch();
    await world.settled();

    expect((await messagesOf(donor)).map((m) => m.body)).toEqual([
      '[착한 선결제] 15,000원 기부금 영수증(번호 2025-000042)이 발급되었습니다. 따뜻한 나눔에 감사드립니다.',
    ]);
    expect((await messagesOf(owner)).map((m) => [m.template_code, m.body])).toEqual([
      ['GP_DONATION_RECEIPT_01', '[착한 선결제] 123,000원 기부금 영수증(번호 2025-000043)이 발급되었습니다. 따뜻한 나눔에 감사드립니다.'],
    ]);
  });

  it('sends nothing again when the planner is rebuilt from 0, and relearns its facts', async () => {
    const before = await world.sentMessages();
    const factsBefore = await world.sql.query(`SELECT * FROM notification_raffle_certifications ORDER BY certification_id`);
    expect(factsBefore.rows).toHaveLength(3);

    await world.subscriptions.rebuild(NOTIFICATION_PLANNER);
    await world.sql.query(`UPDATE consumer_outbox SET sent_at = NULL, done_at = NULL`); // as if every job were lost with Redis
    await world.sendOutbox({ check: true });
    await world.settled();

    expect(await world.sentMessages()).toEqual(before);
    expect((await world.sql.query(`SELECT * FROM notification_raffle_certifications ORDER BY certification_id`)).rows).toEqual(
      factsBefore.rows,
    );
    expect((await world.sql.query(`SELECT name FROM notification_campaign_names WHERE campaign_id = $1`, [campaignId])).rows).toEqual([
      { name: '전북 착한 선결제' },
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import type { DomainEvent } from '@goodpay/event-store';
import { DeliveryPoller, TEMPLATES, variablesOf } from '@goodpay/notification';
import { eventually } from '../../support/processes';
import { SmtpTestServer } from '../../support/smtp/smtp-test-server';
import { REFUSED, SolapiTestServer } from '../../support/solapi/solapi-test-server';
import { merchantRegistered, NotificationWorld, prepaymentMade, prepaymentRedeemed, prepaymentRefunded } from './notification-world';

const receiptIssued = (donorId: string, number: number, total: number): DomainEvent => ({
  type: 'DonationReceiptIssued',
  data: {
    receiptId: randomUUID(),
    year: 2025,
    number,
    donor: { type: 'citizen', id: donorId },
    donorName: 'ci****01',
    items: [{ donationId: randomUUID(), source: 'cashback', amount: total, donatedOn: '2025-01-14' }],
    total,
    issuedAt: '2025-01-20T01:00:00Z',
    issuedOn: '2025-01-20',
  },
});

/**
 * Issue 12: the real adapters over real transports. Solapi through the in-test server of
 * test/support/solapi (its documented send-many/detail, list, HMAC authentication and error
 * answers), e-mail through a real SMTP server, read back with mailparser.
 */
describe('notification providers: Solapi over HTTP and e-mail over SMTP', () => {
  const solapi = new SolapiTestServer();
  const smtp = new SmtpTestServer();
  let world: NotificationWorld;
  const merchantId = randomUUID();

  beforeAll(async () => {
    await Promise.all([solapi.start(), smtp.start()]);
    // What Kakao approved: every template's Alimtalk code with exactly its variables and buttons.
    for (const template of TEMPLATES) {
      solapi.approve(template.providerCodes.alimtalk, {
        variables: variablesOf(template.body),
        buttons: [...(template.alimtalkButtons ?? [])],
      });
    }
    world = await NotificationWorld.start({
      messages: {
        provider: 'solapi',
        solapi: {
          apiKey: solapi.apiKey,
          apiSecret: solapi.apiSecret,
          apiBase: solapi.baseUrl,
          sender: solapi.sender,
          pfId: solapi.pfId,
          timeoutMs: 2_000,
        },
      },
      smtp: { url: smtp.url, from: '착한 선결제 <no-reply@goodpay.example>' },
      providerPauseMs: 200,
      sendConcurrency: 1,
    });
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
  });
  afterAll(async () => {
    await world.close();
    await Promise.all([solapi.stop(), smtp.stop()]);
  });

  const rowsOf = async (recipientId: string) => (await world.notifications()).filter((n) => n.recipient_id === recipientId);
  const citizenWithPhone = async (phone: string) => {
    const id = `citizen-${randomUUID()}`;
    await world.setContact(id, { phone });
    return id;
  };
  const prepay = async (payer: string) => {
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    return prepaymentId;
  };

  it('sends an Alimtalk with the approved template, its variables and the registered sender, and keeps only masked text', async () => {
    const payer = await citizenWithPhone('010-2000-0001');
    await prepay(payer);
    await world.planAndDispatch();
    await world.settled();

    const [row] = await rowsOf(payer);
    const [sent] = solapi.acceptedFor(`${row.notification_id}-0`);
    expect(sent).toMatchObject({
      to: '01020000001',
      from: solapi.sender,
      type: 'ATA',
      kakaoOptions: {
        pfId: solapi.pfId,
        templateId: 'GP_PREPAY_MADE_01',
        variables: { '#{merchantName}': '전주 한옥 분식', '#{amount}': '100,000원', '#{code}': '7K3M9QXA' },
        disableSms: true,
      },
    });
    expect(row).toMatchObject({
      status: 'sent',
      channel: 'alimtalk',
      provider: 'solapi',
      provider_message_id: sent.messageId,
      masked_address: '010-****-0001',
    });
    // The prepayment code is a bearer secret: what is kept and shown is masked.
    expect(row.sent_text).toBe('[착한 선결제] 전주 한옥 분식에 100,000원 선결제가 완료되었습니다. 선결제 코드: 7*******');
  });

  it('falls back to SMS when Solapi refuses the Alimtalk (template not approved), with the same template text', async () => {
    const payer = await citizenWithPhone('010-2000-0002');
    const prepaymentId = await prepay(payer);
    await world.planAndDispatch();
    await world.settled();
    solapi.templates.delete('GP_PREPAY_REDEEMED_01');
    try {
      await world.append(`prepayment-${prepaymentId}`, prepaymentRedeemed(prepaymentId, merchantId, 5_000, 95_000));
      await world.planAndDispatch();
      await world.settled();
    } finally {
      solapi.approve('GP_PREPAY_REDEEMED_01', { variables: ['merchantName', 'amount', 'balance'] });
    }

    const [, redeemed] = await rowsOf(payer);
    const text = '[착한 선결제] 전주 한옥 분식에서 5,000원을 사용했습니다. 남은 금액: 95,000원';
    expect(iconv.encode(text, 'euc-kr').length).toBeLessThanOrEqual(90);
    expect(solapi.acceptedFor(`${redeemed.notification_id}-0`)).toEqual([
      expect.objectContaining({ type: 'SMS', text, from: solapi.sender }),
    ]);
    expect(redeemed).toMatchObject({ status: 'sent', channel: 'sms', message_type: 'sms', sent_text: text });
    expect(await world.attempts(redeemed.notification_id)).toEqual([
      { channel: 'alimtalk', outcome: 'permanent_failure', error_code: `solapi_${REFUSED.templateNotApproved.statusCode}` },
      { channel: 'sms', outcome: 'sent', error_code: null },
    ]);
  });

  it('sends an LMS with its subject when the text is over 90 EUC-KR bytes', async () => {
    const payer = await citizenWithPhone('010-2000-0003');
    solapi.blocked.add('01020000003'); // no Alimtalk for this number: blocked at Kakao...
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentRefunded(prepaymentId, payer, merchantId, 75_000));
    await world.planAndDispatch();
    await world.settled();
    const [row] = await rowsOf(payer);
    expect(row).toMatchObject({ status: 'failed', failure_code: `solapi_${REFUSED.blockedNumber.statusCode}` });
    // ...and at the carrier: a permanent refusal, not retried, with the provider's reason.
    expect(row.attempts).toBe(1);
    expect(row.failure_message).toBe(REFUSED.blockedNumber.statusMessage);

    solapi.blocked.delete('01020000003');
    await world.failed.resend(row.notification_id, { id: 'staff-1', role: 'staff' });
    await world.settled();
    const [resent] = await rowsOf(payer);
    // The resend goes through the fallback: the Alimtalk that failed is not tried again.
    expect(resent).toMatchObject({ status: 'sent', channel: 'sms', message_type: 'lms', send_round: 1, excluded_channels: ['alimtalk'] });
    const [lms] = solapi.acceptedFor(`${row.notification_id}-1`);
    expect(lms).toMatchObject({ type: 'LMS', subject: '착한 선결제 환불 완료' });
    expect(iconv.encode(lms.text, 'euc-kr').length).toBeGreaterThan(90);
    expect(solapi.accepted.filter((m) => m.to === '01020000003').map((m) => m.type)).toEqual(['LMS']);
  });

  it('polls delivery reports: delivered, and an Alimtalk to someone without KakaoTalk falls back to SMS', async () => {
    const reached = await citizenWithPhone('010-2000-0004');
    const noKakao = await citizenWithPhone('010-2000-0005');
    solapi.notKakaoUsers.add('01020000005');
    await prepay(reached);
    await prepay(noKakao);
    await world.planAndDispatch();
    await world.settled();
    await world.app.get(DeliveryPoller).pollOnce();
    await world.planAndDispatch();
    await world.settled();
    await world.app.get(DeliveryPoller).pollOnce();

    const [delivered] = await rowsOf(reached);
    expect([delivered.channel, delivered.delivery_status]).toEqual(['alimtalk', 'delivered']);
    const [fellBack] = await rowsOf(noKakao);
    expect(fellBack).toMatchObject({
      channel: 'sms',
      message_type: 'sms',
      send_round: 1,
      delivery_status: 'delivered',
      excluded_channels: ['alimtalk'],
    });
    expect(solapi.accepted.filter((m) => m.to === '01020000005').map((m) => [m.type, m.statusCode])).toEqual([
      ['ATA', REFUSED.notKakaoUser.statusCode],
      ['SMS', '4000'],
    ]);
  });

  it('e-mails a donation receipt over SMTP: Korean subject encoded, text and HTML parts, the receipt attached', async () => {
    const donor = `citizen-${randomUUID()}`;
    await world.setContact(donor, { email: 'donor@example.kr' });
    await world.append(`donor-citizen-${donor}`, receiptIssued(donor, 17, 12_000));
    await world.planAndDispatch();
    await world.settled();

    const [row] = await rowsOf(donor);
    expect(row).toMatchObject({ status: 'sent', channel: 'email', provider: 'smtp', masked_address: 'd****@example.kr' });
    const mail = smtp.received.find((m) => m.envelopeTo.includes('donor@example.kr'))!;
    expect(mail.parsed.subject).toBe('기부금 영수증 발급');
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m); // RFC 2047 encoded-word
    expect(mail.parsed.messageId).toBe(row.provider_message_id);
    expect(mail.parsed.text).toContain('12,000원 기부금 영수증(번호 2025-000017)');
    expect(mail.parsed.html).toContain('<p>[착한 선결제] 12,000원 기부금 영수증(번호 2025-000017)');
    expect(mail.parsed.attachments).toHaveLength(1);
    const [attachment] = mail.parsed.attachments;
    expect(attachment).toMatchObject({ filename: 'donation-receipt-2025-000017.html', contentType: 'text/html' });
    expect(attachment.content.toString('utf8')).toContain('영수증 번호: 2025-000017');
  });

  it('slows down on 429 without spending tries, and sends once', async () => {
    const payer = await citizenWithPhone('010-2000-0006');
    solapi.throttle(2);
    await prepay(payer);
    await world.planAndDispatch();
    await world.settled();
    const [row] = await rowsOf(payer);
    expect(row).toMatchObject({ status: 'sent', channel: 'alimtalk', attempts: 1 });
    expect(solapi.acceptedFor(`${row.notification_id}-0`)).toHaveLength(1);
    expect((await world.attempts(row.notification_id)).map((a) => a.error_code)).toEqual([
      'provider_rate_limited',
      'provider_rate_limited',
      null,
    ]);
  });

  it('holds every message through an outage and sends each once when Solapi is back, the must-receive ones first', async () => {
    solapi.down = true;
    const payers = await Promise.all(['010-3000-0001', '010-3000-0002', '010-3000-0003'].map(citizenWithPhone));
    const refunded = await Promise.all(['010-3000-0004', '010-3000-0005'].map(citizenWithPhone));
    for (const payer of payers) await prepay(payer);
    for (const payer of refunded) {
      const prepaymentId = randomUUID();
      await world.append(`prepayment-${prepaymentId}`, prepaymentRefunded(prepaymentId, payer, merchantId, 30_000));
    }
    const before = solapi.accepted.length;
    await world.planAndDispatch();
    await eventually(async () => solapi.requests.filter((r) => r.status === 503).length >= 3, 'the sender met the outage more than once');
    expect(solapi.accepted.length).toBe(before);
    const held = [...payers, ...refunded];
    for (const payer of held) expect((await rowsOf(payer))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    solapi.down = false;
    await world.settled();
    const sent = solapi.accepted.slice(before);
    expect(sent).toHaveLength(5);
    const keys = await Promise.all(held.map(async (payer) => `${(await rowsOf(payer))[0].notification_id}-0`));
    for (const key of keys) expect(solapi.acceptedFor(key)).toHaveLength(1);
    // Refunds are must-receive (priority 1), prepayments transactional (2).
    expect(sent.map((m) => m.kakaoOptions?.templateId)).toEqual([
      'GP_PREPAY_REFUNDED_01',
      'GP_PREPAY_REFUNDED_01',
      'GP_PREPAY_MADE_01',
      'GP_PREPAY_MADE_01',
      'GP_PREPAY_MADE_01',
    ]);
  });
});

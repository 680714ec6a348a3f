import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { TEMPLATES, variablesOf } from '@goodpay/notification';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { confirmPayment } from '../../support/platform-payments';
import { eventually } from '../../support/processes';
import { SmtpTestServer } from '../../support/smtp/smtp-test-server';
import { SolapiTestServer } from '../../support/solapi/solapi-test-server';
import { ShiftedSystem } from '../raffle/support/shifted-system';
import { codeIn, verifyPhone } from '../../support/verified-phone';

const CONSENT = { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };
const SEOUL_MS = 9 * 3_600_000;

/**
 * Issue 12 end to end: the api and worker processes configured with MESSAGE_PROVIDER=solapi
 * against the in-test Solapi server (test/support/solapi) and SMTP_URL at a real SMTP server.
 * A citizen's prepayment and raffle win reach them by Alimtalk, their donation receipt by e-mail
 * with the receipt attached; the citizen's and staff's views show each with its final status
 * (Alimtalk: delivered, from the polled reports; e-mail: sent, SMTP reports nothing later).
 *
 * The raffle round is tomorrow (its randomness is declared before it opens); the processes' clock
 * moves into it, then to just after the next Seoul midnight to draw it (ShiftedSystem); the
 * planner's window is widened to cover the shift, since PostgreSQL stamps events in real time.
 */
describe('e2e: a prepayment, a raffle win and a donation receipt reach the citizen, and both views show them', () => {
  const solapi = new SolapiTestServer();
  const smtp = new SmtpTestServer();
  let system: ShiftedSystem;
  const suffix = randomUUID().slice(0, 8);
  const citizenId = `citizen-${suffix}`;
  const today = seoulDate(new Date().toISOString());
  let campaignId: string;

  type Call = Parameters<ShiftedSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = (path: string, token: string, body: unknown) => send('POST', path, { token, body, idempotencyKey: randomUUID() });
  const staff = () => system.freshToken(`staff-${suffix}`, 'staff');
  const citizen = () => system.freshToken(citizenId, 'citizen');

  beforeAll(async () => {
    await Promise.all([solapi.start(), smtp.start()]);
    for (const template of TEMPLATES) {
      solapi.approve(template.providerCodes.alimtalk, {
        variables: variablesOf(template.body),
        buttons: [...(template.alimtalkButtons ?? [])],
      });
    }
    system = new ShiftedSystem({
      MESSAGE_PROVIDER: 'solapi',
      SOLAPI_API_KEY: solapi.apiKey,
      SOLAPI_API_SECRET: solapi.apiSecret,
      SOLAPI_API_BASE: solapi.baseUrl,
      SOLAPI_SENDER: solapi.sender,
      KAKAO_PF_ID: solapi.pfId,
      SMTP_URL: smtp.url,
      MAIL_FROM: '착한 선결제 <no-reply@goodpay.example>',
      NOTIFICATION_DELIVERY_POLL_MS: '300',
      RATE_LIMIT_DEFAULT: '100000/1m', // the test polls the views every 50 ms
      // The processes' clock runs up to two days ahead of PostgreSQL's, which stamps the events.
      NOTIFICATION_PLAN_WITHIN_HOURS: '72',
    });
    await system.start();
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await Promise.all([solapi.stop(), smtp.stop()]);
  });

  it('tells the citizen of a prepayment, a raffle win and a donation receipt, and shows each with its final status', async () => {
    let token = await staff();
    const campaign = await create('/campaigns', token, {
      name: '전북 착한 선결제',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: addDays(today, -1),
      endsOn: addDays(today, 60),
      raffle: {
        minimumCertifiedAmount: 100_000,
        prize: 20_000,
        budget: 20_000,
        rounds: [{ number: 1, startsOn: addDays(today, 1), endsOn: addDays(today, 1) }],
      },
      participationTarget: { participants: 10, amount: 10_000_000 },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.campaignId;
    // Randomness is declared before the round opens (tomorrow): the first Lotto 6/45 draw after it.
    const lottoDrawAfter = (date: string) => Math.floor((Date.parse(date) - Date.parse('2002-12-07')) / (7 * 86_400_000)) + 2;
    const randomness = { sources: [{ kind: 'lotto645', drawNumber: lottoDrawAfter(addDays(today, 1)) }] };
    expect((await send('POST', `/campaigns/${campaignId}/raffle/rounds/1/randomness`, { token, body: randomness })).status).toBe(200);
    // The processes' clock moves into the round's day (tomorrow, Seoul noon), where the rest happens.
    const startedAt = Date.now();
    const tomorrowMidnight = Math.floor((startedAt + SEOUL_MS) / 86_400_000 + 1) * 86_400_000 - SEOUL_MS;
    const intoRound = tomorrowMidnight + 12 * 3_600_000 - startedAt;
    system.setDaysAhead(intoRound / 86_400_000);
    solapi.clockOffsetMs = intoRound;
    token = await staff();
    const owner = await system.freshToken(`owner-${suffix}`, 'merchant');
    const shop = await create('/merchants', owner, {
      name: '전주 한옥 분식',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    expect(shop.status).toBe(201);
    const merchantId = shop.body.merchantId;
    expect((await send('POST', `/merchants/${merchantId}/approve`, { token })).status).toBe(200);

    // The citizen is reached by phone (KakaoTalk first), and has an e-mail address too.
    let me = await citizen();
    // The phone is proven first: the code's SMS goes out through Solapi like every other message.
    await verifyPhone(system, me, '010-7777-0001', async () => codeIn(solapi.accepted.filter((m) => m.to === '01077770001').at(-1)!.text));
    expect(
      (await send('PUT', '/me/contact', { token: me, body: { phone: '010-7777-0001', email: `donor-${suffix}@example.kr` } })).status,
    ).toBe(200);

    // 1. A prepayment, paid on the platform and confirmed by staff.
    const ordered = await create('/prepayments', me, {
      campaignId,
      merchantId,
      amount: 150_000,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    expect(ordered.status).toBe(201);
    await confirmPayment(system, token, ordered.body.prepaymentId, 150_000);
    const certified = await create(`/campaigns/${campaignId}/raffle/certifications`, me, {
      name: '홍길동',
      phone: '010-7777-0001',
      consent: CONSENT,
      prepaymentId: ordered.body.prepaymentId,
    });
    expect(certified).toMatchObject({ status: 201, body: { status: 'approved' } });

    // 2. The round ends that day: just after the next Seoul midnight it is closed, drawn and its prize awarded.
    const offsetMs = tomorrowMidnight + 86_400_000 - startedAt + 60_000;
    system.setDaysAhead(offsetMs / 86_400_000);
    solapi.clockOffsetMs = offsetMs;
    token = await staff();
    expect((await send('POST', `/campaigns/${campaignId}/raffle/rounds/1/close`, { token })).status).toBe(200);
    expect(
      (
        await send('POST', `/campaigns/${campaignId}/raffle/rounds/1/draw`, {
          token,
          body: { numbers: [['3', '11', '19', '27', '38', '44', '8']] },
        })
      ).status,
    ).toBe(202);
    await eventually(
      async () => (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`)).body.status === 'drawn',
      'round 1 is drawn',
    );
    expect(
      (await create(`/campaigns/${campaignId}/raffle/vouchers`, token, { vouchers: [{ kind: 'code', code: `ONNURI-${suffix}` }] })).status,
    ).toBe(201);
    expect((await send('POST', `/campaigns/${campaignId}/raffle/awards/settle`, { token })).body).toMatchObject({ awarded: 1 });

    // 3. A cashback donation, receipted by staff: once the win has gone out, the citizen prefers e-mail.
    me = await citizen();
    await eventually(
      async () => {
        const answer = await send('GET', '/me/messages', { token: me });
        if (!answer.body.items) throw new Error(JSON.stringify(answer));
        return answer.body.items.some((m: any) => m.kind === 'raffle_won' && m.status === 'delivered');
      },
      'the win reached the citizen by Alimtalk',
      60_000,
    );
    expect((await send('PUT', '/me/notification-preferences', { token: me, body: { optedOut: [], preferred: 'email' } })).status).toBe(200);
    const seoulToday = seoulDate(new Date(Date.now() + offsetMs).toISOString());
    const [year, month] = seoulToday.split('-').map(Number);
    const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    const donated = await create('/donations', me, {
      amount: 7_000,
      reportedCashback: 10_000,
      cashbackMonth: lastMonth,
      cardReference: '9410 1234 5678 4321',
    });
    expect(donated.status).toBe(201);
    // The receipt run reads the donation ledger: wait until it holds the donation.
    expect((await send('GET', `/me/donations?after=${donated.body.position}`, { token: me })).body).toMatchObject({ unreceipted: 7_000 });
    expect((await create('/donation-receipts/runs', token, { year })).body.issued).toHaveLength(1);

    // The citizen's own view, once every message has its final word.
    let mine: any;
    await eventually(
      async () => {
        mine = (await send('GET', '/me/messages', { token: await citizen() })).body;
        const final = (m: any) => (m.channel === 'email' ? m.status === 'sent' : m.status === 'delivered');
        return mine.total === 4 && mine.items.every(final);
      },
      'all four messages reached the citizen and were reported on',
      60_000,
    );
    const byKind = Object.fromEntries(mine.items.map((m: any) => [m.kind, m]));
    expect(byKind.prepayment_made).toMatchObject({
      channel: 'alimtalk',
      status: 'delivered',
      to: '010-****-0001',
      text: expect.stringContaining('선결제 코드: '),
    });
    expect(byKind.prepayment_made.text).not.toContain(ordered.body.code ?? 'never-a-code');
    expect(byKind.raffle_won).toMatchObject({
      channel: 'alimtalk',
      status: 'delivered',
      text: expect.stringContaining('온누리상품권 20,000원에 당첨되셨습니다'),
    });
    expect(byKind.certification_approved).toMatchObject({ channel: 'alimtalk', status: 'delivered' });
    expect(byKind.donation_receipt_issued).toMatchObject({
      channel: 'email',
      messageType: 'email',
      status: 'sent',
      title: '기부금 영수증 발급',
      to: `d${'*'.repeat(`onor-${suffix}`.length)}@example.kr`,
    });

    // What the providers received: Alimtalk with the approved template and its button, the e-mail with the receipt.
    const won = solapi.accepted.find((m) => m.kakaoOptions?.templateId === 'GP_RAFFLE_WON_01' && m.to === '01077770001');
    expect(won).toMatchObject({
      type: 'ATA',
      statusCode: '4000',
      kakaoOptions: { buttons: [{ buttonType: 'AC', buttonName: '채널 추가' }] },
    });
    const mail = smtp.received.find((m) => m.envelopeTo.includes(`donor-${suffix}@example.kr`))!;
    expect(mail.parsed.subject).toBe('기부금 영수증 발급');
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^donation-receipt-\d{4}-\d+\.html$/)]);

    // Staff see the same messages, filtered, and the delivery rates.
    token = await staff();
    const wins = await send('GET', '/messages?kind=raffle_won&channel=alimtalk&status=delivered', { token });
    expect(wins.body.items).toEqual([
      expect.objectContaining({ recipientId: citizenId, status: 'delivered', provider: 'solapi', attempts: 1 }),
    ]);
    const emails = await send('GET', `/messages?channel=email&day=${seoulToday}`, { token });
    expect(emails.body.items).toEqual([expect.objectContaining({ kind: 'donation_receipt_issued', status: 'sent', provider: 'smtp' })]);
    const rates = (await send('GET', '/messages/delivery-rates', { token })).body;
    expect(rates.channels.find((c: any) => c.channel === 'alimtalk')).toMatchObject({
      accepted: 3,
      delivered: 3,
      deliveryRate: 1,
      failures: [],
    });
    expect(rates.channels.find((c: any) => c.channel === 'email')).toMatchObject({ accepted: 1, awaitingReport: 1 });
  }, 180_000);
});

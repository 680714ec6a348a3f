import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { DEV_NOTIFICATION_RECEIPT_SECRET } from '@goodpay/platform';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { eventually } from '../../support/processes';
import { claimPrepayment, confirmPayment } from '../../support/platform-payments';
import { RunningSystem } from '../../support/system';
import { PHONE_CODE_TEMPLATE, recordedCode, verifyPhone } from '../../support/verified-phone';
import { flushPrefix } from '../../support/test-redis';

interface NotificationRow {
  notification_id: string;
  kind: string;
  status: string;
  skip_reason: string | null;
  channel: string | null;
  message_type: string | null;
  attempts: number;
  send_round: number;
  provider_message_id: string | null;
  delivery_status: string | null;
  failure_code: string | null;
  resent_by: string | null;
}

interface SentMessage {
  notification_id: string;
  send_round: number;
  channel: string;
  message_type: string;
  masked_address: string;
  template_code: string;
  title: string | null;
  body: string;
}

/**
 * Issue 6 as people meet it: the api and worker processes over HTTP. People set how they are
 * reached; the prepayment flow (issue 3) then tells them, and what the built-in channels
 * "sent" is read from notification_sent_messages. Faults are planned in
 * notification_channel_faults, which the built-in channels of every worker read; a plan counts
 * down on the next sends of that channel, whoever they are for, so each test plans one only
 * when nothing else is waiting on that channel.
 */
describe('e2e: notifications over HTTP with the worker running', () => {
  const system = new RunningSystem();
  const today = seoulDate(new Date().toISOString());
  const suffix = randomUUID().slice(0, 8);
  const ids = { staff: `staff-${suffix}`, owner: `owner-${suffix}`, citizen: `citizen-${suffix}`, mailer: `mailer-${suffix}` };
  const secrets = ['01012345678', '1234-5678', '01022223333', '2222-3333', `mailer-${suffix}@example.kr`, `org-${suffix}@example.kr`];

  let staff: string;
  let owner: string;
  let citizen: string;
  let mailer: string;
  let organisation: string;
  let organisationId: string;
  let campaignId: string;
  let merchantId: string;
  let citizenPrepaymentId: string;
  /** Output of worker processes stopped along the way, for the check that no address was logged. */
  let earlierWorkerLogs = '';

  type Call = Parameters<RunningSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = (path: string, token: string, body: unknown) => send('POST', path, { token, body, idempotencyKey: randomUUID() });

  const notificationsOf = (recipientId: string) =>
    system.sql<NotificationRow>(
      `SELECT notification_id::text, kind, status, skip_reason, channel, message_type, attempts, send_round,
              provider_message_id, delivery_status, failure_code, resent_by
       FROM notifications WHERE recipient_id = $1 ORDER BY event_position, kind`,
      [recipientId],
    );
  const messagesOf = (recipientId: string) =>
    system.sql<SentMessage>(
      `SELECT notification_id::text, send_round, channel, message_type, masked_address, template_code, title, body
       FROM notification_sent_messages WHERE recipient_id = $1 AND template_code <> '${PHONE_CODE_TEMPLATE}' ORDER BY sent_at, send_round`,
      [recipientId],
    );
  const attemptsOf = (notificationId: string) =>
    system.sql<{ channel: string; outcome: string; error_code: string | null; at: Date }>(
      `SELECT channel, outcome, error_code, at FROM notification_attempts WHERE notification_id = $1 ORDER BY attempt`,
      [notificationId],
    );
  /** Waits until `recipientId` has `count` notifications and none of them is still pending. */
  const settledFor = async (recipientId: string, count: number, what: string): Promise<NotificationRow[]> => {
    let rows: NotificationRow[] = [];
    await eventually(async () => {
      rows = await notificationsOf(recipientId);
      return rows.length === count && rows.every((row) => row.status !== 'pending');
    }, what);
    return rows;
  };
  const failChannel = (channel: 'alimtalk' | 'sms' | 'email', times: number, kind: 'temporary' | 'permanent') =>
    system.sql(
      `INSERT INTO notification_channel_faults (channel, remaining, kind) VALUES ($1, $2, $3)
       ON CONFLICT (channel) DO UPDATE SET remaining = EXCLUDED.remaining, kind = EXCLUDED.kind`,
      [channel, times, kind],
    );
  /** Ordered by the citizen, then its payment confirmed by staff: the prepayment is made (and notified) then. */
  const prepayOnPlatform = async (token: string, amount: number) => {
    const ordered = await create('/prepayments', token, {
      campaignId,
      merchantId,
      amount,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    if (ordered.status === 201) {
      const confirmed = await confirmPayment(system, staff, ordered.body.prepaymentId, amount);
      return { ...ordered, body: { ...ordered.body, position: confirmed.position } };
    }
    return ordered;
  };

  beforeAll(async () => {
    await system.start();
    [staff, owner, citizen, mailer] = await Promise.all([
      system.token(ids.staff, 'staff'),
      system.token(ids.owner, 'merchant'),
      system.token(ids.citizen, 'citizen'),
      system.token(ids.mailer, 'citizen'),
    ]);

    const campaign = await create('/campaigns', staff, {
      name: 'Jeonbuk good prepayment',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: addDays(today, -5),
      endsOn: addDays(today, 60),
      raffle: { rounds: [{ number: 1, startsOn: addDays(today, -5), endsOn: addDays(today, 60) }] },
      participationTarget: { participants: 4, amount: 2_000_000 },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.campaignId;
    const shop = await create('/merchants', owner, {
      name: 'Hanok Noodles',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    expect(shop.status).toBe(201);
    merchantId = shop.body.merchantId;
    expect((await send('POST', `/merchants/${merchantId}/approve`, { token: staff })).status).toBe(200);
    const registered = await create('/organisations', staff, {
      kind: 'public_agency',
      name: 'Jeonju City Hall',
      representativeId: `rep-${suffix}`,
    });
    expect(registered.status).toBe(201);
    organisationId = registered.body.organisationId;
    organisation = await system.token(organisationId, 'organisation');
    const signed = await create(`/organisations/${organisationId}/agreements`, organisation, {
      campaignId,
      purposes: [{ purpose: 'events', plannedAmount: 1_000_000 }],
      signedOn: today,
    });
    expect(signed.status).toBe(201);
  }, 120_000);
  afterAll(() => system.stop());

  it('people set their contact details (answered masked) and what they do not want to hear about', async () => {
    // A phone is taken only once its owner proved, by a one-time code, that they receive messages there.
    const unverified = await send('PUT', '/me/contact', { token: citizen, body: { phone: '010-1234-5678' } });
    expect(unverified).toMatchObject({ status: 422, body: { code: 'phone_not_verified' } });
    expect(unverified.headers.get('content-type')).toContain('application/problem+json');
    expect(await send('GET', '/me/contact', { token: citizen })).toMatchObject({ status: 200, body: { phone: null, email: null } });
    await verifyPhone(system, citizen, '010-1234-5678', recordedCode(system, ids.citizen));
    await verifyPhone(system, organisation, '010-2222-3333', recordedCode(system, organisationId));
    // A verified phone is the caller's own: another number is still refused.
    expect(await send('PUT', '/me/contact', { token: citizen, body: { phone: '010-1234-9999' } })).toMatchObject({
      status: 422,
      body: { code: 'phone_not_verified' },
    });
    const contact = await send('PUT', '/me/contact', { token: citizen, body: { phone: '010-1234-5678' } });
    expect(contact).toMatchObject({ status: 200, body: { phone: '010-****-5678', email: null } });
    expect(await send('GET', '/me/contact', { token: citizen })).toMatchObject({
      status: 200,
      body: { phone: '010-****-5678', email: null },
    });
    const citizenPreferences = await send('PUT', '/me/notification-preferences', {
      token: citizen,
      body: { optedOut: ['prepayment_redeemed'] },
    });
    expect(citizenPreferences).toMatchObject({ status: 200, body: { optedOut: ['prepayment_redeemed'], preferred: 'phone' } });

    expect(
      (await send('PUT', '/me/contact', { token: organisation, body: { phone: '01022223333', email: `org-${suffix}@example.kr` } })).status,
    ).toBe(200);
    // A refund must be received: it cannot be turned off...
    const refused = await send('PUT', '/me/notification-preferences', { token: organisation, body: { optedOut: ['prepayment_refunded'] } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'notification_must_be_received' } });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await send('PUT', '/me/notification-preferences', { token: organisation, body: { optedOut: ['prepayment_made'] } })).status,
    ).toBe(200);
    // ...and an opt-out stored before it became must-receive (older data) is overridden when sending.
    await system.sql(`UPDATE notification_preferences SET opted_out = '{prepayment_made,prepayment_refunded}' WHERE user_id = $1`, [
      organisationId,
    ]);

    const mailerContact = await send('PUT', '/me/contact', { token: mailer, body: { email: `  Mailer-${suffix}@Example.KR ` } });
    expect(mailerContact).toMatchObject({
      status: 200,
      body: { phone: null, email: `m${'*'.repeat(`mailer-${suffix}`.length - 1)}@example.kr` },
    });
    expect((await send('PUT', '/me/notification-preferences', { token: mailer, body: { optedOut: [], preferred: 'email' } })).status).toBe(
      200,
    );

    expect(await send('PUT', '/me/contact', { token: citizen, body: { phone: '02-123-4567' } })).toMatchObject({
      status: 400,
      body: { code: 'invalid_phone' },
    });
    expect(await send('PUT', '/me/notification-preferences', { token: citizen, body: { optedOut: ['spam'] } })).toMatchObject({
      status: 400,
      body: { code: 'unknown_notification_kind' },
    });
    expect((await send('PUT', '/me/contact', { body: { phone: '010-1234-5678' } })).status).toBe(401);
  });

  it('a prepayment is told by KakaoTalk Alimtalk, once; an opted-out redemption is not told', async () => {
    const prepaid = await prepayOnPlatform(citizen, 200_000);
    expect(prepaid.status).toBe(201);
    citizenPrepaymentId = prepaid.body.prepaymentId;
    const redeemed = await create(`/prepayments/${prepaid.body.prepaymentId}/redemptions`, owner, { amount: 50_000 });
    expect(redeemed.status).toBe(201);

    const rows = await settledFor(ids.citizen, 2, 'the prepayment and the redemption are notified');
    expect(rows.map((row) => [row.kind, row.status, row.skip_reason, row.channel])).toEqual([
      ['prepayment_made', 'sent', null, 'alimtalk'],
      ['prepayment_redeemed', 'skipped', 'opted_out', null],
    ]);
    expect(await messagesOf(ids.citizen)).toEqual([
      {
        notification_id: rows[0].notification_id,
        send_round: 0,
        channel: 'alimtalk',
        message_type: 'alimtalk',
        masked_address: '010-****-5678',
        template_code: 'GP_PREPAY_MADE_01',
        title: null,
        body: `[착한 선결제] Hanok Noodles에 200,000원 선결제가 완료되었습니다. 선결제 코드: ${prepaid.body.code}`,
      },
    ]);
  });

  it('a refund reaches an organisation that opted out of everything else; a failed Alimtalk falls back to LMS', async () => {
    const atCounter = await create('/prepayments', owner, {
      campaignId,
      merchantId,
      amount: 1_000_000,
      channel: 'at_shop',
      payer: { id: organisationId, kind: 'organisation' },
    });
    expect(atCounter.status).toBe(201);
    // The shop's word alone tells the organisation nothing; it claims the prepayment with the code it was handed.
    await claimPrepayment(system, organisation, atCounter.body.code);

    // Nothing else waits on Alimtalk now: the refund is the next Alimtalk message.
    await failChannel('alimtalk', 1, 'permanent');
    expect((await send('POST', `/prepayments/${atCounter.body.prepaymentId}/refund-request`, { token: organisation })).status).toBe(200);
    expect((await send('POST', `/prepayments/${atCounter.body.prepaymentId}/refund-approval`, { token: owner })).status).toBe(200);

    const rows = await settledFor(organisationId, 1, 'the refund is notified');
    expect(rows.map((row) => [row.kind, row.status, row.skip_reason, row.channel, row.message_type])).toEqual([
      ['prepayment_refunded', 'sent', null, 'sms', 'lms'],
    ]);
    expect((await attemptsOf(rows[0].notification_id)).map((a) => [a.channel, a.outcome, a.error_code])).toEqual([
      ['alimtalk', 'permanent_failure', 'recipient_rejected'],
      ['sms', 'sent', null],
    ]);
    const [lms] = await messagesOf(organisationId);
    expect(lms).toMatchObject({
      channel: 'sms',
      message_type: 'lms',
      masked_address: '010-****-3333',
      template_code: 'GP-SMS-PREPAY-REFUNDED-01',
      title: '착한 선결제 환불 완료',
    });
    expect(lms.body).toContain('Hanok Noodles 선결제의 남은 금액 1,000,000원이 환불되었습니다.');
    expect(await messagesOf(organisationId)).toHaveLength(1);
  });

  it('an e-mail provider failing twice with temporary errors, then succeeding, sends once, after backoff', async () => {
    await failChannel('email', 2, 'temporary');
    expect((await prepayOnPlatform(mailer, 100_000)).status).toBe(201);

    const [row] = await settledFor(ids.mailer, 1, 'the retried e-mail is sent');
    expect([row.kind, row.status, row.channel, row.attempts]).toEqual(['prepayment_made', 'sent', 'email', 3]);
    const attempts = await attemptsOf(row.notification_id);
    expect(attempts.map((a) => [a.channel, a.outcome, a.error_code])).toEqual([
      ['email', 'temporary_failure', 'provider_unavailable'],
      ['email', 'temporary_failure', 'provider_unavailable'],
      ['email', 'sent', null],
    ]);
    // Exponential backoff from the worker's default 2 s: a retry never comes sooner than its delay
    // (a lower bound only; how much later it comes is the machine's business, not asserted).
    const gaps = attempts.slice(1).map((a, i) => new Date(a.at).getTime() - new Date(attempts[i].at).getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(1_900);
    expect(gaps[1]).toBeGreaterThanOrEqual(3_900);

    expect(await messagesOf(ids.mailer)).toEqual([
      expect.objectContaining({
        notification_id: row.notification_id,
        channel: 'email',
        message_type: 'email',
        masked_address: `m${'*'.repeat(`mailer-${suffix}`.length - 1)}@example.kr`,
        template_code: 'gp-prepayment-made-v1',
        title: '착한 선결제 완료',
      }),
    ]);
  });

  it('a permanent failure lands in the failed list, which only staff read, and a staff resend delivers it', async () => {
    await failChannel('email', 1, 'permanent');
    expect((await prepayOnPlatform(mailer, 150_000)).status).toBe(201);
    const rows = await settledFor(ids.mailer, 2, 'the second e-mail fails for good');
    const failedRow = rows[1];
    expect([failedRow.status, failedRow.failure_code, failedRow.attempts]).toEqual(['failed', 'recipient_rejected', 1]);
    expect(await messagesOf(ids.mailer)).toHaveLength(1);

    const list = await send('GET', '/notifications/failed', { token: staff });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        notificationId: failedRow.notification_id,
        kind: 'prepayment_made',
        recipientId: ids.mailer,
        failureCode: 'recipient_rejected',
        lastChannel: 'email',
        sendRound: 0,
      }),
    );
    expect(JSON.stringify(list.body)).not.toContain('example.kr');
    expect(await send('GET', '/notifications/failed', { token: mailer })).toMatchObject({ status: 403, body: { code: 'wrong_role' } });
    expect(await send('POST', `/notifications/${failedRow.notification_id}/resend`, { token: mailer })).toMatchObject({ status: 403 });

    const resent = await send('POST', `/notifications/${failedRow.notification_id}/resend`, { token: staff });
    expect(resent).toMatchObject({ status: 200, body: { notificationId: failedRow.notification_id, sendRound: 1 } });
    await eventually(async () => (await notificationsOf(ids.mailer))[1].status === 'sent', 'the resent e-mail is sent');

    const [, after] = await notificationsOf(ids.mailer);
    expect([after.status, after.send_round, after.resent_by]).toEqual(['sent', 1, `staff:${ids.staff}`]);
    expect((await messagesOf(ids.mailer)).map((m) => [m.notification_id, m.send_round, m.channel])).toEqual([
      [rows[0].notification_id, 0, 'email'],
      [failedRow.notification_id, 1, 'email'],
    ]);
    expect(
      (await send('GET', '/notifications/failed', { token: staff })).body.items.map((f: { notificationId: string }) => f.notificationId),
    ).not.toContain(failedRow.notification_id);
    expect(await send('POST', `/notifications/${failedRow.notification_id}/resend`, { token: staff })).toMatchObject({
      status: 422,
      body: { code: 'notification_not_failed' },
    });
    expect(await send('POST', `/notifications/${randomUUID()}/resend`, { token: staff })).toMatchObject({ status: 404 });
  });

  it("records providers' delivery receipts once; an undelivered message joins the failed list and a resend delivers it", async () => {
    const receipt = (body: Record<string, unknown>, secret = DEV_NOTIFICATION_RECEIPT_SECRET) =>
      send('POST', '/notifications/delivery-receipts', { body, headers: { 'x-receipt-secret': secret } });
    const [made] = await notificationsOf(ids.citizen);
    const delivered = { providerMessageId: made.provider_message_id, status: 'delivered', reportedAt: new Date().toISOString() };

    expect(await receipt(delivered)).toMatchObject({ status: 200, body: { matched: true, duplicate: false } });
    expect(await receipt(delivered)).toMatchObject({ status: 200, body: { matched: true, duplicate: true } });
    expect((await notificationsOf(ids.citizen))[0].delivery_status).toBe('delivered');
    expect(await receipt({ providerMessageId: randomUUID(), status: 'delivered', reportedAt: new Date().toISOString() })).toMatchObject({
      status: 200,
      body: { matched: false, duplicate: false },
    });
    expect(await receipt(delivered, 'not-the-secret')).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(await receipt({ ...delivered, status: 'read' })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });

    const [refund] = await notificationsOf(organisationId);
    const undelivered = {
      providerMessageId: refund.provider_message_id,
      status: 'failed',
      reason: 'unreachable',
      reportedAt: new Date().toISOString(),
    };
    expect(await receipt(undelivered)).toMatchObject({ status: 200, body: { matched: true, duplicate: false } });
    const [failed] = await notificationsOf(organisationId);
    expect([failed.status, failed.delivery_status, failed.failure_code]).toEqual(['failed', 'undelivered', 'undelivered']);
    const list = await send('GET', '/notifications/failed', { token: staff });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ notificationId: refund.notification_id, failureCode: 'undelivered', lastChannel: 'sms' }),
    );

    expect((await send('POST', `/notifications/${refund.notification_id}/resend`, { token: staff })).status).toBe(200);
    await eventually(async () => (await notificationsOf(organisationId))[0].status === 'sent', 'the undelivered refund is sent again');
    // Round 0's Alimtalk failed, so the resend goes through the fallback only, never to Alimtalk again (issue 12).
    expect((await messagesOf(organisationId)).map((m) => [m.send_round, m.channel, m.template_code])).toEqual([
      [0, 'sms', 'GP-SMS-PREPAY-REFUNDED-01'],
      [1, 'sms', 'GP-SMS-PREPAY-REFUNDED-01'],
    ]);
  });

  it('a worker restarted after Redis was lost catches up: the new event is told once, nothing earlier again', async () => {
    const sentBefore = await messagesOf(ids.citizen);
    earlierWorkerLogs += system.worker?.output() ?? '';
    await system.worker?.kill('SIGTERM');
    await flushPrefix(system.queuePrefix);
    const prepaid = await prepayOnPlatform(citizen, 100_000);
    expect(prepaid.status).toBe(201);
    await system.startWorker();

    const rows = await settledFor(ids.citizen, 3, 'the prepayment made while the worker was down is notified');
    expect(rows.map((row) => [row.kind, row.status])).toEqual([
      ['prepayment_made', 'sent'],
      ['prepayment_redeemed', 'skipped'],
      ['prepayment_made', 'sent'],
    ]);
    const sent = await messagesOf(ids.citizen);
    expect(sent.slice(0, sentBefore.length)).toEqual(sentBefore);
    expect(sent.map((m) => m.body)).toEqual([sentBefore[0].body, expect.stringContaining(`선결제 코드: ${prepaid.body.code}`)]);
  });

  it('a raffle certification of a platform prepayment, approved at once, is told with the round', async () => {
    const certified = await create(`/campaigns/${campaignId}/raffle/certifications`, citizen, {
      name: '홍길동',
      phone: '010-1234-5678',
      consent: { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true },
      prepaymentId: citizenPrepaymentId,
    });
    expect(certified.status).toBe(201);

    const rows = await settledFor(ids.citizen, 4, 'the approved certification is notified');
    expect([rows[3].kind, rows[3].status, rows[3].channel]).toEqual(['certification_approved', 'sent', 'alimtalk']);
    const sent = await messagesOf(ids.citizen);
    expect(sent.slice(2)).toEqual([
      expect.objectContaining({
        template_code: 'GP_CERT_APPROVED_02',
        body: '[착한 선결제] Jeonbuk good prepayment 1회차 경품 추첨 인증이 승인되었습니다. 응모가 마감되면 추첨하며, 당첨되시면 따로 안내해 드립니다.',
      }),
    ]);
  });

  it('sent each message once, and wrote no phone number or e-mail address to the tables or the logs', async () => {
    const duplicates = await system.sql(
      `SELECT notification_id, send_round, count(*) FROM notification_sent_messages GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    const perEvent = await system.sql(
      `SELECT event_id, recipient_id, kind, count(*) FROM notifications GROUP BY 1, 2, 3 HAVING count(*) > 1`,
    );
    expect(perEvent).toEqual([]);
    const [{ sent }] = await system.sql<{ sent: number }>(
      `SELECT count(*)::int AS sent FROM notification_sent_messages WHERE template_code <> '${PHONE_CODE_TEMPLATE}'`,
    );
    // citizen: two prepayments and a certification; organisation: its refund twice (two rounds); mailer: two prepayments (one resent).
    expect(sent).toBe(7);

    const [{ dump }] = await system.sql<{ dump: string }>(
      `SELECT string_agg(t, '|') AS dump FROM (
         SELECT to_jsonb(n)::text AS t FROM notifications n
         UNION ALL SELECT to_jsonb(c)::text FROM notification_contacts c
         UNION ALL SELECT to_jsonb(m)::text FROM notification_sent_messages m
         UNION ALL SELECT to_jsonb(e)::text FROM events e) x`,
    );
    const logs = `${system.api?.output()}${earlierWorkerLogs}${system.worker?.output()}`;
    for (const secret of secrets) {
      expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(logs.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });
});

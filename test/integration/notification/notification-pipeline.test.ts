import { randomUUID } from 'node:crypto';
import { NOTIFICATION_PLANNER, sendJob } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld, prepaymentMade, prepaymentRedeemed, prepaymentRefunded } from './notification-world';

describe('notification pipeline: events to messages', () => {
  let world: NotificationWorld;
  const merchantId = randomUUID();

  beforeAll(async () => {
    world = await NotificationWorld.start();
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
  });
  afterAll(() => world.close());

  it('tells the payer of a prepayment by Alimtalk, once, with the template filled', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { phone: '010-1234-5678' });
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    await world.planAndDispatch();
    await world.settled();

    const messages = (await world.sentMessages()).filter((m) => m.recipient_id === payer);
    expect(messages).toEqual([
      expect.objectContaining({
        channel: 'alimtalk',
        message_type: 'alimtalk',
        masked_address: '010-****-5678',
        template_code: 'GP_PREPAY_MADE_01',
        body: '[착한 선결제] 전주 한옥 분식에 100,000원 선결제가 완료되었습니다. 선결제 코드: 7K3M9QXA',
      }),
    ]);
  });

  it('tells the payer of a redemption (found through the prepayment) and a refund', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { phone: '01098765432' });
    const prepaymentId = randomUUID();
    await world.append(
      `prepayment-${prepaymentId}`,
      prepaymentMade(prepaymentId, payer, merchantId, 100_000),
      prepaymentRedeemed(prepaymentId, merchantId, 25_000, 75_000),
      prepaymentRefunded(prepaymentId, payer, merchantId, 75_000),
    );
    await world.planAndDispatch();
    await world.settled();

    const bodies = (await world.sentMessages()).filter((m) => m.recipient_id === payer).map((m) => m.template_code);
    expect(bodies.sort()).toEqual(['GP_PREPAY_MADE_01', 'GP_PREPAY_REDEEMED_01', 'GP_PREPAY_REFUNDED_01']);
    const redeemed = (await world.sentMessages()).find((m) => m.recipient_id === payer && m.template_code === 'GP_PREPAY_REDEEMED_01');
    expect(redeemed?.body).toBe('[착한 선결제] 전주 한옥 분식에서 25,000원을 사용했습니다. 남은 금액: 75,000원');
  });

  it("tells a shop's owner that a settlement was paid, naming the day it covered", async () => {
    const owner = `owner-${merchantId}`;
    await world.setContact(owner, { phone: '010-5555-0001' });
    const settlementId = randomUUID();
    await world.append(`settlement-${merchantId}`, {
      type: 'SettlementClosed',
      data: {
        settlementId,
        merchantId,
        day: '2025-01-14',
        items: [],
        collected: 300_000,
        refunds: 0,
        fee: 0,
        pledge: 3_000,
        payout: 297_000,
        carriedIn: 0,
        carriedOut: 0,
        closedAt: '2025-01-15T17:00:00Z',
      },
    });
    await world.append(`payout-${settlementId}`, {
      type: 'PayoutPaid',
      data: { settlementId, merchantId, amount: 297_000, transferId: 'tr-1', round: 0, paidAt: '2025-01-15T17:01:00Z' },
    });
    await world.planAndDispatch();
    await world.settled();

    const messages = (await world.sentMessages()).filter((m) => m.recipient_id === owner);
    expect(messages).toEqual([
      expect.objectContaining({
        template_code: 'GP_MERCHANT_SETTLED_01',
        body: '[착한 선결제] 전주 한옥 분식 2025-01-14 정산금 297,000원이 지급되었습니다.',
      }),
    ]);
  });

  it('sends once under replays: the planner rebuilt from 0, and the same job queued again', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { email: 'payer@example.kr' });
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    await world.planAndDispatch();
    await world.settled();

    await world.subscriptions.rebuild(NOTIFICATION_PLANNER);
    await world.sql.query(`UPDATE consumer_outbox SET sent_at = NULL, done_at = NULL`); // as if every job were lost with Redis
    await world.sendOutbox({ check: true });
    const [row] = (await world.notifications()).filter((n) => n.recipient_id === payer);
    const job = sendJob(
      { notificationId: row.notification_id, round: 0, kind: row.kind, eventId: row.event_id },
      { attempts: 4, backoffMs: 20 },
    );
    await world.queue.add(job.name, job.data, { ...job.options, jobId: `${job.jobId}-dup` });
    await world.settled();

    expect((await world.sentMessages()).filter((m) => m.recipient_id === payer)).toHaveLength(1);
    expect((await world.notifications()).filter((n) => n.recipient_id === payer)).toHaveLength(1);
  });

  it('honours an opt-out, but a refund must be received', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { phone: '010-2222-3333' });
    await world.setPreferences(payer, ['prepayment_made', 'prepayment_redeemed']);
    const prepaymentId = randomUUID();
    await world.append(
      `prepayment-${prepaymentId}`,
      prepaymentMade(prepaymentId, payer, merchantId),
      prepaymentRefunded(prepaymentId, payer, merchantId, 100_000),
    );
    await world.planAndDispatch();
    await world.settled();

    const rows = (await world.notifications()).filter((n) => n.recipient_id === payer);
    expect(rows.map((n) => [n.kind, n.status, n.skip_reason])).toEqual([
      ['prepayment_made', 'skipped', 'opted_out'],
      ['prepayment_refunded', 'sent', null],
    ]);
  });

  it('skips someone without contact details, and someone erased since', async () => {
    const stranger = `citizen-${randomUUID()}`;
    const erased = `citizen-${randomUUID()}`;
    await world.setContact(erased, { phone: '010-4444-5555' });
    await world.vault.erase(erased, 'the person asked', { id: 'staff-1', role: 'staff' });
    const [a, b] = [randomUUID(), randomUUID()];
    await world.append(`prepayment-${a}`, prepaymentMade(a, stranger, merchantId));
    await world.append(`prepayment-${b}`, prepaymentMade(b, erased, merchantId));
    await world.planAndDispatch();
    await world.settled();

    const reasons = (await world.notifications())
      .filter((n) => [stranger, erased].includes(n.recipient_id))
      .map((n) => [n.recipient_id, n.status, n.skip_reason]);
    expect(reasons).toEqual([
      [stranger, 'skipped', 'no_contact'],
      [erased, 'skipped', 'contact_erased'],
    ]);
  });

  it('does not message about events older than the planning window (a first deployment over an old log)', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { phone: '010-6666-7777' });
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    const saved = world.clock.now();
    world.clock.set(new Date(Date.now() + 2 * 24 * 3600_000));
    try {
      await world.planAndDispatch();
    } finally {
      world.clock.set(saved);
    }
    const [row] = (await world.notifications()).filter((n) => n.recipient_id === payer);
    expect([row.status, row.skip_reason]).toEqual(['skipped', 'stale']);
  });

  it('never writes a phone number or an e-mail address in clear to its tables or jobs', async () => {
    const everything = await world.sql.query<{ dump: string }>(
      `SELECT string_agg(t::text, '|') AS dump FROM (
         SELECT to_jsonb(n)::text AS t FROM notifications n
         UNION ALL SELECT to_jsonb(c)::text FROM notification_contacts c
         UNION ALL SELECT to_jsonb(m)::text FROM notification_sent_messages m
         UNION ALL SELECT to_jsonb(e)::text FROM events e) x`,
    );
    for (const secret of ['01012345678', '1234-5678', '01098765432', 'payer@example.kr'])
      expect(everything.rows[0].dump).not.toContain(secret);
    const jobs = await world.queue.getJobs(['completed', 'failed', 'delayed', 'waiting']);
    expect(jobs.length).toBeGreaterThan(0);
    // Ids only: a batch's messages, or one message's round.
    for (const job of jobs) expect([['notificationIds'], ['notificationId', 'round']]).toContainEqual(Object.keys(job.data).sort());
  });
});

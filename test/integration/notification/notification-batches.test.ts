import { randomUUID } from 'node:crypto';
import { BATCH_HANDOVER, NOTIFICATION_PLANNER, SEND_BATCH_JOB, sendJobId } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld, prepaymentMade } from './notification-world';

const EMAILS_PER_SECOND = 2;

/**
 * The planner's messages go out in send batches (a job per kind and up to 500 messages): each
 * message is sent once, in the batch or, when the batch cannot finish it, in a job of its own;
 * and a batch sends no faster than the provider accepts.
 */
describe('notification send batches', () => {
  let world: NotificationWorld;
  const merchantId = randomUUID();

  beforeAll(async () => {
    world = await NotificationWorld.start({ ratePerSecond: { email: EMAILS_PER_SECOND } });
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
  });
  afterAll(() => world.close());

  /** `count` new payers (with e-mail addresses unless said) prepay, one event each, before anything is planned. */
  async function prepayments(count: number, { withContact = true } = {}): Promise<string[]> {
    const payers = Array.from({ length: count }, () => `citizen-${randomUUID()}`);
    for (const payer of payers) {
      if (withContact) await world.setContact(payer, { email: `${payer}@example.kr` });
      const prepaymentId = randomUUID();
      await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    }
    return payers;
  }

  const rowsOf = async (payers: string[]) => (await world.notifications()).filter((n) => payers.includes(n.recipient_id));
  const sentTo = async (payers: string[]) => (await world.sentMessages()).filter((m) => payers.includes(m.recipient_id));

  it('hands a message that failed for now to a job of its own, with the tries left, and sends the rest in the batch', async () => {
    const payers = await prepayments(3);
    await world.channels.failNext('email', 1, 'temporary'); // the batch's first send
    await world.planAndDispatch();
    await world.settled();

    expect((await sentTo(payers)).map((m) => m.recipient_id).sort()).toEqual([...payers].sort());
    const [first, ...others] = await rowsOf(payers);
    expect(first).toMatchObject({ recipient_id: payers[0], status: 'sent', attempts: 2 });
    for (const row of others) expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    // One batch from the planner; one job of its own for the first message, with the world's four tries less the batch's.
    const { rows: outbox } = await world.sql.query<{ consumer: string; job_name: string; job_id: string; attempts: number }>(
      `SELECT consumer, job_name, job_id, (options->>'attempts')::int AS attempts FROM consumer_outbox
       WHERE caused_by = ANY($1::uuid[]) ORDER BY id`,
      [(await rowsOf(payers)).map((row) => row.event_id)],
    );
    expect(outbox).toEqual([
      { consumer: NOTIFICATION_PLANNER, job_name: SEND_BATCH_JOB, job_id: `batch-${first.notification_id}`, attempts: 4 },
      { consumer: BATCH_HANDOVER, job_name: 'send', job_id: sendJobId(first.notification_id, 0), attempts: 3 },
    ]);
  });

  it('sends a batch larger than what the provider takes in a second over the next seconds, each message once', async () => {
    const payers = await prepayments(5);
    await world.planAndDispatch();
    await world.settled();

    expect((await sentTo(payers)).map((m) => m.recipient_id).sort()).toEqual([...payers].sort());
    for (const row of await rowsOf(payers)) expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    const [first] = await rowsOf(payers);
    const batch = await world.queue.getJob(`batch-${first.notification_id}`);
    expect(batch?.returnvalue).toMatch(/^done: 5 in the batch, [12] pending in its last pass$/);
    // Two a second: five messages span three seconds, so the batch ended at least a second after it was queued.
    expect(batch!.finishedOn! - batch!.timestamp).toBeGreaterThanOrEqual(1000);
    const handedOver = await world.count(`SELECT count(*)::int AS n FROM consumer_outbox WHERE consumer = $1`, [BATCH_HANDOVER]);
    expect(handedOver).toBe(1); // only the first test's
  });

  it('plans as skipped what nobody can or may receive, and batches only the others', async () => {
    const [reachable] = await prepayments(1);
    const unreachable = await prepayments(3, { withContact: false });
    const [optedOut] = await prepayments(1);
    await world.setPreferences(optedOut, ['prepayment_made']);
    await world.planAndDispatch();
    await world.settled();

    expect((await sentTo([reachable, ...unreachable, optedOut])).map((m) => m.recipient_id)).toEqual([reachable]);
    const rows = await rowsOf([reachable, ...unreachable, optedOut]);
    expect(rows.map((row) => [row.recipient_id, row.status, row.skip_reason, row.attempts])).toEqual([
      [reachable, 'sent', null, 1],
      ...unreachable.map((payer) => [payer, 'skipped', 'no_contact', 0]),
      [optedOut, 'skipped', 'opted_out', 0],
    ]);
    const { rows: batches } = await world.sql.query<{ ids: string[] }>(
      `SELECT data->'notificationIds' AS ids FROM consumer_outbox WHERE caused_by = ANY($1::uuid[])`,
      [rows.map((row) => row.event_id)],
    );
    expect(batches).toEqual([{ ids: [rows[0].notification_id] }]);
  });
});

import { randomUUID } from 'node:crypto';
import { Subscriptions } from '@goodpay/event-store';
import { NOTIFICATION_PLANNER, NOTIFICATION_QUEUE, NotificationPlanner } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld, prepaymentMade } from '../integration/notification/notification-world';
import { eventually } from '../support/processes';
import { flushPrefix } from '../support/test-redis';
import { DuplicatingQueue } from './support/duplicating-queue';

const PAYERS = 20;

/**
 * "No message is ever lost or doubled, whatever dies when", for the notification planner, a
 * reactor like the draw's and the payouts': it plans messages and records their send jobs in the
 * outbox, in its checkpoint's transaction. Here the process that plans them dies before the
 * enqueue (the batch is run on a Subscriptions of its own, with no dispatcher listening: what a
 * worker SIGKILLed after that commit leaves), Redis loses every key, and every send job is then
 * delivered twice. Each message goes out once; an outbox row marked unsent again after its job
 * ran (a dispatcher that died before marking it) sends nothing more.
 */
describe('fault: notification planner killed between its outbox and the enqueue, Redis wiped, every send delivered twice', () => {
  let world: NotificationWorld;
  let duplicating: DuplicatingQueue | undefined;
  const merchantId = randomUUID();
  const payers = Array.from({ length: PAYERS }, (_, i) => `citizen-${i}-${randomUUID()}`);

  beforeAll(async () => {
    world = await NotificationWorld.start();
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
    for (const [i, payer] of payers.entries()) await world.setContact(payer, { phone: `010-7000-${String(1000 + i)}` });
  }, 60_000);

  afterAll(async () => {
    await duplicating?.close();
    await world?.close();
  });

  it('sends each planned message once', async () => {
    for (const payer of payers) {
      const prepaymentId = randomUUID();
      await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    }
    const prefix = String(world.queue.opts.prefix);

    // The dying process: its batch commits the messages, their outbox rows and its checkpoint; nobody sends them.
    const dying = new Subscriptions(world.store);
    dying.register(world.app.get(NotificationPlanner));
    await flushPrefix(prefix); // Redis loses everything while the rows wait
    duplicating = new DuplicatingQueue(prefix, NOTIFICATION_QUEUE);
    await duplicating.start();
    await dying.catchUpCompletely(NOTIFICATION_PLANNER);
    // One batch job (one kind) holds every message; it waits in the outbox, unsent.
    const planned = await world.sql.query<{ jobs: number; messages: number; unsent: number }>(
      `SELECT count(*)::int AS jobs, sum(jsonb_array_length(data->'notificationIds'))::int AS messages,
              count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent
       FROM consumer_outbox WHERE queue = $1 AND consumer = $2`,
      [NOTIFICATION_QUEUE, NOTIFICATION_PLANNER],
    );
    expect(planned.rows[0]).toEqual({ jobs: 1, messages: PAYERS, unsent: 1 });

    // The surviving process's dispatcher finds the row unsent and sends it; the job runs twice, at once.
    await world.sendOutbox();
    await world.settled();
    await eventually(async () => duplicating!.copies >= 1, 'the send job was delivered twice');
    await world.settled();

    // A dispatcher that died after the enqueue and before marking the rows sent: they go again.
    await world.sql.query(`UPDATE consumer_outbox SET sent_at = NULL, done_at = NULL WHERE queue = $1`, [NOTIFICATION_QUEUE]);
    await world.sendOutbox({ check: true });
    await world.settled();

    const sent = (await world.sentMessages()).filter((m) => payers.includes(m.recipient_id));
    expect(sent).toHaveLength(PAYERS);
    expect(new Set(sent.map((m) => m.recipient_id)).size).toBe(PAYERS);
    expect(sent.every((m) => m.template_code === 'GP_PREPAY_MADE_01')).toBe(true);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { MessageHistory, MessageRetention } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld, prepaymentMade } from './notification-world';

/**
 * Issue 12: messages keep no plain personal data after the retention period. The text kept and
 * shown is masked from the start; after `retentionDays` the variables (which a resend would
 * need) and the recording channels' copy are masked too.
 */
describe('notification retention', () => {
  let world: NotificationWorld;
  const merchantId = randomUUID();

  beforeAll(async () => {
    world = await NotificationWorld.start({ retentionDays: 30 });
    await world.append(`merchant-${merchantId}`, merchantRegistered(merchantId, '전주 한옥 분식'));
  });
  afterAll(() => world.close());

  it('shows the citizen the text as sent with the prepayment code masked, and masks what is kept after the period', async () => {
    const payer = `citizen-${randomUUID()}`;
    await world.setContact(payer, { phone: '010-4000-0001' });
    const prepaymentId = randomUUID();
    await world.append(`prepayment-${prepaymentId}`, prepaymentMade(prepaymentId, payer, merchantId));
    await world.planAndDispatch();
    await world.settled();

    const history = world.app.get(MessageHistory);
    const { items } = await history.forRecipient(payer, 10, 0);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'prepayment_made',
        channel: 'alimtalk',
        status: 'sent',
        to: '010-****-0001',
        text: '[착한 선결제] 전주 한옥 분식에 100,000원 선결제가 완료되었습니다. 선결제 코드: 7*******',
      }),
    ]);
    // Until the period ends the clear code is kept for a resend, and the recording copy is what the provider got.
    const retention = world.app.get(MessageRetention);
    world.clock.set('2025-02-18T05:00:00Z'); // 29 days later
    expect(await retention.redactExpired()).toBe(0);
    expect((await world.sentMessages()).find((m) => m.recipient_id === payer)?.body).toContain('7K3M9QXA');

    world.clock.set('2025-02-20T05:00:01Z'); // 31 days later
    expect(await retention.redactExpired()).toBeGreaterThanOrEqual(1);
    const [row] = (await world.notifications()).filter((n) => n.recipient_id === payer);
    expect(row.variables).toEqual({ merchantName: '전주 한옥 분식', amount: '100,000원', code: '7*******' });
    expect(row.redacted_at).not.toBeNull();
    const kept = await world.sql.query(
      `SELECT * FROM notifications n JOIN notification_sent_messages m USING (notification_id) WHERE n.recipient_id = $1`,
      [payer],
    );
    expect(JSON.stringify(kept.rows)).not.toContain('7K3M9QXA');
    expect(JSON.stringify(kept.rows)).not.toContain('4000-0001');
    expect(await retention.redactExpired()).toBe(0); // once
  });
});

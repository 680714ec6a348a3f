import { randomUUID } from 'node:crypto';
import { type DomainEvent, inTransaction, type Reactor, type RecordedEvent, type Sql } from '@goodpay/event-store';
import { NOTIFICATION_PLANNER } from '@goodpay/notification';
import { merchantRegistered, NotificationWorld, prepaymentMade, prepaymentRedeemed } from './notification-world';

/** What a planning leaves: the notifications and facts it wrote, and the messages its send jobs send (ids, sorted). */
interface Planned {
  notifications: Record<string, unknown>[];
  facts: Record<string, unknown>[];
  toSend: string[];
}

/**
 * The planner run on a batch as one set, against the same events one batch each (what planning
 * event by event gives: each event's facts written before the next one's are read). Both run in
 * a transaction rolled back afterwards, on the same database, so they start from the same facts.
 */
describe('notification planner: a batch plans what the events one by one plan', () => {
  let world: NotificationWorld;
  let planner: Reactor;
  let position = 0;
  const rolledBack = new Error('rolled back');

  beforeAll(async () => {
    world = await NotificationWorld.start();
    planner = world.subscriptions.get(NOTIFICATION_PLANNER) as Reactor;
    // Reachable, so that their messages are planned to be sent (the others are planned skipped).
    for (const citizen of ['citizen-0', 'citizen-1', 'citizen-2', 'citizen-3', 'citizen-9']) {
      await world.setContact(citizen, { phone: '010-5555-0000' });
    }
  });
  afterAll(() => world.close());

  const recorded = (event: DomainEvent): RecordedEvent => {
    position += 1;
    return {
      id: randomUUID(),
      streamId: `stream-${position}`,
      streamVersion: 1,
      globalPosition: String(position),
      transactionId: '1',
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: { correlationId: 'c', causationId: null, actor: { id: 'system', role: 'staff' } },
      recordedAt: world.clock.now(),
    };
  };

  /** Plans `before` then `batches` in one transaction, reads what they left, and rolls it all back. */
  async function plan(before: RecordedEvent[], batches: RecordedEvent[][]): Promise<Planned> {
    let planned: Planned | undefined;
    await inTransaction(world.store.dataSource, async (sql) => {
      await planner.react(before, sql);
      const toSend: string[] = [];
      // Whichever batch job carries each message.
      for (const batch of batches) toSend.push(...(await planner.react(batch, sql)).flatMap((job) => job.data.notificationIds as string[]));
      planned = { notifications: await notifications(sql), facts: await facts(sql), toSend: toSend.sort() };
      throw rolledBack;
    }).catch((error) => {
      if (error !== rolledBack) throw error;
    });
    return planned!;
  }

  it('remembers facts in order: first payer wins, the last name wins, a payer known before the batch stays', async () => {
    const [shop, campaign] = [randomUUID(), randomUUID()];
    const [p0, p1, p2] = [randomUUID(), randomUUID(), randomUUID()];
    // Known before the batch: p0's payer, from an earlier batch.
    const before = [recorded(prepaymentMade(p0, 'citizen-0', shop))];
    const atShop = prepaymentMade(p2, 'nobody', shop);
    const events = [
      recorded(merchantRegistered(shop, '가게 A')),
      recorded(campaignCreated(campaign, '캠페인 1')),
      recorded(prepaymentMade(p1, 'citizen-1', shop)),
      recorded(prepaymentRedeemed(p1, shop, 10_000, 90_000)),
      recorded({ ...atShop, data: { ...(atShop.data as object), payer: null } }), // unclaimed: nobody to tell
      recorded(prepaymentRedeemed(p2, shop, 10_000, 90_000)), // still nobody's
      recorded(prepaymentClaimed(p2, 'citizen-2', shop, campaign)),
      recorded(prepaymentRedeemed(p2, shop, 10_000, 80_000)), // now citizen-2's
      recorded(prepaymentClaimed(p1, 'citizen-3', shop, campaign)), // the first payer stays
      recorded(prepaymentClaimed(p0, 'citizen-9', shop, campaign)), // the payer known before stays
      recorded(prepaymentRedeemed(p0, shop, 10_000, 90_000)),
      recorded(merchantRegistered(shop, '가게 B')),
      recorded(prepaymentRedeemed(p1, shop, 10_000, 80_000)), // the shop's new name
      recorded(campaignChanged(campaign, '캠페인 2')),
      recorded(endChoiceOffered(p2, shop, campaign, 'citizen-2')), // the campaign's new name
    ];

    const oneByOne = await plan(
      before,
      events.map((event) => [event]),
    );
    const asBatch = await plan(before, [events]);

    expect(asBatch).toEqual(oneByOne);
    // And what that is, spelled out: whom each event told, with which names.
    const told = asBatch.notifications.map(({ event_position, recipient_id, variables }) => [
      Number(event_position) - Number(events[0].globalPosition) + 1,
      recipient_id,
      (variables as { merchantName?: string; campaignName?: string }).campaignName ?? (variables as { merchantName?: string }).merchantName,
    ]);
    expect(told).toEqual([
      [0, 'citizen-0', '가맹점'], // before the batch, before the shop was registered
      [3, 'citizen-1', '가게 A'],
      [4, 'citizen-1', '가게 A'],
      [8, 'citizen-2', '가게 A'],
      [11, 'citizen-0', '가게 A'],
      [13, 'citizen-1', '가게 B'],
      [15, 'citizen-2', '캠페인 2'],
    ]);
    expect(asBatch.toSend).toHaveLength(6);
    expect(asBatch.facts).toEqual(
      expect.arrayContaining([
        { fact: 'payer', key: p0, value: 'citizen-0' },
        { fact: 'payer', key: p1, value: 'citizen-1' },
        { fact: 'payer', key: p2, value: 'citizen-2' },
        { fact: 'merchant', key: shop, value: '가게 B' },
        { fact: 'campaign', key: campaign, value: '캠페인 2' },
      ]),
    );
  });

  it('asks for no job again when the batch is planned a second time, and none for a stale event', async () => {
    const shop = randomUUID();
    const prepayment = randomUUID();
    const stale = { ...recorded(prepaymentMade(randomUUID(), 'citizen-old', shop)), recordedAt: new Date('2024-01-01T00:00:00Z') };
    const events = [recorded(prepaymentMade(prepayment, 'citizen-1', shop)), recorded(prepaymentRedeemed(prepayment, shop, 1_000, 99_000))];
    const twice = await plan(
      [],
      [
        [stale, ...events],
        [stale, ...events],
      ],
    );
    expect(twice.toSend).toHaveLength(2);
    expect(twice.notifications.map((row) => [row.recipient_id, row.status])).toEqual([
      ['citizen-old', 'skipped'],
      ['citizen-1', 'pending'],
      ['citizen-1', 'pending'],
    ]);
  });

  it('plans only the new part of a batch that was partly planned before: one job per message', async () => {
    const shop = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const made = recorded(prepaymentMade(first, 'citizen-1', shop));
    const rest = [recorded(prepaymentRedeemed(first, shop, 1_000, 99_000)), recorded(prepaymentMade(second, 'citizen-2', shop))];
    // The first event planned alone, then again at the head of a batch (a rebuild's replay catching up past it).
    const replayed = await plan([], [[made], [made, ...rest]]);
    expect(replayed.toSend).toHaveLength(3);
    expect(new Set(replayed.toSend).size).toBe(3);
    expect(replayed.notifications.map((row) => [row.recipient_id, row.status])).toEqual([
      ['citizen-1', 'pending'],
      ['citizen-1', 'pending'],
      ['citizen-2', 'pending'],
    ]);
  });
});

async function notifications(sql: Sql): Promise<Record<string, unknown>[]> {
  const { rows } = await sql.query(
    `SELECT notification_id, event_id, event_position, recipient_id, kind, template_id, template_version, variables, status, skip_reason
     FROM notifications ORDER BY event_position, kind, recipient_id`,
  );
  return rows;
}

async function facts(sql: Sql): Promise<Record<string, unknown>[]> {
  const { rows } = await sql.query(
    `SELECT 'payer' AS fact, prepayment_id AS key, payer_id AS value FROM notification_prepayment_payers
     UNION ALL SELECT 'merchant', merchant_id, name || ' / ' || coalesce(owner_id, '-') FROM notification_merchant_names
     UNION ALL SELECT 'campaign', campaign_id, name FROM notification_campaign_names
     ORDER BY 1, 2`,
  );
  return rows.map((row) => (row.fact === 'merchant' ? { ...row, value: String(row.value).split(' / ')[0] } : row));
}

const campaignCreated = (campaignId: string, name: string): DomainEvent => ({
  type: 'CampaignCreated',
  data: { campaignId, name, createdAt: '2025-01-01T00:00:00Z' },
});

const campaignChanged = (campaignId: string, name: string): DomainEvent => ({
  type: 'CampaignChanged',
  data: { campaignId, name, changedAt: '2025-01-20T00:00:00Z' },
});

const prepaymentClaimed = (prepaymentId: string, payerId: string, merchantId: string, campaignId: string): DomainEvent => ({
  type: 'PrepaymentClaimed',
  data: {
    prepaymentId,
    merchantId,
    campaignId,
    payer: { id: payerId, kind: 'citizen' },
    amount: 100_000,
    paidAt: '2025-01-20T01:00:00Z',
    claimedAt: '2025-01-20T02:00:00Z',
  },
});

const endChoiceOffered = (prepaymentId: string, merchantId: string, campaignId: string, payerId: string): DomainEvent => ({
  type: 'CampaignEndChoiceOffered',
  data: { prepaymentId, merchantId, campaignId, payerId, balance: 80_000, keepAllowed: true, offeredAt: '2025-01-20T03:00:00Z' },
});

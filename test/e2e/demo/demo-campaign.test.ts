import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { eventually } from '../../support/processes';
import { runDemo } from '../../../apps/standalone/src/demo/run-demo';
import { DEMO_CAMPAIGN_NAME, DEMO_CITIZENS, DEMO_SHOPS } from '../../../apps/standalone/src/demo/demo-plan';
import { ShiftedSystem } from '../raffle/support/shifted-system';

const seoulDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Issue 16 item 7 and issue 19 item 3, done when: `npm run demo` runs a rehearsal of Jeonbuk's
 * campaign through the api and worker processes, on the rehearsal's own clock (three rounds
 * declared before they open, drawn after they close, each draw verified from its document with
 * scripts/verify-draw.mjs; the days settled, never paid out), in well under a few minutes; and a
 * real campaign's figures (dashboard, settlements, payouts, invariant check) are the same before
 * and after it, and after the rehearsal is deleted.
 */
describe('e2e: the demo rehearses the Jeonbuk timeline; real figures stay untouched', () => {
  const system = new ShiftedSystem();
  let staff: string;
  let realCampaignId: string;

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop());

  /** Everything about the real campaign an office reads, as it reads it. */
  const realFigures = async () => {
    const dashboard = (await system.request('GET', `/campaigns/${realCampaignId}/dashboard`, { token: staff })).body;
    const settlements = (await system.request('GET', '/settlements?limit=100', { token: staff })).body;
    const payouts = (await system.request('GET', '/payouts', { token: staff })).body as { settlementId: string; amount: unknown }[];
    const invariants = (await system.request('POST', '/admin/invariants/check', { token: staff })).body;
    return {
      dashboard,
      settlements: settlements.items.map((s: Record<string, unknown>) => ({ ...s, payoutStatus: undefined })),
      payouts: payouts.map((p) => [p.settlementId, p.amount]),
      invariants: { ok: invariants.ok, totals: invariants.totals, checkedPrepayments: invariants.checkedPrepayments },
    };
  };

  it('settles a real campaign first: a shop, a confirmed platform prepayment, its day settled', async () => {
    staff = await system.freshToken('staff-real', 'staff');
    const today = seoulDay(Date.now());
    const campaign = await system.request('POST', '/campaigns', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: {
        name: 'real campaign',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: today,
        endsOn: seoulDay(Date.now() + 60 * 86_400_000),
        participationTarget: { participants: 100, amount: 10_000_000 },
      },
    });
    expect(campaign.status).toBe(201);
    realCampaignId = campaign.body.campaignId;
    const owner = await system.freshToken('real-owner', 'merchant');
    const shop = await system.request('POST', '/merchants', {
      token: owner,
      idempotencyKey: randomUUID(),
      body: { name: 'real noodles', category: 'restaurant', district: 'Wansan-gu', businessRegistrationNumber: '1234567891' },
    });
    expect(shop.status).toBe(201);
    await system.request('POST', `/merchants/${shop.body.merchantId}/approve`, { token: staff });
    const citizen = await system.freshToken('real-citizen', 'citizen');
    const prepayment = await system.request('POST', '/prepayments', {
      token: citizen,
      idempotencyKey: randomUUID(),
      body: {
        campaignId: realCampaignId,
        merchantId: shop.body.merchantId,
        amount: 150_000,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: `real-${randomUUID()}` },
      },
    });
    expect(prepayment.status).toBe(201);
    const confirmed = await system.request('POST', `/prepayments/${prepayment.body.prepaymentId}/payment-confirmation`, {
      token: staff,
      body: { amount: 150_000 },
    });
    expect(confirmed.status).toBe(200);

    system.setDaysAhead(1);
    staff = await system.freshToken('staff-real-2', 'staff');
    expect((await system.request('POST', `/settlement-days/${today}/run`, { token: staff })).status).toBe(202);
    await eventually(
      async () => (await system.request('GET', '/payouts', { token: staff })).body.length === 1,
      'the real settlement and its payout',
      30_000,
    );
    await eventually(
      async () =>
        (await system.request('GET', `/campaigns/${realCampaignId}/dashboard`, { token: staff })).body.amountBroughtForward === 150_000,
      'the real dashboard',
      30_000,
    );
  });

  it('runs the rehearsal: three rounds declared, drawn and verified, its days settled and never paid out', async () => {
    const before = await realFigures();
    expect(before.invariants).toMatchObject({ ok: true, checkedPrepayments: 1, totals: { prepaid: 150000 } });

    const result = await runDemo(system.baseUrl);
    expect(result.created).toBe(true);
    // Its clock ends past the campaign's last day (the view follows the last move as the projection catches up).
    let campaign: any;
    await eventually(async () => {
      campaign = (await system.request('GET', `/campaigns/${result.campaignId}`)).body;
      return campaign.rehearsal.now > `${campaign.endsOn}T`;
    }, "the rehearsal's clock past its last day");
    expect(campaign).toMatchObject({ name: DEMO_CAMPAIGN_NAME, isRehearsal: true, roundsDrawn: [1, 2, 3] });
    expect(result.drawn.map((d) => [d.round, d.verifies])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    // Each saved round document verifies with the stand-alone script (exit code 0).
    for (const { file } of result.drawn) execFileSync(process.execPath, ['scripts/verify-draw.mjs', file], { stdio: 'pipe' });

    const count = async (type: string) =>
      Number((await system.sql<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = $1', [type]))[0]!.n);
    expect(await count('MerchantApproved')).toBe(DEMO_SHOPS.length + 1);
    expect(await count('PrepaymentMade')).toBe(DEMO_CITIZENS.length + 1 + 1);
    expect(await count('CashbackDonated')).toBeGreaterThan(0);
    expect(await count('RaffleDrawRecorded')).toBe(3);
    const rehearsed = (await system.request('GET', `/settlements?rehearsalCampaignId=${result.campaignId}&limit=100`, { token: staff }))
      .body;
    expect(rehearsed.total).toBeGreaterThan(0);
    expect(rehearsed.items.every((s: { payoutStatus: unknown }) => s.payoutStatus === null)).toBe(true);
    expect(result.lines.join('\n')).toContain(`${system.baseUrl}/docs`);
    expect(result.lines.join('\n')).toContain(`${system.baseUrl}/console`);

    // The real campaign's figures are exactly what they were.
    expect(await realFigures()).toEqual(before);

    // Deleted as a whole: gone from every answer; the real figures still the same.
    const deleted = await system.request('DELETE', `/campaigns/${result.campaignId}`, { token: staff });
    expect(deleted.status).toBe(200);
    const after = `?after=${deleted.body.position}`;
    expect((await system.request('GET', `/campaigns/${result.campaignId}${after}`)).status).toBe(404);
    await eventually(
      async () =>
        (
          await system.request('GET', `/settlements?rehearsalCampaignId=${result.campaignId}&after=${deleted.body.position}`, {
            token: staff,
          })
        ).body.total === 0,
      "the rehearsal's settlements deleted",
      30_000,
    );
    // Every read-model row of it is gone (its events stay: the log is append-only).
    const rowsLeft = async () => {
      let n = 0;
      for (const table of [
        'prepayment_balances',
        'campaign_targets',
        'campaign_breakdown',
        'campaign_views',
        'raffle_certifications',
        'settlement_items',
      ]) {
        const column = table === 'settlement_items' ? 'rehearsal_campaign_id' : 'campaign_id';
        n += (
          await system.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column}::text = $1`, [result.campaignId])
        )[0]!.n;
      }
      return n;
    };
    await eventually(async () => (await rowsLeft()) === 0, "the rehearsal's read-model rows deleted", 30_000);
    expect(await count('RaffleDrawRecorded')).toBe(3);
    expect((await system.request('DELETE', `/campaigns/${realCampaignId}`, { token: staff })).body.code).toBe('rehearsal_only');
    expect(await realFigures()).toEqual(before);
    // The whole Jeonbuk timeline over HTTP: well under a minute on a quiet machine; room for a shared one.
  }, 180_000);
});

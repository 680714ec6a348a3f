import { verifyDraw } from '@goodpay/raffle';
import { runDemo } from '../../../apps/standalone/src/demo/run-demo';
import { DEMO_CAMPAIGN_NAME, DEMO_CITIZENS, DEMO_SHOPS } from '../../../apps/standalone/src/demo/demo-plan';
import { ShiftedSystem } from '../raffle/support/shifted-system';

/**
 * `npm run demo` against the api and worker processes: the first run creates the demo
 * campaign over HTTP; the next day (the processes' clock moved one day on: round 1 has ended)
 * a second run closes and draws round 1, whose draw verifies from its published inputs, and
 * asks for the first day's settlement. A third run changes nothing more.
 */
describe('e2e: the demo campaign, created and drawn through the api', () => {
  const system = new ShiftedSystem();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop());

  it('creates the campaign with three rounds, a dozen shops, an organisation and citizens who prepay, redeem, certify and donate', async () => {
    const result = await runDemo(system.baseUrl);
    expect(result).toMatchObject({ created: true, drawn: [] });
    const campaign = (await system.request('GET', `/campaigns/${result.campaignId}`)).body;
    expect(campaign).toMatchObject({
      name: DEMO_CAMPAIGN_NAME,
      raffle: { minimumCertifiedAmount: 100_000, prize: 20_000, budget: 3_000_000 },
    });
    expect(campaign.raffle.rounds).toHaveLength(3);
    const count = async (type: string) =>
      Number((await system.sql<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = $1', [type]))[0]!.n);
    expect(await count('MerchantApproved')).toBe(DEMO_SHOPS.length);
    expect(new Set(DEMO_SHOPS.map((s) => s.category)).size).toBeGreaterThanOrEqual(5);
    expect(await count('PrepaymentMade')).toBe(DEMO_CITIZENS.length + 1);
    expect(await count('CashbackDonated')).toBeGreaterThan(0);
    expect(result.lines.join('\n')).toContain(`${system.baseUrl}/docs`);
    expect(result.lines.join('\n')).toContain(`${system.baseUrl}/campaigns/${result.campaignId}/raffle/rounds/1`);
  });

  it('the next day, draws round 1 (once), whose draw verifies, and settles the first day', async () => {
    system.setDaysAhead(1);
    const next = await runDemo(system.baseUrl);
    expect(next).toMatchObject({ created: false, drawn: [{ round: 1, verifies: true }] });
    const round = (await system.request('GET', `/campaigns/${next.campaignId}/raffle/rounds/1`)).body;
    expect(round.status).toBe('drawn');
    expect(round.draw.ranking).toHaveLength(DEMO_CITIZENS.filter((c) => c.certifies).length);
    expect(verifyDraw(round.draw).matches).toBe(true);

    const again = await runDemo(system.baseUrl);
    expect(again).toMatchObject({ created: false, campaignId: next.campaignId, drawn: [{ round: 1, verifies: true }] });
    expect(await system.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'RaffleDrawRecorded'`)).toEqual([{ n: 1 }]);
  });
});

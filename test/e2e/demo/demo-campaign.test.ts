import { eventually } from '../../support/processes';
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

  it('declares a Lotto draw for each round not yet open; the next day it leaves round 1 (open before any declaration) undrawn and settles the first day', async () => {
    system.setDaysAhead(1);
    const next = await runDemo(system.baseUrl);
    expect(next).toMatchObject({ created: false, drawn: [] });
    const rounds = await Promise.all(
      [1, 2, 3].map(async (n) => (await system.request('GET', `/campaigns/${next.campaignId}/raffle/rounds/${n}`)).body),
    );
    expect(rounds.map((round) => (round.declaredSources ?? []).map((source: { kind: string }) => source.kind))).toEqual([
      [],
      ['lotto645'],
      ['lotto645'],
    ]);
    expect(await system.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'RaffleDrawRecorded'`)).toEqual([{ n: 0 }]);
    await eventually(
      async () => (await system.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'SettlementClosed'`))[0]!.n > 0,
      'the first day is settled',
      30_000,
    );
  });
});

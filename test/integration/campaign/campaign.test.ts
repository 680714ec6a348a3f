import { randomUUID } from 'node:crypto';
import {
  CAMPAIGN_VIEWS,
  campaignMigrations,
  CampaignModule,
  CampaignQueries,
  campaignStream,
  ChangeCampaignCommand,
  CloseCampaignCommand,
  CreateCampaignCommand,
  type CreateCampaignInput,
  DEFAULT_PREPAYMENT_BOUNDS,
  ExtendCampaignCommand,
  jeonbukPreset,
} from '@goodpay/campaign';
import type { Actor } from '@goodpay/shared';
import { metadataFor } from '../../support/actors';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from './catalogue-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };

describe('campaign commands and views on the real event store', () => {
  let m: CatalogueModule;
  let queries: CampaignQueries;

  beforeAll(async () => {
    m = await startCatalogueModule([CampaignModule], campaignMigrations);
    queries = m.app.get(CampaignQueries);
  });
  afterAll(() => m?.close());

  const jeonbuk = (name = 'Jeonbuk good prepayment'): CreateCampaignInput => {
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    return {
      name,
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn,
      endsOn,
      raffle,
      participationTarget: { participants: 50_000, amount: 5_000_000_000 },
    };
  };
  const create = async (input = jeonbuk(), key = randomUUID()) =>
    (await m.commands.execute(new CreateCampaignCommand(contextFor(staff, key), input))).response.campaignId;
  const caughtUp = () => m.caughtUp(CAMPAIGN_VIEWS);

  it('creates a Jeonbuk campaign with the default bounds and shows it once projected', async () => {
    const result = await m.commands.execute(new CreateCampaignCommand(contextFor(staff, randomUUID()), jeonbuk()));
    await caughtUp();
    const view = await queries.get(result.response.campaignId, result.position);
    expect(view).toMatchObject({
      campaignId: result.response.campaignId,
      name: 'Jeonbuk good prepayment',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: '2025-01-13',
      endsOn: '2025-02-28',
      status: 'open',
      closedOn: null,
      bounds: DEFAULT_PREPAYMENT_BOUNDS,
      raffle: { minimumCertifiedAmount: 100_000, prize: 20_000, budget: 3_000_000, rounds: jeonbukPreset(2025).raffle.rounds },
      participationTarget: { participants: 50_000, amount: 5_000_000_000 },
      roundsDrawn: [],
    });
  });

  it('changes, extends and closes a campaign, and the view follows', async () => {
    const campaignId = await create(jeonbuk('Jeonbuk 2025'));
    await m.commands.execute(
      new ChangeCampaignCommand(contextFor(staff), campaignId, {
        name: 'Jeonbuk 2025 (extended)',
        bounds: { maxPerPersonPerMonth: 500_000 },
      }),
    );
    const rounds = jeonbukPreset(2025).raffle.rounds;
    const extendedRounds = [...rounds.slice(0, 2), { ...rounds[2], endsOn: '2025-06-30' }];
    await m.commands.execute(new ExtendCampaignCommand(contextFor(staff), campaignId, { endsOn: '2025-06-30', rounds: extendedRounds }));
    await caughtUp();
    expect(await queries.get(campaignId)).toMatchObject({
      name: 'Jeonbuk 2025 (extended)',
      endsOn: '2025-06-30',
      bounds: { ...DEFAULT_PREPAYMENT_BOUNDS, maxPerPersonPerMonth: 500_000 },
      raffle: { rounds: extendedRounds },
    });
    expect((await queries.list({ activeOn: '2025-05-01' })).items.map((c) => c.campaignId)).toContain(campaignId);

    await m.commands.execute(new CloseCampaignCommand(contextFor(staff), campaignId, { reason: 'budget spent' }));
    await caughtUp();
    expect(await queries.get(campaignId)).toMatchObject({ status: 'closed', closedOn: '2025-01-10' });
    expect((await queries.list({ status: 'closed' })).items.map((c) => c.campaignId)).toEqual([campaignId]);
    expect((await queries.list({ activeOn: '2025-05-01' })).items.map((c) => c.campaignId)).not.toContain(campaignId);
    expect((await refusal(m.commands.execute(new CloseCampaignCommand(contextFor(staff), campaignId, { reason: 'again' })))).code).toBe(
      'campaign_closed',
    );
  });

  it('answers a change that changes nothing with no event and position 0', async () => {
    const campaignId = await create();
    const before = await m.eventCount();
    const result = await m.commands.execute(new ChangeCampaignCommand(contextFor(staff), campaignId, { name: 'Jeonbuk good prepayment' }));
    expect(result).toMatchObject({ position: '0', replayed: false });
    expect(await m.eventCount()).toBe(before);
  });

  it('replays a create with the same Idempotency-Key and refuses the key for another body', async () => {
    const key = randomUUID();
    const first = await m.commands.execute(new CreateCampaignCommand(contextFor(staff, key), jeonbuk('Once')));
    const before = await m.eventCount();
    const again = await m.commands.execute(new CreateCampaignCommand(contextFor(staff, key), jeonbuk('Once')));
    expect(again).toEqual({ ...first, replayed: true });
    const reused = await refusal(m.commands.execute(new CreateCampaignCommand(contextFor(staff, key), jeonbuk('Twice'))));
    expect(reused).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    expect(await m.eventCount()).toBe(before);
  });

  it('answers commands on an unknown campaign with 404 campaign_not_found, and refuses non-staff', async () => {
    const before = await m.eventCount();
    const unknown = randomUUID();
    for (const command of [
      new ChangeCampaignCommand(contextFor(staff), unknown, { name: 'x' }),
      new ExtendCampaignCommand(contextFor(staff), unknown, { endsOn: '2025-12-31' }),
      new CloseCampaignCommand(contextFor(staff), unknown, { reason: 'x' }),
    ]) {
      expect(await refusal(m.commands.execute(command))).toMatchObject({ code: 'campaign_not_found', status: 404 });
    }
    await expect(queries.get(unknown)).rejects.toMatchObject({ code: 'campaign_not_found', status: 404 });
    const citizen: Actor = { id: 'c-1', role: 'citizen' };
    expect(await refusal(m.commands.execute(new CreateCampaignCommand(contextFor(citizen, randomUUID()), jeonbuk())))).toMatchObject({
      code: 'staff_only',
      status: 403,
    });
    expect(await m.eventCount()).toBe(before);
  });

  it('records drawn rounds from the raffle, once each', async () => {
    const campaignId = await create();
    const drawn = { type: 'RaffleRoundDrawn', data: { campaignId, round: 1 } };
    await m.store.append([{ streamId: campaignStream(campaignId), expectedVersion: 'any', events: [drawn, drawn] }], metadataFor());
    await caughtUp();
    expect((await queries.get(campaignId)).roundsDrawn).toEqual([1]);
  });

  it('rebuilds campaign_views from position 0 into exactly the live rows', async () => {
    await caughtUp();
    const live = await m.rows('campaign_views', 'campaign_id');
    expect(live.length).toBeGreaterThan(3);
    await m.sql.query(`UPDATE campaign_views SET name = 'corrupted'`);
    await m.subscriptions.rebuild(CAMPAIGN_VIEWS);
    expect(await m.rows('campaign_views', 'campaign_id')).toEqual(live);
  });
});

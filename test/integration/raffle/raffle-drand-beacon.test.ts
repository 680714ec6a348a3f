import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { campaignMigrations, CampaignModule, CreateCampaignCommand, ExtendCampaignCommand } from '@goodpay/campaign';
import { ProjectionWorkerModule } from '@goodpay/event-store';
import { personalDataMigrations, PersonalDataModule } from '@goodpay/personal-data';
import {
  DeclareRaffleRandomnessCommand,
  DrandRelay,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  type PublishedRound,
  RAFFLE_BEACON_QUEUE,
  raffleBeaconJobId,
  raffleMigrations,
  RaffleModule,
  RaffleRounds,
  raffleRoundStream,
  RaffleWorkerModule,
  TriggerRaffleDrawCommand,
  verifyRoundDocument,
} from '@goodpay/raffle';
import { type Actor, SYSTEM_ACTOR } from '@goodpay/shared';
import { QUICKNET } from '../../../libs/raffle/src/sources/drand';
import { QUICKNET_ROUND_1000 } from '../../../libs/raffle/src/sources/test/recorded-beacons';
import { InTestDrandRelay } from '../../support/drand/in-test-drand-relay';
import { TEST_IDENTITY } from '../../support/identity';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from '../campaign/catalogue-module';
import { KEYS } from '../personal-data/vault-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };
// Quicknet round 1000 is produced at 2023-08-23T15:59:24Z: the first round after this freeze.
const freezeAt = '2023-08-23T15:59:21.000Z';

/**
 * Issue 15: the worker fetches a frozen round's drand beacon itself from DRAND_URL, through the
 * raffle-beacons reactor (the freeze becomes its job through the outbox), and records it only
 * once its BLS signature verifies; a round of drand sources alone is then drawn with nobody
 * typing a number. A bad signature is recorded nowhere and staff can still paste the value.
 */
describe('the drand beacon fetched by the worker, over HTTP, on the real PostgreSQL and Redis', () => {
  const relay = new InTestDrandRelay();
  let m: CatalogueModule;
  let rounds: RaffleRounds;
  let relayUrl: string;

  beforeAll(async () => {
    relayUrl = await relay.start();
    m = await startCatalogueModule(
      [
        CampaignModule,
        RaffleModule,
        RaffleWorkerModule.forRootAsync({ useFactory: () => ({ drandUrl: relayUrl }) }),
        ProjectionWorkerModule,
        PersonalDataModule.forRoot(KEYS),
        TEST_IDENTITY,
      ],
      [...campaignMigrations, ...personalDataMigrations, ...raffleMigrations],
      '2023-08-10T00:00:00Z',
    );
    rounds = m.app.get(RaffleRounds);
  });
  afterAll(async () => {
    await m?.close();
    await relay.stop();
  });

  /** A campaign whose round 1 (Aug 14-23, 2023) draws from drand alone, frozen with three entries. */
  async function frozenDrandRound(): Promise<string> {
    m.clock.set('2023-08-10T00:00:00Z');
    const created = await m.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'drand raffle',
        region: { kind: 'city', name: 'Jeonju' },
        startsOn: '2023-08-14',
        endsOn: '2023-08-31',
        raffle: { prize: 20_000, budget: 40_000, rounds: [{ number: 1, startsOn: '2023-08-14', endsOn: '2023-08-23' }] },
        participationTarget: { participants: 100, amount: 10_000_000 },
      }),
    );
    const campaignId = created.response.campaignId;
    await m.commands.execute(new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 1, [{ kind: 'drand' }], freezeAt));
    m.clock.set('2023-08-20T03:00:00Z');
    for (const person of ['p-1', 'p-2', 'p-3']) {
      await m.commands.execute(new EnterRaffleRoundCommand(contextFor(SYSTEM_ACTOR), campaignId, 1, person, randomUUID()));
    }
    m.clock.set('2023-08-23T16:00:00Z');
    await m.commands.execute(new FreezeRaffleEntriesCommand(contextFor(SYSTEM_ACTOR), campaignId, 1));
    return campaignId;
  }

  /** Waits for the round to reach `status` (the test's own timeout bounds it). */
  async function roundIn(campaignId: string, status: PublishedRound['status']): Promise<PublishedRound> {
    for (;;) {
      const published = await rounds.published(campaignId, 1);
      if (published.status === status) return published;
      await sleep(50);
    }
  }

  it('reads a round from the relay in the documented shape, and null for a round it does not have', async () => {
    const client = new DrandRelay(`${relayUrl}/`);
    expect(await client.beacon(QUICKNET, 1000)).toEqual({ round: 1000, signature: QUICKNET_ROUND_1000.signature });
    expect(await client.beacon(QUICKNET, 1001)).toBeNull();
    expect(relay.asked).toContain(`GET /${QUICKNET.chainHash}/public/1000`);
  });

  it('fetches the beacon after the freeze, records it once its signature verifies, and the round is drawn by itself', async () => {
    const campaignId = await frozenDrandRound();
    const drawn = await roundIn(campaignId, 'drawn');
    expect(drawn.draw!.sources).toEqual([
      expect.objectContaining({
        numbers: [QUICKNET_ROUND_1000.randomness],
        format: 'text',
        beacon: { round: 1000, signature: QUICKNET_ROUND_1000.signature },
      }),
    ]);
    expect(verifyRoundDocument(drawn)).toMatchObject({ matches: true, failures: [] });
    const types = (await m.store.readStream(raffleRoundStream(campaignId, 1))).events.map((e) => e.type);
    expect(types.filter((t) => t === 'RaffleDrandBeaconRecorded')).toHaveLength(1);
  });

  it('refuses a beacon whose signature is not the chain’s: nothing recorded, the job failed visibly, and staff paste the real one', async () => {
    relay.tampered = true;
    const campaignId = await frozenDrandRound();
    const queue = m.app.get<Queue>(getQueueToken(RAFFLE_BEACON_QUEUE));
    const jobId = raffleBeaconJobId(campaignId, 1);
    // The state first, then the job: a job fetched before its last attempt failed has no reason yet.
    while ((await queue.getJobState(jobId)) !== 'failed') await sleep(50);
    expect((await queue.getJob(jobId))?.failedReason).toContain('not signed by chain');
    const types = (await m.store.readStream(raffleRoundStream(campaignId, 1))).events.map((e) => e.type);
    expect(types).not.toContain('RaffleDrandBeaconRecorded');
    expect((await rounds.published(campaignId, 1)).status).toBe('frozen');

    // The staff path stays: a pasted bad value is refused too, the real one draws.
    const paste = (signature: string) => m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, [[signature]]));
    expect((await refusal(paste(`${QUICKNET_ROUND_1000.signature.slice(0, 94)}00`))).code).toBe('drand_signature_invalid');
    await paste(QUICKNET_ROUND_1000.signature);
    expect(verifyRoundDocument(await roundIn(campaignId, 'drawn')).matches).toBe(true);
    relay.tampered = false;
  });

  it('never moves a frozen round when the campaign is extended: it only adds rounds with their own timeline', async () => {
    relay.tampered = true; // keeps the round frozen, not drawn
    const campaignId = await frozenDrandRound();
    const before = await rounds.published(campaignId, 1);
    const moved = [{ number: 1, startsOn: '2023-08-14', endsOn: '2023-08-30' }];
    const refused = await refusal(
      m.commands.execute(new ExtendCampaignCommand(contextFor(staff), campaignId, { endsOn: '2023-09-30', rounds: moved })),
    );
    expect(refused).toMatchObject({ code: 'round_timeline_fixed', status: 422 });
    const added = [
      { number: 1, startsOn: '2023-08-14', endsOn: '2023-08-23' },
      { number: 2, startsOn: '2023-09-01', endsOn: '2023-09-20' },
    ];
    await m.commands.execute(new ExtendCampaignCommand(contextFor(staff), campaignId, { endsOn: '2023-09-30', rounds: added }));
    // Round 2 gets a timeline of its own, declared before it opens.
    await m.commands.execute(new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 2, [{ kind: 'drand' }]));
    expect((await rounds.published(campaignId, 2)).timeline).toMatchObject({ certificationClosesAt: '2023-09-20T15:00:00.000Z' });
    const after = await rounds.published(campaignId, 1);
    expect({ period: after.period, timeline: after.timeline, frozen: after.frozen }).toEqual({
      period: before.period,
      timeline: before.timeline,
      frozen: before.frozen,
    });
    relay.tampered = false;
  });
});

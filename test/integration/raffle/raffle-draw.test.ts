import { createHash, randomUUID } from 'node:crypto';
import { TEST_IDENTITY } from '../../support/identity';
import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import {
  campaignMigrations,
  CampaignModule,
  campaignStream,
  CreateCampaignCommand,
  ExtendCampaignCommand,
  jeonbukPreset,
} from '@goodpay/campaign';
import {
  DeclareRaffleRandomnessCommand,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  RAFFLE_DRAW_QUEUE,
  raffleDrawJobId,
  type PublishedRound,
  raffleMigrations,
  RaffleModule,
  RaffleRounds,
  rafflePlacesStream,
  raffleRoundStream,
  RaffleWorkerModule,
  RunRaffleDrawCommand,
  TriggerRaffleDrawCommand,
  verifyDraw,
} from '@goodpay/raffle';
import { ProjectionWorkerModule } from '@goodpay/event-store';
import { personalDataMigrations, PersonalDataModule } from '@goodpay/personal-data';
import { type Actor, SYSTEM_ACTOR } from '@goodpay/shared';
import { type CatalogueModule, contextFor, refusal, startCatalogueModule } from '../campaign/catalogue-module';
import { KEYS } from '../personal-data/vault-module';

const staff: Actor = { id: 'staff-1', role: 'staff' };
const seed = '271828182845904523536';
const lotto = [['7', '14', '21', '33', '40', '45', '2']];

describe('raffle rounds and draws on the real PostgreSQL and Redis', () => {
  let m: CatalogueModule;
  let rounds: RaffleRounds;
  let campaignId: string;

  beforeAll(async () => {
    m = await startCatalogueModule(
      // The consumers run as in the worker: the raffle-draws reactor turns a trigger into its job.
      [CampaignModule, RaffleModule, RaffleWorkerModule, ProjectionWorkerModule, PersonalDataModule.forRoot(KEYS), TEST_IDENTITY],
      [...campaignMigrations, ...personalDataMigrations, ...raffleMigrations],
      '2025-01-10T03:00:00Z',
    );
    rounds = m.app.get(RaffleRounds);
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    // 200,000 / 20,000 = 10 places over 3 rounds: 3, 3, 4.
    const created = await m.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'Jeonbuk raffle test',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn,
        endsOn,
        raffle: { ...raffle, budget: 200_000 },
        participationTarget: { participants: 1_000, amount: 100_000_000 },
      }),
    );
    campaignId = created.response.campaignId;
  });
  afterAll(() => m?.close());

  const system = () => contextFor(SYSTEM_ACTOR);
  const enter = (round: number, person: string) =>
    m.commands.execute(new EnterRaffleRoundCommand(system(), campaignId, round, person, randomUUID()));
  const eventsOf = async (stream: string, type: string) => (await m.store.readStream(stream)).events.filter((e) => e.type === type);
  /** Waits for the worker to record the draw (the test's own timeout bounds it). */
  async function drawnRound(round: number): Promise<PublishedRound> {
    for (;;) {
      const published = await rounds.published(campaignId, round);
      if (published.status === 'drawn') return published;
      await sleep(50);
    }
  }

  it('takes one entry per person under concurrent certifications', async () => {
    m.clock.set('2025-01-10T03:00:00Z'); // before round 1 opens
    await m.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 1, [
        { kind: 'lotto645', drawNumber: 1158 },
        { kind: 'committed_seed', label: 'office seed', seedSha256: createHash('sha256').update(seed).digest('hex') },
      ]),
    );
    m.clock.set('2025-01-20T03:00:00Z');
    const persons = Array.from({ length: 20 }, (_, i) => `person-${i}`);
    const results = await Promise.all([...persons, ...persons, ...persons].map((person) => enter(1, person)));
    expect(results.filter((r) => r.response.newEntry)).toHaveLength(20);
    expect(await eventsOf(raffleRoundStream(campaignId, 1), 'RaffleEntered')).toHaveLength(20);
    // Every certification of one person answers the same entry.
    const byPerson = new Map<string, Set<string>>();
    [...persons, ...persons, ...persons].forEach((p, i) =>
      byPerson.set(p, (byPerson.get(p) ?? new Set()).add(results[i].response.entryId)),
    );
    expect([...byPerson.values()].every((ids) => ids.size === 1)).toBe(true);
  });

  it('refuses to close the round before its last day is over, then freezes and publishes the list', async () => {
    expect((await refusal(m.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 1)))).code).toBe(
      'round_not_over',
    );
    m.clock.set('2025-02-03T01:00:00Z');
    const frozen = await m.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 1));
    expect(frozen.response).toMatchObject({ entries: 20, entryListHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await refusal(enter(1, 'late-person'))).code).toBe('round_closed');
  });

  it('draws once however often it is triggered, and the draw verifies', async () => {
    m.clock.set('2025-02-08T12:00:00Z');
    const numbers = [...lotto, [seed]];
    const trigger = () => m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, numbers));
    await Promise.all([trigger(), trigger(), trigger()]);
    const drawn = await drawnRound(1);
    // Two workers racing on the same round draw nothing more.
    await Promise.all([1, 2].map(() => m.commands.execute(new RunRaffleDrawCommand(system(), campaignId, 1))));
    const again = await trigger();

    expect(again.response).toEqual(drawn);
    expect(await eventsOf(raffleRoundStream(campaignId, 1), 'RaffleDrawRecorded')).toHaveLength(1);
    expect(await eventsOf(rafflePlacesStream(campaignId), 'RafflePlacesAllotted')).toHaveLength(1);
    expect(await eventsOf(campaignStream(campaignId), 'RaffleRoundDrawn')).toHaveLength(1);
    expect(drawn.draw).toMatchObject({ quota: 3, winners: 3 });
    expect(drawn.draw?.ranking).toHaveLength(20);
    expect(verifyDraw(drawn.draw!)).toMatchObject({ matches: true });

    const otherNumbers = [['1', '2', '3', '4', '5', '6', '7'], [seed]];
    const refused = await refusal(m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, otherNumbers)));
    expect(refused).toMatchObject({ code: 'draw_already_requested', status: 409 });
    const badSeed = await refusal(m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, [...lotto, ['1']])));
    expect(badSeed.code).toBe('seed_does_not_match_commitment');
  });

  it('keeps the drawn round out of any extension', async () => {
    const { raffle } = jeonbukPreset(2025);
    const moved = [{ ...raffle.rounds[0], startsOn: '2025-01-14' }, ...raffle.rounds.slice(1)];
    const refused = await refusal(
      m.commands.execute(new ExtendCampaignCommand(contextFor(staff), campaignId, { endsOn: '2025-06-30', rounds: moved })),
    );
    expect(refused.code).toBe('round_already_drawn');
  });

  it('leaves round 1 winners out of round 2 and rolls the places forward', async () => {
    m.clock.set('2025-01-10T03:00:00Z'); // declared before round 2 opens
    await m.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 2, [{ kind: 'lotto645', drawNumber: 1160 }]),
    );
    m.clock.set('2025-02-10T03:00:00Z');
    const round1 = await rounds.published(campaignId, 1);
    const entered1 = await eventsOf(raffleRoundStream(campaignId, 1), 'RaffleEntered');
    const personOf = new Map(entered1.map((e) => [(e.data as { entryId: string }).entryId, (e.data as { personId: string }).personId]));
    const winners = round1.draw!.ranking.slice(0, 3).map((entryId) => personOf.get(entryId)!);
    // The three winners and two newcomers certify in round 2.
    for (const person of [...winners, 'newcomer-1', 'newcomer-2']) await enter(2, person);
    m.clock.set('2025-02-17T01:00:00Z');
    const frozen = await m.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 2));
    expect(frozen.response.entries).toBe(2);

    m.clock.set('2025-02-22T12:00:00Z');
    await m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 2, [['2', '9', '17', '23', '31', '42', '5']]));
    const drawn = await drawnRound(2);
    // 2 entrants for a quota of 3: 1 place rolls on to round 3, which may give 10 - 3 - 2 = 5.
    expect(drawn.draw).toMatchObject({ quota: 3, winners: 2 });
    expect((await rounds.published(campaignId, 2)).draw?.ranking).toHaveLength(2);
  });

  it('draws a round whose job once used up its attempts: the trigger puts the failed job back', async () => {
    // A job under the round's id that ran before the trigger and failed for good (as after a
    // long database outage): BullMQ keeps it in the failed set and would ignore a new add.
    const queue = m.app.get<Queue>(getQueueToken(RAFFLE_DRAW_QUEUE));
    const jobId = raffleDrawJobId(campaignId, 3);
    await queue.add('draw', { campaignId, round: 3, correlationId: randomUUID() }, { jobId, attempts: 1, removeOnFail: false });
    for (let job = await queue.getJob(jobId); !(await job?.isFailed()); job = await queue.getJob(jobId)) await sleep(20);

    m.clock.set('2025-01-10T03:00:00Z'); // declared before round 3 opens
    await m.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 3, [{ kind: 'lotto645', drawNumber: 1161 }]),
    );
    m.clock.set('2025-02-20T03:00:00Z');
    for (const person of ['late-1', 'late-2']) await enter(3, person);
    m.clock.set('2025-02-28T01:00:00Z');
    await m.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 3));
    m.clock.set('2025-03-01T12:00:00Z');
    await m.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 3, [['3', '8', '15', '22', '36', '44', '1']]));
    expect((await drawnRound(3)).draw).toMatchObject({ winners: 2 });
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { campaignStream, CreateCampaignCommand, jeonbukPreset } from '@goodpay/campaign';
import {
  DeclareRaffleRandomnessCommand,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  RAFFLE_DRAW_QUEUE,
  RAFFLE_DRAWS,
  raffleDrawJobId,
  raffleDrawReactor,
  rafflePlacesStream,
  raffleRoundStream,
  TriggerRaffleDrawCommand,
  verifyDraw,
} from '@goodpay/raffle';
import { EventSchemas, EventStore, Subscriptions } from '@goodpay/event-store';
import { redisOptionsFromUrl } from '@goodpay/platform';
import { type Actor, SYSTEM_ACTOR } from '@goodpay/shared';
import { API_MIGRATIONS } from '../../apps/api/src/every-process';
import { contextFor } from '../integration/campaign/catalogue-module';
import { StreamHold } from '../e2e/settlement-week/support/stream-hold';
import { eventually, type RunningProcess, startWorkerProcess } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/test-redis';
import { DuplicatingQueue } from './support/duplicating-queue';
import { type RaffleDesk, startRaffleDesk } from './support/raffle-desk';

const staff: Actor = { id: 'fault-staff', role: 'staff' };
const ENTRANTS = 20;
const SEED = '314159265358979323846';
const NUMBERS = [['3', '11', '19', '27', '36', '44', '8'], [SEED]];
/** What the draw writes, one event each, in one transaction over three streams. */
const DRAW_EVENTS = ['RaffleDrawRecorded', 'RafflePlacesAllotted', 'RaffleRoundDrawn'];

/**
 * "A worker killed in the middle of a draw draws once", with a real worker process and SIGKILL.
 * The draw appends its RaffleDrawRecorded to the round stream, then creates the campaign's
 * places stream with its RafflePlacesAllotted, then tells the campaign, in one transaction. The
 * test holds the (not yet existing) places stream's row, so the draw stops between its first
 * and second append, and kills the worker there. Nothing of the draw may remain. Redis then
 * loses the job, staff trigger again (twice), two new workers start (their outbox sends the lost
 * job again) and each job is delivered twice: the round is drawn exactly once, and its ranking verifies from the published inputs.
 */
describe('fault: a raffle worker killed mid-draw', () => {
  let db: TestDatabase;
  let desk: RaffleDesk;
  let worker: RunningProcess | undefined;
  /** The workers started after the kill: two of them, as a deployment scaled out runs. */
  const recovered: RunningProcess[] = [];
  let hold: StreamHold | undefined;
  let duplicates: DuplicatingQueue | undefined;
  let drawEvents: QueueEvents | undefined;
  let campaignId: string;
  const prefix = uniqueQueuePrefix();

  const startWorker = async () => {
    worker = await startWorkerProcess({ databaseUrl: db.url, queuePrefix: prefix });
  };
  const rows = async <T>(text: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(text, params);
  const count = async (text: string, params: unknown[] = []) => (await rows<{ n: number }>(text, params))[0].n;
  const eventsOf = (type: string) => count('SELECT count(*)::int AS n FROM events WHERE type = $1', [type]);
  const trigger = () => desk.commands.execute(new TriggerRaffleDrawCommand(contextFor(staff), campaignId, 1, NUMBERS));

  beforeAll(async () => {
    db = await createTestDatabase(API_MIGRATIONS, { poolSize: 4 });
    desk = await startRaffleDesk(db.url, prefix, '2025-01-10T03:00:00Z');
    // Jeonbuk 2025, 200,000 / 20,000 = 10 places over three rounds: round 1 (Jan 13 - Feb 2) takes 3.
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    const created = await desk.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'Raffle under faults',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn,
        endsOn,
        raffle: { ...raffle, budget: 200_000 },
        participationTarget: { participants: 1_000, amount: 100_000_000 },
      }),
    );
    campaignId = created.response.campaignId;
    desk.clock.set('2025-01-10T03:00:00Z'); // before round 1 opens
    await desk.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, 1, [
        { kind: 'lotto645', drawNumber: 1158 },
        { kind: 'committed_seed', label: 'office seed', seedSha256: createHash('sha256').update(SEED).digest('hex') },
      ]),
    );
    for (let i = 0; i < ENTRANTS; i += 1) {
      await desk.commands.execute(new EnterRaffleRoundCommand(contextFor(SYSTEM_ACTOR), campaignId, 1, `person-${i}`, randomUUID()));
    }
    desk.clock.set('2025-02-03T01:00:00Z');
    await desk.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, 1));
    desk.clock.set('2025-02-08T12:00:00Z');
  }, 60_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await Promise.all(recovered.map((process) => process.kill('SIGKILL')));
    await hold?.release();
    await drawEvents?.close();
    await duplicates?.close();
    await desk?.close();
    await flushPrefix(prefix);
    await db?.drop();
  });

  it('leaves nothing of the killed draw, then draws once however often it is triggered and delivered', async () => {
    // The trigger's draw job comes from the raffle-draws reactor reading the log, so it is run
    // here before the hold: the hold is an open transaction, which holds back what readers of
    // the log see. Its outbox row is then sent by the worker's dispatcher.
    expect((await trigger()).response.status).toBe('draw_requested');
    const reactors = new Subscriptions(new EventStore(db.dataSource, new EventSchemas()));
    reactors.register(raffleDrawReactor());
    await reactors.catchUpCompletely(RAFFLE_DRAWS);
    // The places stream does not exist before the round's first draw: the hold takes its row.
    const held = await StreamHold.take(db.url, rafflePlacesStream(campaignId));
    hold = held; // released by afterAll too, should the test fail while holding it
    await startWorker();
    let blocked: number | null = null;
    await eventually(async () => (blocked = await held.waiter()) !== null, 'the draw waits inside its transaction, on the places stream');
    expect(await worker!.kill('SIGKILL')).toBeNull(); // died of the signal
    await held.release();
    // The dead client's server process ends its transaction (uncommitted: rolled back) and goes.
    await eventually(
      async () => (await rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [blocked])).length === 0,
      'the killed draw is gone from the server',
    );

    // The killed draw is whole or absent: its append is one statement, which the server finishes
    // (and commits) once the hold is gone even though its client died, or never got to run.
    const killedDraw = await Promise.all(DRAW_EVENTS.map((type) => eventsOf(type)));
    expect([
      [0, 0, 0],
      [1, 1, 1],
    ]).toContainEqual(killedDraw);
    if (killedDraw[0] === 0) {
      expect(await rows('SELECT 1 FROM event_streams WHERE stream_id = $1', [rafflePlacesStream(campaignId)])).toEqual([]);
      expect((await desk.rounds.published(campaignId, 1)).status).toBe('draw_requested');
    }

    // Redis loses the dead worker's job; a new worker, and every draw job delivered twice from now on.
    await flushPrefix(prefix);
    duplicates = new DuplicatingQueue(prefix, RAFFLE_DRAW_QUEUE);
    await duplicates.start();
    drawEvents = new QueueEvents(RAFFLE_DRAW_QUEUE, { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix });
    await drawEvents.waitUntilReady();
    const completed: string[] = [];
    const failed: string[] = [];
    drawEvents.on('completed', ({ jobId }) => completed.push(jobId));
    drawEvents.on('failed', ({ jobId, failedReason }) => failed.push(`${jobId}: ${failedReason}`));

    // Staff trigger again after the incident, with a double click, and two new workers start: the
    // triggers append nothing and enqueue nothing; the workers' outbox finds the draw job Redis
    // lost and sends it again: one job (its id is the round's), and its copy, which the two
    // workers may run side by side.
    const answers = await Promise.all([trigger(), trigger()]);
    const status = killedDraw[0] === 0 ? 'draw_requested' : 'drawn';
    expect(answers.map((a) => a.response.status)).toEqual([status, status]);
    recovered.push(...(await Promise.all([0, 1].map(() => startWorkerProcess({ databaseUrl: db.url, queuePrefix: prefix })))));
    await eventually(async () => duplicates!.copies === 1, 'the draw job is delivered twice', 30_000);
    await eventually(async () => completed.length >= 2 || failed.length > 0, 'the job and its copy have run', 30_000);
    expect(failed).toEqual([]);
    expect(completed.sort()).toEqual([raffleDrawJobId(campaignId, 1), expect.stringMatching(/^copy-/)].sort());

    // Drawn exactly once, the three events written together.
    const written = await rows<{ type: string; stream_id: string; transaction_id: string }>(
      'SELECT type, stream_id, transaction_id::text FROM events WHERE type = ANY($1) ORDER BY global_position',
      [DRAW_EVENTS],
    );
    expect(written.map(({ type, stream_id }) => ({ type, stream_id }))).toEqual([
      { type: 'RaffleDrawRecorded', stream_id: raffleRoundStream(campaignId, 1) },
      { type: 'RafflePlacesAllotted', stream_id: rafflePlacesStream(campaignId) },
      { type: 'RaffleRoundDrawn', stream_id: campaignStream(campaignId) },
    ]);
    expect(new Set(written.map((event) => event.transaction_id)).size).toBe(1);
    const drawn = await desk.rounds.published(campaignId, 1);
    expect(drawn.status).toBe('drawn');
    expect(drawn.draw).toMatchObject({ quota: 3, winners: 3 });
    expect(drawn.draw!.ranking).toHaveLength(ENTRANTS);
    expect(verifyDraw(drawn.draw!)).toMatchObject({ matches: true, differences: [] });

    // Triggering once more answers the draw and writes nothing.
    const events = await count('SELECT count(*)::int AS n FROM events');
    expect((await trigger()).response).toEqual(drawn);
    expect(await count('SELECT count(*)::int AS n FROM events')).toBe(events);
  }, 90_000);
});

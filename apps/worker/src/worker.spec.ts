import { BullModule, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { redisOptionsFromUrl, useIsolatedEnv, WorkerDrain } from '@goodpay/platform';
import { type Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerModule } from './worker.module';

const env = useIsolatedEnv('worker');
process.env.QUEUE_STALLED_JOB_MS = '12000';
const QUEUE = 'shutdown-test';

/** Resolves when the processor has picked a job up. */
let started!: () => void;
const jobStarted = new Promise<void>((resolve) => (started = resolve));

@Injectable()
@Processor(QUEUE)
class SlowProcessor extends WorkerHost {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async process(job: Job<{ n: number }>): Promise<string> {
    started();
    // Still talking to PostgreSQL while the process is shutting down.
    await this.dataSource.query('SELECT pg_sleep(0.8)');
    const [{ doubled }] = await this.dataSource.query('SELECT $1::int * 2 AS doubled', [job.data.n]);
    return `done ${doubled}`;
  }
}

@Module({ imports: [WorkerModule, BullModule.registerQueue({ name: QUEUE })], providers: [SlowProcessor] })
class TestWorkerModule {}

describe('worker graceful shutdown', () => {
  let app: INestApplicationContext;
  let queue: Queue;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(TestWorkerModule, { logger: false, abortOnError: false });
    queue = new Queue(QUEUE, { connection: redisOptionsFromUrl('redis://127.0.0.1:6379'), prefix: env.queuePrefix });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await env.cleanup();
  });

  it("gives every processor's worker the job lock and stall check of QUEUE_STALLED_JOB_MS", () => {
    const worker = app
      .get(WorkerDrain)
      .workers()
      .find((w) => w.name === QUEUE);
    expect(worker?.opts).toMatchObject({ lockDuration: 12_000, stalledInterval: 12_000 });
  });

  it('finishes the in-flight job before closing PostgreSQL and Redis, and takes no new one', async () => {
    const inFlight = await queue.add('slow', { n: 21 });
    await jobStarted;

    const drained = jest.spyOn(WorkerDrain.prototype, 'workers');
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false); // waiting for the job
    const late = await queue.add('slow', { n: 1 });

    await closing;
    expect(drained).toHaveReturnedWith(expect.arrayContaining([expect.objectContaining({ name: QUEUE })]));
    const job = await queue.getJob(inFlight.id!);
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toBe('done 42');
    expect(await queue.getJobState(late.id!)).toBe('waiting');
    expect(app.get(DataSource, { strict: false }).isInitialized).toBe(false);
  });
});

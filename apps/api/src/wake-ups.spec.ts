import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { WorkerModule } from '../../worker/src/worker.module';
import { ApiModule } from './api.module';
import { createApiApp } from './bootstrap';

const env = useIsolatedEnv('wake_ups');

/**
 * The api wakes, after each commit, the projections registered in its own process; one that
 * only the worker knew would wait for the worker's 5 s sweep, and `?after=` reads would stall.
 */
describe('projections the api wakes', () => {
  let api: NestFastifyApplication;
  let worker: INestApplicationContext;

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await env.cleanup();
  });

  it('include every projection the worker runs', async () => {
    api = await createApiApp(ApiModule, { shutdownHooks: false });
    await api.init();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const inApi = api.get(Subscriptions).names();
    const inWorker = worker.get(Subscriptions).names();
    expect(inWorker.length).toBeGreaterThan(5);
    expect(inWorker.filter((name) => !inApi.includes(name))).toEqual([]);
  });
});

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadAppConfig, runMain } from '@goodpay/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

runMain('worker', async () => {
  loadAppConfig(); // refuse to start on bad configuration before anything connects
  // HTTP only for operations (/health, /ready, /metrics): the worker takes no commands.
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen({ port: app.get(AppConfig).WORKER_PORT, host: '0.0.0.0' });
  app.get(Logger).log(`worker started; /health, /ready and /metrics on ${await app.getUrl()}`, 'Main');
});

import { NestFactory } from '@nestjs/core';
import { loadAppConfig, runMain } from '@goodpay/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

runMain('worker', async () => {
  loadAppConfig(); // refuse to start on bad configuration before anything connects
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('worker started', 'Main');
});

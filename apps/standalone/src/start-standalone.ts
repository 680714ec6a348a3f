import { Logger as ConsoleLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadAppConfig, startLocalServers } from '@goodpay/platform';
import { Logger } from 'nestjs-pino';
import { createApiApp } from '../../api/src/bootstrap';
import { StandaloneModule } from './standalone.module';

/** How long a shutdown may wait for the app (its workers' jobs) before the servers are stopped regardless. */
const CLOSE_DEADLINE_MS = 30_000;

export interface RunningStandalone {
  app: NestFastifyApplication;
  /** Where the api answers on this machine, e.g. http://127.0.0.1:3000. */
  localUrl: string;
  /** Closes the app, then the servers started for it. */
  close(): Promise<void>;
}

/**
 * The api and the workers in one process, on the configured PostgreSQL and Redis, or, outside
 * production on a machine without them, on the ones startLocalServers provides. Those are
 * stopped after the app has closed (its workers drained, its connections ended), never before.
 */
export async function startStandalone(): Promise<RunningStandalone> {
  loadAppConfig(); // refuse to start on bad configuration before anything connects
  const servers = await startLocalServers(process.env, (message) => new ConsoleLogger('LocalServers').log(message));
  let app: NestFastifyApplication;
  try {
    app = await createApiApp(StandaloneModule, { shutdownHooks: !servers.startedAny });
    const { PORT } = app.get(AppConfig);
    await app.listen({ port: PORT, host: '0.0.0.0' });
  } catch (error) {
    await servers.stop();
    throw error;
  }
  const { port } = app.getHttpServer().address() as { port: number };
  const logger = app.get(Logger);
  logger.log(`database: ${servers.used.database}`, 'Main');
  logger.log(`redis: ${servers.used.redis}`, 'Main');
  logger.log(`api and workers running; listening on http://0.0.0.0:${port} (OpenAPI at /docs)`, 'Main');
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await servers.stop();
    })());
  if (servers.startedAny) {
    // Nest's own shutdown hooks are off: the servers this process started go after the app.
    // A second signal (or a close that hangs) stops the servers at once instead.
    let signals = 0;
    const forceStop = (reason: string) => {
      process.stderr.write(`${reason}: stopping the local servers now\n`);
      void servers.stop().finally(() => process.exit(1));
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) return forceStop(`${signal} again`);
      logger.log(`${signal}: closing the app, then the local servers`, 'Main');
      setTimeout(() => forceStop(`the app did not close within ${CLOSE_DEADLINE_MS / 1000} s`), CLOSE_DEADLINE_MS).unref();
      void close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`shutdown failed: ${error.stack ?? error.message}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { app, localUrl: `http://127.0.0.1:${port}`, close };
}

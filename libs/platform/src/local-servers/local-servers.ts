import { loadAppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { LocalRedis } from './local-redis';
import { answersOn } from './tcp';

/** What `npm start` started for itself; `stop()` ends them (after the app has closed). */
export interface LocalServers {
  /** Human-readable lines: which database and which Redis this process uses. */
  readonly used: { database: string; redis: string };
  /** Whether anything was started here (and so must be stopped on shutdown). */
  readonly startedAny: boolean;
  stop(): Promise<void>;
}

const isSet = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/** postgres://user:secret@host:port/db -> postgres://user@host:port/db, for the log. */
const withoutPassword = (url: string): string => {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
};

/**
 * The servers `npm start` provides on a bare machine, outside production only: when
 * DATABASE_URL is not set and nothing answers on 127.0.0.1:LOCAL_POSTGRES_PORT, a real
 * PostgreSQL from the embedded-postgres package, its data in EMBEDDED_POSTGRES_DIR; when
 * REDIS_URL is not set and nothing answers on 127.0.0.1:LOCAL_REDIS_PORT, redis-server from the
 * PATH. Their URLs are written into `env` (DATABASE_URL, REDIS_URL), so the app that starts
 * next reads them like any configuration: same migrations, same code paths.
 *
 * In production nothing is started: a missing database or Redis fails the start, as a
 * deployment must not quietly run on a database of its own.
 */
export async function startLocalServers(env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<LocalServers> {
  const config = loadAppConfig(env);
  const production = config.NODE_ENV === 'production';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch((error: Error) => log(`stopping a local server failed: ${error.message}`));
  };
  const used = { database: '', redis: '' };
  try {
    if (!production && !isSet(env.DATABASE_URL) && !(await answersOn('127.0.0.1', config.LOCAL_POSTGRES_PORT))) {
      const postgres = new EmbeddedPostgres({ dataDir: config.EMBEDDED_POSTGRES_DIR, log });
      env.DATABASE_URL = await postgres.start('goodpay');
      stops.push(() => postgres.stop());
      used.database = `embedded PostgreSQL at ${withoutPassword(env.DATABASE_URL)}, data in ${config.EMBEDDED_POSTGRES_DIR} (nothing answered on 127.0.0.1:${config.LOCAL_POSTGRES_PORT})`;
    } else {
      used.database = `PostgreSQL at ${withoutPassword(loadAppConfig(env).DATABASE_URL)}${isSet(env.DATABASE_URL) ? ' (DATABASE_URL)' : ''}`;
    }
    if (config.REDIS_CLUSTER_NODES.length > 0) {
      used.redis = `Redis Cluster at ${config.REDIS_CLUSTER_NODES.join(', ')} (REDIS_CLUSTER_NODES)`;
    } else if (!production && !isSet(env.REDIS_URL) && !(await answersOn('127.0.0.1', config.LOCAL_REDIS_PORT))) {
      const redis = new LocalRedis();
      stops.push(() => redis.stop());
      env.REDIS_URL = await redis.start();
      used.redis = `redis-server started at ${env.REDIS_URL}, without persistence (nothing answered on 127.0.0.1:${config.LOCAL_REDIS_PORT})`;
    } else {
      used.redis = `Redis at ${withoutPassword(loadAppConfig(env).REDIS_URL)}${isSet(env.REDIS_URL) ? ' (REDIS_URL)' : ''}`;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log(`database: ${used.database}`);
  log(`redis: ${used.redis}`);
  return { used, startedAny: stops.length > 0, stop };
}

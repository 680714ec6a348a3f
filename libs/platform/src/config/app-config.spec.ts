import {
  AppConfig,
  DEV_JWT_SECRET,
  DEV_NOTIFICATION_RECEIPT_SECRET,
  DEV_PERSONAL_DATA_HASH_KEY,
  DEV_PERSONAL_DATA_MASTER_KEY,
  InvalidConfigError,
  loadAppConfig,
} from './app-config';

const STRONG = 'x'.repeat(16) + 'production-secret-0123456789';
/** Every secret production insists on, each strong and distinct. */
const PRODUCTION_SECRETS = {
  AUTH_JWT_SECRET: STRONG,
  PERSONAL_DATA_MASTER_KEY: `${STRONG}-master`,
  PERSONAL_DATA_HASH_KEY: `${STRONG}-hash`,
  NOTIFICATION_RECEIPT_SECRET: `${STRONG}-receipts`,
};

function problemsOf(env: NodeJS.ProcessEnv): Record<string, string[]> {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return Object.fromEntries((error as InvalidConfigError).problems.map((p) => [p.variable, p.messages]));
  }
  throw new Error('expected the configuration to be refused');
}

describe('AppConfig', () => {
  it('has defaults that work locally', () => {
    const config = loadAppConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect({ ...config }).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/goodpay',
      DB_POOL_SIZE: 20,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'goodpay',
      RUN_MIGRATIONS: true,
      JOB_SCHEDULER_CHECK_MS: 60_000,
      LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: DEV_JWT_SECRET,
      PERSONAL_DATA_MASTER_KEY: DEV_PERSONAL_DATA_MASTER_KEY,
      PERSONAL_DATA_HASH_KEY: DEV_PERSONAL_DATA_HASH_KEY,
      NOTIFICATION_RECEIPT_SECRET: DEV_NOTIFICATION_RECEIPT_SECRET,
      SETTLEMENT_HOUR_SEOUL: 2,
      SETTLEMENT_FEE_BASIS_POINTS: 0,
      DEV_TOKENS_ENABLED: true,
      BULL_BOARD_ENABLED: true,
    });
  });

  it('reads and converts variables, ignoring others and treating empty as unset', () => {
    const config = loadAppConfig({
      PORT: '8080',
      RUN_MIGRATIONS: 'false',
      DEV_TOKENS_ENABLED: '0',
      DB_POOL_SIZE: '5',
      LOG_LEVEL: 'debug',
      QUEUE_PREFIX: '{goodpay}',
      REDIS_URL: 'rediss://user:pw@redis.internal:6380/2',
      DATABASE_URL: '',
      UNRELATED: 'x',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      RUN_MIGRATIONS: false,
      DEV_TOKENS_ENABLED: false,
      DB_POOL_SIZE: 5,
      LOG_LEVEL: 'debug',
      QUEUE_PREFIX: '{goodpay}',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/goodpay',
    });
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('refuses bad values, naming every bad variable and never echoing values', () => {
    const env = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:hunter2@db/goodpay',
      REDIS_URL: 'not a url',
      RUN_MIGRATIONS: 'maybe',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
    };
    expect(Object.keys(problemsOf(env)).sort()).toEqual(
      ['DATABASE_URL', 'LOG_LEVEL', 'NODE_ENV', 'PORT', 'REDIS_URL', 'RUN_MIGRATIONS'].sort(),
    );
    expect(() => loadAppConfig(env)).toThrow(/refuses to start[\s\S]*PORT/);
    expect(() => loadAppConfig(env)).not.toThrow(/hunter2/);
  });

  describe('in production', () => {
    it('refuses to start without a strong AUTH_JWT_SECRET', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toHaveProperty('AUTH_JWT_SECRET');
      expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'short' })).toHaveProperty('AUTH_JWT_SECRET');
      expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET })).toHaveProperty(
        'AUTH_JWT_SECRET',
      );
      expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET.*at least 32 characters/);
    });

    it('refuses the development keys for personal data and provider receipts, even where another secret is strong', () => {
      const problems = problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: STRONG, PERSONAL_DATA_MASTER_KEY: DEV_PERSONAL_DATA_MASTER_KEY });
      expect(Object.keys(problems).sort()).toEqual(['NOTIFICATION_RECEIPT_SECRET', 'PERSONAL_DATA_HASH_KEY', 'PERSONAL_DATA_MASTER_KEY']);
      expect(problemsOf({ ...PRODUCTION_SECRETS, NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_PERSONAL_DATA_HASH_KEY })).toHaveProperty('AUTH_JWT_SECRET');
    });

    it('refuses development tokens', () => {
      const problems = problemsOf({ ...PRODUCTION_SECRETS, NODE_ENV: 'production', DEV_TOKENS_ENABLED: 'true' });
      expect(Object.keys(problems)).toEqual(['DEV_TOKENS_ENABLED']);
    });

    it('starts with a strong secret; development tokens and the queue board default to off', () => {
      const config = loadAppConfig({ ...PRODUCTION_SECRETS, NODE_ENV: 'production' });
      expect(config).toMatchObject({ NODE_ENV: 'production', DEV_TOKENS_ENABLED: false, BULL_BOARD_ENABLED: false });
    });
  });
});

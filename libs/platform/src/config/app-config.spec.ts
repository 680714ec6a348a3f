import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  AppConfig,
  defaultEmbeddedPostgresDir,
  DEV_JWT_SECRET,
  DEV_NOTIFICATION_RECEIPT_SECRET,
  DEV_PERSONAL_DATA_HASH_KEY,
  DEV_PERSONAL_DATA_MASTER_KEY,
  estimatedEntropyBits,
  InvalidConfigError,
  loadAppConfig,
  MIN_SECRET_BITS,
} from './app-config';
import { PRODUCTION_EDGES, PRODUCTION_PROVIDERS, PRODUCTION_SECRETS, STRONG } from './test/production-env';

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
  it('has defaults that work locally, in development', () => {
    const config = loadAppConfig({ NODE_ENV: 'development' });
    expect(config).toBeInstanceOf(AppConfig);
    expect({ ...config }).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      WORKER_PORT: 3001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/goodpay',
      LOCAL_POSTGRES_PORT: 5432,
      LOCAL_REDIS_PORT: 6379,
      EMBEDDED_POSTGRES_DIR: defaultEmbeddedPostgresDir(),
      DB_POOL_SIZE: 20,
      DATABASE_READ_URL: '',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_NODES: [],
      QUEUE_PREFIX: 'goodpay',
      RUN_MIGRATIONS: true,
      JOB_SCHEDULER_CHECK_MS: 60_000,
      QUEUE_STALLED_JOB_MS: 30_000,
      LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: DEV_JWT_SECRET,
      PERSONAL_DATA_MASTER_KEY: DEV_PERSONAL_DATA_MASTER_KEY,
      PERSONAL_DATA_HASH_KEY: DEV_PERSONAL_DATA_HASH_KEY,
      NOTIFICATION_RECEIPT_SECRET: DEV_NOTIFICATION_RECEIPT_SECRET,
      SETTLEMENT_HOUR_SEOUL: 2,
      SETTLEMENT_FEE_BASIS_POINTS: 0,
      DEV_TOKENS_ENABLED: true,
      RATE_LIMIT_DEFAULT: { limit: 600, windowMs: 60_000 },
      RATE_LIMIT_RECEIPT_UPLOADS: { limit: 20, windowMs: 3_600_000 },
      RATE_LIMIT_DEV_TOKENS: { limit: 60, windowMs: 60_000 },
      RATE_LIMIT_DRAWS: { limit: 10, windowMs: 60_000 },
      RATE_LIMIT_RUNS: { limit: 10, windowMs: 60_000 },
      TRUSTED_PROXIES: [],
      BULL_BOARD_ENABLED: true,
      DRAND_URL: '',
      COMMUNITY_CHEST_REGISTRATION_NUMBER: '',
      COMMUNITY_CHEST_ADDRESS: '',
      DONATION_TYPE_CODE: '10',
      CASHBACK_FIGURES: 'self-reported',
      CONSOLE_DIR: 'dist/console',
      CONSOLE_OIDC_CLIENT_ID: '',
      CONSOLE_OIDC_SCOPE: 'openid profile',
      OIDC_ISSUER: '',
      OIDC_AUDIENCE: [],
      OIDC_ROLE_CLAIM: '',
      OIDC_ROLE_VALUES: '',
      OIDC_JWKS_COOLDOWN_SECONDS: 30,
      OIDC_JWKS_MAX_AGE_SECONDS: 600,
      IDENTITY_VERIFICATION: 'recording',
      PORTONE_API_SECRET: '',
      PORTONE_API_BASE: 'https://api.portone.io',
      PORTONE_STORE_ID: '',
      PORTONE_WEBHOOK_SECRET: '',
      VERIFIED_IDENTITY_REQUIRED: false,
      PAYMENT_CONFIRMATIONS: 'office',
      PAYOUT_ADAPTER: 'recording',
      ACCOUNT_HOLDER_CHECK: 'recording',
      PORTONE_V1_API_URL: 'https://api.iamport.kr',
      PORTONE_V1_API_KEY: '',
      PORTONE_V1_API_SECRET: '',
      MESSAGE_PROVIDER: 'recording',
      SOLAPI_API_KEY: '',
      SOLAPI_API_SECRET: '',
      SOLAPI_API_BASE: 'https://api.solapi.com',
      SOLAPI_SENDER: '',
      KAKAO_PF_ID: '',
      SMTP_URL: '',
      MAIL_FROM: '착한 선결제 (development) <no-reply@goodpay.localhost>',
      NOTIFICATION_DELIVERY_POLL_MS: 60_000,
      NOTIFICATION_PLAN_WITHIN_HOURS: 24,
      NOTIFICATION_RETENTION_DAYS: 90,
    });
  });

  it('keeps the embedded PostgreSQL in the user’s home, and root’s where the unprivileged server can reach it', () => {
    expect(defaultEmbeddedPostgresDir()).toBe(
      process.getuid?.() === 0 ? '/var/lib/goodpay/postgres' : join(homedir(), '.goodpay', 'postgres'),
    );
  });

  it('points the default DATABASE_URL and REDIS_URL at LOCAL_POSTGRES_PORT and LOCAL_REDIS_PORT; a URL that is set wins', () => {
    expect(loadAppConfig({ NODE_ENV: 'development', LOCAL_POSTGRES_PORT: '5433', LOCAL_REDIS_PORT: '6380' })).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5433/goodpay',
      REDIS_URL: 'redis://127.0.0.1:6380',
    });
    expect(
      loadAppConfig({ NODE_ENV: 'development', LOCAL_POSTGRES_PORT: '5433', DATABASE_URL: 'postgres://db.internal/goodpay' }).DATABASE_URL,
    ).toBe('postgres://db.internal/goodpay');
    expect(
      Object.keys(
        problemsOf({ NODE_ENV: 'development', LOCAL_POSTGRES_PORT: '0', LOCAL_REDIS_PORT: 'six', EMBEDDED_POSTGRES_DIR: 'relative/dir' }),
      ),
    ).toEqual(expect.arrayContaining(['LOCAL_POSTGRES_PORT', 'LOCAL_REDIS_PORT', 'EMBEDDED_POSTGRES_DIR']));
  });

  it('runs the production checks when NODE_ENV is missing or empty: development is opted into, never a default', () => {
    for (const NODE_ENV of [undefined, '', '  ']) {
      expect(Object.keys(problemsOf({ NODE_ENV })).sort()).toEqual(
        [
          'NOTIFICATION_RECEIPT_SECRET',
          'PERSONAL_DATA_HASH_KEY',
          'PERSONAL_DATA_MASTER_KEY',
          'OIDC_ISSUER',
          'PORTONE_API_SECRET',
          'PORTONE_STORE_ID',
          'PORTONE_WEBHOOK_SECRET',
          'COMMUNITY_CHEST_REGISTRATION_NUMBER',
          'COMMUNITY_CHEST_ADDRESS',
          ...Object.keys(PRODUCTION_PROVIDERS),
        ].sort(),
      );
      expect(
        problemsOf({ NODE_ENV, ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, DEV_TOKENS_ENABLED: 'true' }),
      ).toHaveProperty('DEV_TOKENS_ENABLED');
      expect(loadAppConfig({ NODE_ENV, ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES })).toMatchObject({
        NODE_ENV: 'production',
        DEV_TOKENS_ENABLED: false,
        BULL_BOARD_ENABLED: false,
        DRAND_URL: 'https://api.drand.sh',
      });
    }
  });

  it('reads rate limits as <requests>/<window>, and refuses anything else', () => {
    expect(loadAppConfig({ NODE_ENV: 'test', RATE_LIMIT_DEFAULT: '5/30s', RATE_LIMIT_DRAWS: ' 2/2h ' })).toMatchObject({
      RATE_LIMIT_DEFAULT: { limit: 5, windowMs: 30_000 },
      RATE_LIMIT_DRAWS: { limit: 2, windowMs: 7_200_000 },
    });
    for (const bad of ['600', '600/m', '0/1m', '-1/1m', '10/0s', '10/25h', '1.5/1m', 'lots/1m', '10/1d']) {
      expect(problemsOf({ NODE_ENV: 'test', RATE_LIMIT_RECEIPT_UPLOADS: bad })).toHaveProperty('RATE_LIMIT_RECEIPT_UPLOADS');
    }
  });

  it('reads trusted proxies as addresses and ranges, and refuses anything else (a hostname, "true", a bad prefix)', () => {
    expect(loadAppConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.7 ,fd00::/8' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      'fd00::/8',
    ]);
    for (const bad of ['true', 'lb.internal', '10.0.0.0/33', 'fd00::/129', '10.0.0.1/8/8', '10.0.0', '*']) {
      expect(problemsOf({ NODE_ENV: 'test', TRUSTED_PROXIES: bad })).toHaveProperty('TRUSTED_PROXIES');
    }
  });

  it('reads and converts variables, ignoring others and treating empty as unset', () => {
    const config = loadAppConfig({
      NODE_ENV: 'test',
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

  it('takes a read replica and a Redis Cluster, whose queue prefix must be a hash tag', () => {
    const config = loadAppConfig({
      NODE_ENV: 'test',
      DATABASE_READ_URL: 'postgres://reader@replica.internal:5432/goodpay',
      REDIS_CLUSTER_NODES: 'redis-1:6379, redis-2:6379,10.0.0.3:7000',
      QUEUE_PREFIX: '{goodpay}',
    });
    expect(config).toMatchObject({
      DATABASE_READ_URL: 'postgres://reader@replica.internal:5432/goodpay',
      REDIS_CLUSTER_NODES: ['redis-1:6379', 'redis-2:6379', '10.0.0.3:7000'],
    });
    expect(problemsOf({ NODE_ENV: 'test', REDIS_CLUSTER_NODES: 'redis-1:6379', QUEUE_PREFIX: 'goodpay' })).toEqual({
      QUEUE_PREFIX: [expect.stringMatching(/hash tag such as \{goodpay\}/)],
    });
    expect(
      Object.keys(
        problemsOf({ NODE_ENV: 'test', REDIS_CLUSTER_NODES: 'redis-1', DATABASE_READ_URL: 'mysql://x/y', QUEUE_PREFIX: '{g}' }),
      ).sort(),
    ).toEqual(['DATABASE_READ_URL', 'REDIS_CLUSTER_NODES']);
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
    it('refuses to start without a strong PERSONAL_DATA_MASTER_KEY', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toHaveProperty('PERSONAL_DATA_MASTER_KEY');
      expect(problemsOf({ NODE_ENV: 'production', PERSONAL_DATA_MASTER_KEY: 'short' })).toHaveProperty('PERSONAL_DATA_MASTER_KEY');
      expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/PERSONAL_DATA_MASTER_KEY.*at least 32 characters/);
    });

    it('needs no AUTH_JWT_SECRET: it signs only development tokens, which production refuses', () => {
      const complete = { ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' };
      expect(loadAppConfig(complete)).toMatchObject({ AUTH_JWT_SECRET: '', DEV_TOKENS_ENABLED: false });
      // Outside production it signs the development tokens: unset, the development secret does.
      expect(loadAppConfig({ NODE_ENV: 'development' }).AUTH_JWT_SECRET).toBe(DEV_JWT_SECRET);
    });

    it('refuses a secret used for two purposes, naming both', () => {
      const problems = problemsOf({
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        NODE_ENV: 'production',
        PERSONAL_DATA_HASH_KEY: PRODUCTION_SECRETS.NOTIFICATION_RECEIPT_SECRET,
      });
      expect(Object.keys(problems).sort()).toEqual(['NOTIFICATION_RECEIPT_SECRET', 'PERSONAL_DATA_HASH_KEY']);
      expect(problems.NOTIFICATION_RECEIPT_SECRET!.join()).toMatch(/must differ from every other secret/);
      const same = Object.fromEntries(Object.keys(PRODUCTION_SECRETS).map((name) => [name, STRONG]));
      expect(Object.keys(problemsOf({ ...same, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' })).sort()).toEqual(
        Object.keys(PRODUCTION_SECRETS).sort(),
      );
    });

    it('refuses low-entropy secrets: repeated characters, a short alphabet, too few random digits', () => {
      for (const weak of ['x'.repeat(64), 'ab'.repeat(32), 'abcd'.repeat(16), '0123456789'.repeat(4), '9c1f0e7a4b2d6c8e3f5a7b9d1c3e5f7a']) {
        expect(estimatedEntropyBits(weak)).toBeLessThan(MIN_SECRET_BITS);
        expect(
          problemsOf({
            ...PRODUCTION_SECRETS,
            ...PRODUCTION_PROVIDERS,
            ...PRODUCTION_EDGES,
            NODE_ENV: 'production',
            NOTIFICATION_RECEIPT_SECRET: weak,
          }),
        ).toHaveProperty('NOTIFICATION_RECEIPT_SECRET');
      }
      for (const strong of Object.values(PRODUCTION_SECRETS)) expect(estimatedEntropyBits(strong)).toBeGreaterThanOrEqual(MIN_SECRET_BITS);
      expect(estimatedEntropyBits('x'.repeat(64))).toBe(0);
      expect(estimatedEntropyBits('ab'.repeat(32))).toBeLessThanOrEqual(64);
      expect(estimatedEntropyBits('abcd'.repeat(16))).toBeLessThan(100); // 128 by its letters alone: the repetition gives it away
    });

    it('refuses the development keys for personal data and provider receipts, even where another secret is strong', () => {
      const problems = problemsOf({
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        NODE_ENV: 'production',
        NOTIFICATION_RECEIPT_SECRET: STRONG,
        PERSONAL_DATA_MASTER_KEY: DEV_PERSONAL_DATA_MASTER_KEY,
      });
      expect(Object.keys(problems).sort()).toEqual(['PERSONAL_DATA_HASH_KEY', 'PERSONAL_DATA_MASTER_KEY']);
      expect(
        problemsOf({
          ...PRODUCTION_SECRETS,
          ...PRODUCTION_PROVIDERS,
          ...PRODUCTION_EDGES,
          NODE_ENV: 'production',
          NOTIFICATION_RECEIPT_SECRET: DEV_PERSONAL_DATA_HASH_KEY,
        }),
      ).toHaveProperty('NOTIFICATION_RECEIPT_SECRET');
    });

    it('refuses to start without its OpenID provider and PortOne, or with the recording verifier or plain http', () => {
      const problems = problemsOf({ ...PRODUCTION_SECRETS, NODE_ENV: 'production' });
      expect(Object.keys(problems)).toEqual(expect.arrayContaining(['OIDC_ISSUER', 'PORTONE_API_SECRET']));
      const edges = (overrides: Record<string, string>) =>
        problemsOf({ ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production', ...overrides });
      expect(edges({ OIDC_ISSUER: 'http://login.example.go.kr' })).toHaveProperty('OIDC_ISSUER');
      expect(edges({ OIDC_AUDIENCE: '' })).toHaveProperty('OIDC_AUDIENCE');
      expect(edges({ IDENTITY_VERIFICATION: 'recording' })).toHaveProperty('IDENTITY_VERIFICATION');
      expect(edges({ PORTONE_API_BASE: 'http://api.portone.io' })).toHaveProperty('PORTONE_API_BASE');
      expect(edges({ OIDC_ROLE_VALUES: 'admin=everyone' })).toHaveProperty('OIDC_ROLE_VALUES');
      expect(loadAppConfig({ ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' })).toMatchObject({
        IDENTITY_VERIFICATION: 'portone',
        VERIFIED_IDENTITY_REQUIRED: true,
        OIDC_AUDIENCE: ['https://api.goodpay.example.go.kr'],
      });
    });

    it('asks for the PortOne secret wherever PortOne verifies identities, in development too', () => {
      expect(problemsOf({ NODE_ENV: 'development', IDENTITY_VERIFICATION: 'portone' })).toHaveProperty('PORTONE_API_SECRET');
      expect(problemsOf({ NODE_ENV: 'development', OIDC_ISSUER: 'https://login.example' })).toHaveProperty('OIDC_AUDIENCE');
    });

    it('refuses development tokens', () => {
      const problems = problemsOf({
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        NODE_ENV: 'production',
        DEV_TOKENS_ENABLED: 'true',
      });
      expect(Object.keys(problems)).toEqual(['DEV_TOKENS_ENABLED']);
    });

    it('refuses the sandbox payment provider: every platform payment is confirmed by the office or a gateway', () => {
      const problems = problemsOf({
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        NODE_ENV: 'production',
        PAYMENT_CONFIRMATIONS: 'sandbox',
      });
      expect(Object.keys(problems)).toEqual(['PAYMENT_CONFIRMATIONS']);
      expect(loadAppConfig({ NODE_ENV: 'development', PAYMENT_CONFIRMATIONS: 'sandbox' }).PAYMENT_CONFIRMATIONS).toBe('sandbox');
      expect(problemsOf({ NODE_ENV: 'development', PAYMENT_CONFIRMATIONS: 'trust-the-client' })).toHaveProperty('PAYMENT_CONFIRMATIONS');
    });

    it('pays shops by bulk-transfer file and checks account holders with PortOne, refusing the recording ones and missing credentials', () => {
      const config = loadAppConfig({ ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' });
      expect(config).toMatchObject({
        PAYOUT_ADAPTER: 'bank-file',
        ACCOUNT_HOLDER_CHECK: 'portone-v1',
        PORTONE_V1_API_URL: 'https://api.iamport.kr',
      });
      const base = { ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' };
      expect(Object.keys(problemsOf({ ...base, PAYOUT_ADAPTER: 'recording' }))).toEqual(['PAYOUT_ADAPTER']);
      expect(Object.keys(problemsOf({ ...base, ACCOUNT_HOLDER_CHECK: 'recording' }))).toEqual(['ACCOUNT_HOLDER_CHECK']);
      expect(Object.keys(problemsOf({ ...base, PORTONE_V1_API_SECRET: ' ' }))).toEqual(['PORTONE_V1_API_SECRET']);
      expect(Object.keys(problemsOf({ ...base, PORTONE_V1_API_URL: 'http://api.iamport.kr' }))).toEqual(['PORTONE_V1_API_URL']);
      // Outside production the recording ones are the default; choosing PortOne still needs its credentials.
      expect(loadAppConfig({ NODE_ENV: 'development' })).toMatchObject({ PAYOUT_ADAPTER: 'recording', ACCOUNT_HOLDER_CHECK: 'recording' });
      expect(Object.keys(problemsOf({ NODE_ENV: 'test', ACCOUNT_HOLDER_CHECK: 'portone-v1' })).sort()).toEqual([
        'PORTONE_V1_API_KEY',
        'PORTONE_V1_API_SECRET',
      ]);
    });

    it('uses the PortOne gateway by default and refuses to start without its credentials; the office stays a choice', () => {
      expect(
        loadAppConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES })
          .PAYMENT_CONFIRMATIONS,
      ).toBe('portone');
      const withoutPortOne = {
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        PORTONE_API_SECRET: '',
        PORTONE_STORE_ID: '',
        PORTONE_WEBHOOK_SECRET: '',
      };
      expect(Object.keys(problemsOf({ NODE_ENV: 'production', ...withoutPortOne })).sort()).toEqual([
        'PORTONE_API_SECRET',
        'PORTONE_STORE_ID',
        'PORTONE_WEBHOOK_SECRET',
      ]);
      expect(
        loadAppConfig({
          NODE_ENV: 'production',
          ...withoutPortOne,
          PORTONE_API_SECRET: PRODUCTION_EDGES.PORTONE_API_SECRET,
          PAYMENT_CONFIRMATIONS: 'office',
        }).PAYMENT_CONFIRMATIONS,
      ).toBe('office');
      const plainHttp = problemsOf({
        NODE_ENV: 'production',
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        PORTONE_API_BASE: 'http://api.portone.io',
      });
      expect(Object.keys(plainHttp)).toEqual(['PORTONE_API_BASE']);
      // Every outside service's address is held to the same rule.
      const everyPlainHttp = problemsOf({
        NODE_ENV: 'production',
        ...PRODUCTION_SECRETS,
        ...PRODUCTION_PROVIDERS,
        ...PRODUCTION_EDGES,
        PORTONE_API_BASE: 'http://api.portone.io',
        PORTONE_V1_API_URL: 'http://api.iamport.kr',
        SOLAPI_API_BASE: 'http://api.solapi.com',
      });
      expect(everyPlainHttp).toEqual({
        PORTONE_API_BASE: ['PORTONE_API_BASE must be an https:// URL in production'],
        PORTONE_V1_API_URL: ['PORTONE_V1_API_URL must be an https:// URL in production'],
        SOLAPI_API_BASE: ['SOLAPI_API_BASE must be an https:// URL in production'],
      });
      const malformed = problemsOf({
        NODE_ENV: 'test',
        PAYMENT_CONFIRMATIONS: 'portone',
        ...PRODUCTION_EDGES,
        PORTONE_WEBHOOK_SECRET: 'not-a-whsec',
      });
      expect(Object.keys(malformed)).toEqual(['PORTONE_WEBHOOK_SECRET']);
      // Outside production too: a gateway without credentials cannot confirm anything.
      expect(Object.keys(problemsOf({ NODE_ENV: 'development', PAYMENT_CONFIRMATIONS: 'portone' })).sort()).toEqual([
        'PORTONE_API_SECRET',
        'PORTONE_STORE_ID',
        'PORTONE_WEBHOOK_SECRET',
      ]);
    });

    it('starts with a strong secret; development tokens and the queue board default to off', () => {
      const config = loadAppConfig({ ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' });
      expect(config).toMatchObject({ NODE_ENV: 'production', DEV_TOKENS_ENABLED: false, BULL_BOARD_ENABLED: false });
    });

    it('sends messages for real: Solapi with its credentials and registered sender, e-mail over SMTP', () => {
      expect(
        loadAppConfig({ ...PRODUCTION_SECRETS, ...PRODUCTION_PROVIDERS, ...PRODUCTION_EDGES, NODE_ENV: 'production' }).MESSAGE_PROVIDER,
      ).toBe('solapi');
      expect(
        Object.keys(
          problemsOf({
            ...PRODUCTION_SECRETS,
            ...PRODUCTION_PROVIDERS,
            ...PRODUCTION_EDGES,
            NODE_ENV: 'production',
            MESSAGE_PROVIDER: 'recording',
          }),
        ),
      ).toEqual(['MESSAGE_PROVIDER']);
      const { SOLAPI_API_SECRET: _secret, SMTP_URL: _smtp, ...withoutThem } = PRODUCTION_PROVIDERS;
      expect(
        Object.keys(problemsOf({ ...PRODUCTION_SECRETS, ...PRODUCTION_EDGES, ...withoutThem, NODE_ENV: 'production' })).sort(),
      ).toEqual(['SMTP_URL', 'SOLAPI_API_SECRET']);
    });
  });

  describe('message providers', () => {
    it('records messages outside production unless Solapi is chosen, and then needs its credentials', () => {
      expect(loadAppConfig({ NODE_ENV: 'development' }).MESSAGE_PROVIDER).toBe('recording');
      expect(Object.keys(problemsOf({ NODE_ENV: 'test', MESSAGE_PROVIDER: 'solapi' })).sort()).toEqual([
        'KAKAO_PF_ID',
        'SOLAPI_API_KEY',
        'SOLAPI_API_SECRET',
        'SOLAPI_SENDER',
      ]);
      const { SMTP_URL: _smtp, MAIL_FROM: _from, ...solapi } = PRODUCTION_PROVIDERS;
      expect(
        loadAppConfig({ NODE_ENV: 'test', MESSAGE_PROVIDER: 'solapi', ...solapi, SOLAPI_API_BASE: 'http://127.0.0.1:4010' }),
      ).toMatchObject({
        MESSAGE_PROVIDER: 'solapi',
        SOLAPI_API_BASE: 'http://127.0.0.1:4010',
      });
    });

    it('takes a drand relay over http(s) only (empty: staff paste the beacon)', () => {
      expect(problemsOf({ NODE_ENV: 'development', DRAND_URL: 'ftp://relay.example' })).toHaveProperty('DRAND_URL');
      expect(loadAppConfig({ NODE_ENV: 'development', DRAND_URL: 'http://127.0.0.1:8080' }).DRAND_URL).toBe('http://127.0.0.1:8080');
    });

    it('refuses a sender that is not a number, an SMTP URL of another scheme, a retention outside 1-3650 days', () => {
      expect(problemsOf({ NODE_ENV: 'test', SOLAPI_SENDER: '02-1234-5678' })).toHaveProperty('SOLAPI_SENDER');
      expect(problemsOf({ NODE_ENV: 'test', SMTP_URL: 'http://mail.internal' })).toHaveProperty('SMTP_URL');
      expect(problemsOf({ NODE_ENV: 'test', MESSAGE_PROVIDER: 'kakao' })).toHaveProperty('MESSAGE_PROVIDER');
      for (const days of ['0', '3651', 'ninety'])
        expect(problemsOf({ NODE_ENV: 'test', NOTIFICATION_RETENTION_DAYS: days })).toHaveProperty('NOTIFICATION_RETENTION_DAYS');
    });
  });
});

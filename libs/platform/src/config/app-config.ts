import { Expose, plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  validateSync,
  type ValidationArguments,
  type ValidationError,
} from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Good enough for a laptop, refused in production (see `isStrongSecret`). */
export const DEV_JWT_SECRET = 'goodpay-development-secret-do-not-use-in-production';
/** The same for the keys that protect personal data and provider callbacks. */
export const DEV_PERSONAL_DATA_MASTER_KEY = 'goodpay-development-master-key-do-not-use-in-production';
export const DEV_PERSONAL_DATA_HASH_KEY = 'goodpay-development-hash-key-do-not-use-in-production';
export const DEV_NOTIFICATION_RECEIPT_SECRET = 'goodpay-development-receipt-secret-do-not-use-in-production';
const DEV_SECRETS = [DEV_JWT_SECRET, DEV_PERSONAL_DATA_MASTER_KEY, DEV_PERSONAL_DATA_HASH_KEY, DEV_NOTIFICATION_RECEIPT_SECRET];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value; // left as a string: @IsBoolean reports it
};

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** A URL that `new URL()` accepts and whose scheme is one of `protocols` (e.g. 'postgres:'). */
function IsConnectionUrl(protocols: string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isConnectionUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            return protocols.includes(new URL(value).protocol);
          } catch {
            return false;
          }
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      },
    });
}

/** A rule that only holds when NODE_ENV=production. */
function InProduction(rule: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'inProduction',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          (args?.object as AppConfig | undefined)?.NODE_ENV !== 'production' || rule(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${message}`,
      },
    });
}

const isStrongSecret = (value: unknown): boolean =>
  typeof value === 'string' && value.length >= 32 && !DEV_SECRETS.includes(value);
const STRONG_SECRET = 'is required in production: at least 32 characters, not the development default';

/**
 * The whole configuration of every goodpay process, read from environment variables and
 * validated once at start. Inject this class to read it (it is its own DI token).
 */
export class AppConfig {
  @Expose() @IsIn(NODE_ENVS)
  readonly NODE_ENV!: NodeEnv;

  @Expose() @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  readonly PORT!: number;

  @Expose() @IsConnectionUrl(['postgres:', 'postgresql:'])
  readonly DATABASE_URL!: string;

  /** Connections per process in the PostgreSQL pool (one is held while migrating). */
  @Expose() @Transform(toInteger) @IsInt() @Min(2) @Max(1000)
  readonly DB_POOL_SIZE!: number;

  @Expose() @IsConnectionUrl(['redis:', 'rediss:'])
  readonly REDIS_URL!: string;

  /** Prefix of every BullMQ key; `{…}` hash tags are allowed for Redis Cluster. */
  @Expose() @IsString() @Matches(/^[A-Za-z0-9_.:{}-]{1,64}$/, {
    message: 'QUEUE_PREFIX must be 1-64 characters of letters, digits, _ . : { } -',
  })
  readonly QUEUE_PREFIX!: string;

  @Expose() @Transform(toBoolean) @IsBoolean()
  readonly RUN_MIGRATIONS!: boolean;

  /** How often the job schedulers (daily settlement, raffle sweep) are looked for in Redis and created again if lost. */
  @Expose() @Transform(toInteger) @IsInt() @Min(100) @Max(3_600_000)
  readonly JOB_SCHEDULER_CHECK_MS!: number;

  @Expose() @IsIn(LOG_LEVELS)
  readonly LOG_LEVEL!: LogLevel;

  @Expose() @IsString()
  @InProduction(isStrongSecret, STRONG_SECRET)
  readonly AUTH_JWT_SECRET!: string;

  /** Wraps each person's own data key (names, phones, photos). Never stored in the database. */
  @Expose() @IsString()
  @InProduction(isStrongSecret, STRONG_SECRET)
  readonly PERSONAL_DATA_MASTER_KEY!: string;

  /** Keys the hash that turns a phone number into a pseudonymous person id. */
  @Expose() @IsString()
  @InProduction(isStrongSecret, STRONG_SECRET)
  readonly PERSONAL_DATA_HASH_KEY!: string;

  /** What message providers send in a header with their delivery receipts. */
  @Expose() @IsString()
  @InProduction(isStrongSecret, STRONG_SECRET)
  readonly NOTIFICATION_RECEIPT_SECRET!: string;

  /** The Seoul hour at which each day's merchant settlements are built (for the day before). */
  @Expose() @Transform(toInteger) @IsInt() @Min(0) @Max(23)
  readonly SETTLEMENT_HOUR_SEOUL!: number;

  /** The platform's fee on collected prepayments, in basis points (100 = 1%). */
  @Expose() @Transform(toInteger) @IsInt() @Min(0) @Max(10_000)
  readonly SETTLEMENT_FEE_BASIS_POINTS!: number;

  @Expose() @Transform(toBoolean) @IsBoolean()
  @InProduction((v) => v === false, 'must be false in production')
  readonly DEV_TOKENS_ENABLED!: boolean;

  /** Serves the Bull Board UI at /admin/queues (api processes only). */
  @Expose() @Transform(toBoolean) @IsBoolean()
  readonly BULL_BOARD_ENABLED!: boolean;
}

/** Defaults that work against the local PostgreSQL and Redis; some depend on NODE_ENV. */
export function configDefaults(nodeEnv: string | undefined): Record<keyof AppConfig, string> {
  const production = nodeEnv === 'production';
  return {
    NODE_ENV: 'development',
    PORT: '3000',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/goodpay',
    DB_POOL_SIZE: '20',
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: 'goodpay',
    RUN_MIGRATIONS: 'true',
    JOB_SCHEDULER_CHECK_MS: '60000',
    LOG_LEVEL: 'info',
    AUTH_JWT_SECRET: production ? '' : DEV_JWT_SECRET,
    PERSONAL_DATA_MASTER_KEY: production ? '' : DEV_PERSONAL_DATA_MASTER_KEY,
    PERSONAL_DATA_HASH_KEY: production ? '' : DEV_PERSONAL_DATA_HASH_KEY,
    NOTIFICATION_RECEIPT_SECRET: production ? '' : DEV_NOTIFICATION_RECEIPT_SECRET,
    SETTLEMENT_HOUR_SEOUL: '2',
    SETTLEMENT_FEE_BASIS_POINTS: '0',
    DEV_TOKENS_ENABLED: production ? 'false' : 'true',
    BULL_BOARD_ENABLED: production ? 'false' : 'true',
  };
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: { variable: string; messages: string[] }[]) {
    super(
      'Invalid configuration, the process refuses to start. Fix these environment variables:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.messages.join('; ')}`).join('\n'),
    );
    this.name = 'InvalidConfigError';
  }
}

/**
 * Reads and validates the configuration. Values are never echoed in errors: some are secrets.
 * Empty variables count as unset.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = configDefaults(env.NODE_ENV);
  const raw: Record<string, string> = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const config = plainToInstance(AppConfig, raw, { excludeExtraneousValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidConfigError(
      errors.map((e: ValidationError) => ({
        variable: e.property,
        messages: Object.values(e.constraints ?? {}),
      })),
    );
  }
  return Object.freeze(config);
}

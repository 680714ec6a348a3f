import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { Expose, plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
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

/** A request budget: at most `limit` requests per client in each window of `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

const WINDOW_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
const MAX_WINDOW_MS = 24 * 3_600_000;

/** `600/1m` -> { limit: 600, windowMs: 60000 }; anything else is left for @IsRateLimit to report. */
const toRateLimit = ({ value }: { value: unknown }): unknown => {
  const match = typeof value === 'string' ? /^(\d{1,9})\/(\d{1,5})([smh])$/.exec(value.trim()) : null;
  return match ? { limit: Number(match[1]), windowMs: Number(match[2]) * WINDOW_UNITS_MS[match[3]]! } : value;
};

function IsRateLimit(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRateLimit',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          const { limit, windowMs } = (value ?? {}) as Partial<RateLimit>;
          return (
            Number.isSafeInteger(limit) && limit! >= 1 && Number.isSafeInteger(windowMs) && windowMs! >= 1000 && windowMs! <= MAX_WINDOW_MS
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be <requests>/<window> with the window in s, m or h (at most 24h), e.g. 600/1m`,
      },
    });
}

/** `10.0.0.0/8, 192.0.2.7` -> ['10.0.0.0/8', '192.0.2.7']; empty -> [] (trust no proxy). */
const toAddressList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

/** An IP address, or one with a prefix length (`10.0.0.0/8`, `fd00::/8`). */
const isAddressOrRange = (entry: string): boolean => {
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
};

function IsAddressList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAddressList',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && isAddressOrRange(entry)),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be IP addresses or ranges separated by commas, e.g. 10.0.0.0/8,192.0.2.7`,
      },
    });
}

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

/** Whether `value` is a URL with one of `protocols`. */
const isUrl = (value: unknown, protocols: string[]): boolean => {
  try {
    return typeof value === 'string' && protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const isHttpsUrl = (value: unknown): boolean => isUrl(value, ['https:']);

/** `a, b` -> ['a', 'b']; empty -> []. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

/** A rule on a variable that may depend on others, in every mode. */
function ValidIf(rule: (value: unknown, config: AppConfig) => boolean, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: `validIf${String(propertyName)}`,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => rule(value, args?.object as AppConfig),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${message}`,
      },
    });
}

/** A rule that only holds in production (NODE_ENV=production, or NODE_ENV unset). */
function InProduction(
  name: string,
  rule: (value: unknown, config: AppConfig, property: string) => boolean,
  message: string,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const config = args?.object as AppConfig;
          return config.NODE_ENV !== 'production' || rule(value, config, propertyName as string);
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${message}`,
      },
    });
}

/** An outside service's address: its credentials and people's data go over it, so only https in production. */
const HttpsInProduction = (): PropertyDecorator => InProduction('httpsInProduction', isHttpsUrl, 'must be an https:// URL in production');

/** A value that must be set when `when` holds of the configuration (a provider's credentials once it is chosen). */
function RequiredWhen(when: (config: AppConfig) => boolean, message: string): PropertyDecorator {
  return ValidIf((value, config) => !when(config) || (typeof value === 'string' && value.length > 0), message);
}

const solapiChosen = (config: AppConfig): boolean => config.MESSAGE_PROVIDER === 'solapi';
const holderCheckByPortOneV1 = (config: AppConfig): boolean => config.ACCOUNT_HOLDER_CHECK === 'portone-v1';
const SOLAPI_NEEDS = 'is required with MESSAGE_PROVIDER=solapi (the real provider refuses to start without its credentials)';
const portOneGatewayChosen = (config: AppConfig): boolean => config.PAYMENT_CONFIRMATIONS === 'portone';
const portOneChosen = (config: AppConfig): boolean => portOneGatewayChosen(config) || config.IDENTITY_VERIFICATION === 'portone';
const inProduction = (config: AppConfig): boolean => config.NODE_ENV === 'production';

/**
 * The three secrets production insists on: each strong, and no two alike. AUTH_JWT_SECRET is not
 * one of them: it signs only the development tokens, which production refuses (sign-in there is
 * the OpenID provider's), so production neither needs nor reads it.
 */
export const SECRET_VARIABLES = ['PERSONAL_DATA_MASTER_KEY', 'PERSONAL_DATA_HASH_KEY', 'NOTIFICATION_RECEIPT_SECRET'] as const;

/** The fewest estimated bits of entropy a production secret may have. */
export const MIN_SECRET_BITS = 128;

/**
 * Bits of entropy in `secret`, estimated from the text alone: the lower of its length times the
 * Shannon entropy of its characters (repeated characters, short alphabets: 'x' x 64 is 0,
 * 'ab' x 32 is 64) and its size compressed (repeated patterns: 'abcd' x 16). 64 random hex
 * digits score about 250. It cannot see that a varied phrase is guessable: it catches careless
 * values, and the README says how to make a random one.
 */
export function estimatedEntropyBits(secret: string): number {
  const counts = new Map<string, number>();
  const characters = [...secret];
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bitsPerCharacter -= p * Math.log2(p);
  }
  return Math.min(bitsPerCharacter * characters.length, deflateRawSync(secret, { level: 9 }).length * 8);
}

const isStrongSecret = (value: unknown): boolean =>
  typeof value === 'string' && value.length >= 32 && !DEV_SECRETS.includes(value) && estimatedEntropyBits(value) >= MIN_SECRET_BITS;
const STRONG_SECRET = `is required in production: at least 32 characters of random text (an estimated ${MIN_SECRET_BITS} bits or more, e.g. \`openssl rand -hex 32\`), not the development default`;

/** A strong secret, and none used twice: a shared one is as weak as its weakest use, and leaks with any. */
const ProductionSecret = (): PropertyDecorator => (target, propertyName) => {
  InProduction('strongSecret', isStrongSecret, STRONG_SECRET)(target, propertyName);
  InProduction(
    'distinctSecret',
    (value, config, property) => SECRET_VARIABLES.every((other) => other === property || config[other] !== value),
    `must differ from every other secret (${SECRET_VARIABLES.join(', ')})`,
  )(target, propertyName);
};

/**
 * The whole configuration of every goodpay process, read from environment variables and
 * validated once at start. Inject this class to read it (it is its own DI token).
 */
export class AppConfig {
  @Expose()
  @IsIn(NODE_ENVS)
  readonly NODE_ENV!: NodeEnv;

  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  readonly PORT!: number;

  /** HTTP port of a worker process's /health, /ready and /metrics (0: any free port, said in the log). */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  readonly WORKER_PORT!: number;

  @Expose()
  @IsConnectionUrl(['postgres:', 'postgresql:'])
  readonly DATABASE_URL!: string;

  /**
   * Where `npm start` (development and test only) looks for a PostgreSQL when DATABASE_URL is
   * not set: the default DATABASE_URL's port, and the port that, when nothing answers on it,
   * makes it start the embedded one.
   */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  readonly LOCAL_POSTGRES_PORT!: number;

  /** The same for Redis when REDIS_URL is not set: the default REDIS_URL's port. */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  readonly LOCAL_REDIS_PORT!: number;

  /** The embedded PostgreSQL's data folder (`npm start` on a machine without PostgreSQL). */
  @Expose()
  @IsString()
  @Matches(/^\//, { message: 'EMBEDDED_POSTGRES_DIR must be an absolute path' })
  readonly EMBEDDED_POSTGRES_DIR!: string;

  /** Connections per process in the PostgreSQL pool (one is held while migrating). */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(2)
  @Max(1000)
  readonly DB_POOL_SIZE!: number;

  /**
   * A read replica of DATABASE_URL (streaming replication) that the queries read from; empty:
   * they read the primary. Commands, consumers and migrations always use the primary.
   */
  @Expose()
  @ValidIf(
    (value) => value === '' || isUrl(value, ['postgres:', 'postgresql:']),
    'must be a URL starting with postgres:// or postgresql://',
  )
  readonly DATABASE_READ_URL!: string;

  @Expose()
  @IsConnectionUrl(['redis:', 'rediss:'])
  readonly REDIS_URL!: string;

  /**
   * Redis Cluster: its seed nodes as `host:port,host:port`; the cluster is found from them
   * (credentials and TLS from REDIS_URL). Empty: the single Redis of REDIS_URL. BullMQ runs a
   * queue's scripts on keys of one slot, so the QUEUE_PREFIX must then be a hash tag (`{goodpay}`).
   */
  @Expose()
  @Transform(toList)
  @ValidIf(
    (value) => Array.isArray(value) && value.every((node) => typeof node === 'string' && /^[A-Za-z0-9.-]+:\d{1,5}$/.test(node)),
    'must be host:port pairs separated by commas',
  )
  readonly REDIS_CLUSTER_NODES!: string[];

  /** Prefix of every BullMQ key; `{…}` hash tags are allowed for Redis Cluster. */
  @Expose()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:{}-]{1,64}$/, {
    message: 'QUEUE_PREFIX must be 1-64 characters of letters, digits, _ . : { } -',
  })
  @ValidIf(
    (value, config) =>
      !Array.isArray(config.REDIS_CLUSTER_NODES) || config.REDIS_CLUSTER_NODES.length === 0 || /^[^{]*\{[^{}]+\}/.test(String(value)),
    'must start with a hash tag such as {goodpay} on Redis Cluster (REDIS_CLUSTER_NODES): every key of a queue must hash to one slot',
  )
  readonly QUEUE_PREFIX!: string;

  @Expose()
  @Transform(toBoolean)
  @IsBoolean()
  readonly RUN_MIGRATIONS!: boolean;

  /** How often the job schedulers (daily settlement, raffle sweep) are looked for in Redis and created again if lost. */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  readonly JOB_SCHEDULER_CHECK_MS!: number;

  /**
   * How long a job that a dead worker had taken waits before another worker takes it: a
   * worker's lock on a job lasts this long (renewed at half of it while the job runs), and the
   * stall check that hands on jobs whose lock ran out runs this often. BullMQ's own defaults.
   */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  readonly QUEUE_STALLED_JOB_MS!: number;

  @Expose()
  @IsIn(LOG_LEVELS)
  readonly LOG_LEVEL!: LogLevel;

  /**
   * Signs the api's HS256 development tokens (POST /dev/tokens), outside production only.
   * Production refuses HS256 tokens and does not read this variable: it need not be set there.
   */
  @Expose()
  @IsString()
  readonly AUTH_JWT_SECRET!: string;

  /** Wraps each person's own data key (names, phones, photos). Never stored in the database. */
  @Expose()
  @IsString()
  @ProductionSecret()
  readonly PERSONAL_DATA_MASTER_KEY!: string;

  /** Keys the hash that turns a phone number into a pseudonymous person id. */
  @Expose()
  @IsString()
  @ProductionSecret()
  readonly PERSONAL_DATA_HASH_KEY!: string;

  /** What message providers send in a header with their delivery receipts. */
  @Expose()
  @IsString()
  @ProductionSecret()
  readonly NOTIFICATION_RECEIPT_SECRET!: string;

  /** The Seoul hour at which each day's merchant settlements are built (for the day before). */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(23)
  readonly SETTLEMENT_HOUR_SEOUL!: number;

  /** The platform's fee on collected prepayments, in basis points (100 = 1%). */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly SETTLEMENT_FEE_BASIS_POINTS!: number;

  @Expose()
  @Transform(toBoolean)
  @IsBoolean()
  @InProduction('devTokensOff', (v) => v === false, 'must be false in production')
  readonly DEV_TOKENS_ENABLED!: boolean;

  /** Requests per client (user id with a valid token, else IP address) on every route together. */
  @Expose()
  @Transform(toRateLimit)
  @IsRateLimit()
  readonly RATE_LIMIT_DEFAULT!: RateLimit;

  /** Receipt photo uploads per user (each up to 10 MiB, kept until the round's retention ends). */
  @Expose()
  @Transform(toRateLimit)
  @IsRateLimit()
  readonly RATE_LIMIT_RECEIPT_UPLOADS!: RateLimit;

  /** Development tokens per client (outside production only). */
  @Expose()
  @Transform(toRateLimit)
  @IsRateLimit()
  readonly RATE_LIMIT_DEV_TOKENS!: RateLimit;

  /** Raffle draw triggers per staff user. */
  @Expose()
  @Transform(toRateLimit)
  @IsRateLimit()
  readonly RATE_LIMIT_DRAWS!: RateLimit;

  /** Settlement runs and donation-receipt runs per staff user, together. */
  @Expose()
  @Transform(toRateLimit)
  @IsRateLimit()
  readonly RATE_LIMIT_RUNS!: RateLimit;

  /**
   * The load balancers or proxies in front of the api whose `X-Forwarded-For` is believed, so a
   * caller without a token is counted by their own address, not the proxy's. Empty: none (the
   * header is ignored, as anyone can send it).
   */
  @Expose()
  @Transform(toAddressList)
  @IsAddressList()
  readonly TRUSTED_PROXIES!: string[];

  /**
   * How platform payments are confirmed and refunds returned: `portone` (the PortOne gateway:
   * the server fetches each payment, cancels refunded ones, takes its signed webhooks; the
   * production default), `office` (staff reconcile each order with the provider's statement and
   * return refunds by hand) or `sandbox` (development: the `sandbox` provider's payments are
   * paid and cancelled at once). Never `sandbox` in production.
   */
  @Expose()
  @IsIn(['office', 'sandbox', 'portone'])
  @InProduction('realConfirmations', (v) => v !== 'sandbox', 'must be portone or office in production')
  readonly PAYMENT_CONFIRMATIONS!: 'office' | 'sandbox' | 'portone';

  /**
   * PortOne's V2 API secret (sent as `Authorization: PortOne <secret>`), for the payment gateway
   * and identity verification alike: required whenever either is PortOne.
   */
  @Expose()
  @IsString()
  @ValidIf(
    (v, config) => !portOneChosen(config) || (typeof v === 'string' && v.length >= 16),
    "is required when PAYMENT_CONFIRMATIONS=portone or IDENTITY_VERIFICATION=portone (from PortOne's console)",
  )
  readonly PORTONE_API_SECRET!: string;

  /** PortOne's API origin; tests point it at their own server. Only https in production. */
  @Expose()
  @IsConnectionUrl(['https:', 'http:'])
  @HttpsInProduction()
  readonly PORTONE_API_BASE!: string;

  /** The PortOne store whose payments goodpay takes (`store-...`); a payment of another store is refused. */
  @Expose()
  @IsString()
  @RequiredWhen(portOneGatewayChosen, "is required when PAYMENT_CONFIRMATIONS=portone (from PortOne's console)")
  @Matches(/^([A-Za-z0-9_-]{1,100})?$/, { message: 'PORTONE_STORE_ID must be a PortOne store id, e.g. store-4ff4af41-...' })
  readonly PORTONE_STORE_ID!: string;

  /** The secret (`whsec_` and base64) that signs PortOne's webhooks (Standard Webhooks). */
  @Expose()
  @IsString()
  @RequiredWhen(portOneGatewayChosen, "is required when PAYMENT_CONFIRMATIONS=portone (from PortOne's console)")
  @Matches(/^(whsec_[A-Za-z0-9+/=]{16,})?$/, { message: 'PORTONE_WEBHOOK_SECRET must be whsec_ followed by base64, as PortOne shows it' })
  readonly PORTONE_WEBHOOK_SECRET!: string;

  /**
   * How payouts to shops leave: `recording` (development: a built-in bank that pays at once) or
   * `bank-file` (bulk-transfer files staff download and take to the bank, whose result file
   * they import). Never `recording` in production.
   */
  @Expose()
  @IsIn(['recording', 'bank-file'])
  @InProduction('realPayouts', (v) => v === 'bank-file', 'must be bank-file in production')
  readonly PAYOUT_ADAPTER!: 'recording' | 'bank-file';

  /**
   * Who confirms a shop's settlement account before its first payout: `recording`
   * (development: the holder is whoever the owner says) or `portone-v1` (PortOne V1's
   * account-holder inquiry, GET /vbanks/holder). Never `recording` in production.
   */
  @Expose()
  @IsIn(['recording', 'portone-v1'])
  @InProduction('realHolderCheck', (v) => v === 'portone-v1', 'must be portone-v1 in production')
  readonly ACCOUNT_HOLDER_CHECK!: 'recording' | 'portone-v1';

  /** PortOne V1 REST API base (account-holder inquiry). */
  @Expose()
  @IsConnectionUrl(['https:', 'http:'])
  @HttpsInProduction()
  readonly PORTONE_V1_API_URL!: string;

  /** PortOne V1 REST API key (imp_key); required when ACCOUNT_HOLDER_CHECK=portone-v1. */
  @Expose()
  @IsString()
  @RequiredWhen(holderCheckByPortOneV1, 'is required when ACCOUNT_HOLDER_CHECK=portone-v1')
  readonly PORTONE_V1_API_KEY!: string;

  /** PortOne V1 REST API secret (imp_secret); required when ACCOUNT_HOLDER_CHECK=portone-v1. Never logged. */
  @Expose()
  @IsString()
  @RequiredWhen(holderCheckByPortOneV1, 'is required when ACCOUNT_HOLDER_CHECK=portone-v1')
  readonly PORTONE_V1_API_SECRET!: string;

  /**
   * Where Alimtalk and SMS/LMS go: `recording` (development and tests: a table anyone can read)
   * or `solapi`. Production sends for real.
   */
  @Expose()
  @IsIn(['recording', 'solapi'])
  @InProduction('realMessages', (v) => v === 'solapi', 'must be solapi in production')
  readonly MESSAGE_PROVIDER!: 'recording' | 'solapi';

  @Expose()
  @IsString()
  @RequiredWhen(solapiChosen, SOLAPI_NEEDS)
  readonly SOLAPI_API_KEY!: string;

  @Expose()
  @IsString()
  @RequiredWhen(solapiChosen, SOLAPI_NEEDS)
  readonly SOLAPI_API_SECRET!: string;

  /** https://api.solapi.com; tests point it at their own server. Only https in production. */
  @Expose()
  @IsConnectionUrl(['https:', 'http:'])
  @HttpsInProduction()
  readonly SOLAPI_API_BASE!: string;

  /** The sender number registered with Solapi (only a registered number may send). */
  @Expose()
  @IsString()
  @RequiredWhen(solapiChosen, SOLAPI_NEEDS)
  @Matches(/^(|0\d{8,10})$/, { message: 'SOLAPI_SENDER must be a Korean number in digits only, e.g. 0212345678' })
  readonly SOLAPI_SENDER!: string;

  /** The Kakao channel id the Alimtalk templates are approved under. */
  @Expose()
  @IsString()
  @RequiredWhen(solapiChosen, SOLAPI_NEEDS)
  readonly KAKAO_PF_ID!: string;

  /** E-mail goes over this SMTP server when set (smtp:// or smtps://); recorded in a table when empty. Required in production. */
  @Expose()
  @IsString()
  @RequiredWhen(inProduction, 'is required in production (e-mail is sent for real)')
  @Matches(/^(|smtps?:\/\/\S+)$/, { message: 'SMTP_URL must be a URL starting with smtp:// or smtps://' })
  readonly SMTP_URL!: string;

  /** The From header of e-mails: `착한 선결제 <no-reply@example.kr>`. */
  @Expose()
  @IsString()
  @RequiredWhen(inProduction, 'is required in production')
  readonly MAIL_FROM!: string;

  /** How often providers that report later (Solapi) are asked what became of sent messages. */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  readonly NOTIFICATION_DELIVERY_POLL_MS!: number;

  /**
   * How old an event may be and still be told (after an outage, a long backlog): older ones are
   * recorded as skipped ('stale') rather than sent late.
   */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  readonly NOTIFICATION_PLAN_WITHIN_HOURS!: number;

  /** Days after which a sent message keeps only its masked text. */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  readonly NOTIFICATION_RETENTION_DAYS!: number;

  /**
   * The drand HTTP relay the worker fetches a frozen round's drand beacon from, as drand's HTTP
   * API documents it (`GET /{chain-hash}/public/{round}`); each value is checked by its BLS
   * signature before it is recorded. Empty: nothing is fetched and staff paste the signature.
   * Defaults to the League of Entropy's relay in production, to empty elsewhere.
   */
  @Expose()
  @IsString()
  @ValidIf((v) => v === '' || isUrl(v, ['https:', 'http:']), 'must be empty or an http(s) URL')
  readonly DRAND_URL!: string;

  /**
   * The OpenID provider whose tokens sign people in (its `issuer`, exactly as its discovery
   * document states it). Empty: no OpenID sign-in (development tokens only, outside production).
   * Required in production, over https.
   */
  @Expose()
  @IsString()
  @ValidIf((v) => v === '' || isUrl(v, ['https:', 'http:']), 'must be empty or an http(s) URL')
  @InProduction('oidcIssuer', isHttpsUrl, 'is required in production: the https issuer URL of the OpenID provider')
  readonly OIDC_ISSUER!: string;

  /** The `aud` values accepted (comma-separated): the api's resource identifier for access tokens, client ids for ID tokens. */
  @Expose()
  @Transform(toList)
  @IsString({ each: true })
  @ValidIf((v, config) => config.OIDC_ISSUER === '' || (Array.isArray(v) && v.length > 0), 'is required when OIDC_ISSUER is set')
  readonly OIDC_AUDIENCE!: string[];

  /** The claim (dotted path, e.g. `realm_access.roles`) the provider's administrator sets to grant goodpay roles; empty: everyone signed in is a citizen. */
  @Expose()
  @IsString()
  @Matches(/^([A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?$/, { message: 'OIDC_ROLE_CLAIM must be a claim name or a dotted path' })
  readonly OIDC_ROLE_CLAIM!: string;

  /** Which values of OIDC_ROLE_CLAIM give which role: `staff=campaign-staff,merchant=shop-owner|shop,organisation=org-member`. */
  @Expose()
  @IsString()
  @Matches(/^((staff|merchant|organisation)=[^,=|]+(\|[^,=|]+)*(,(staff|merchant|organisation)=[^,=|]+(\|[^,=|]+)*)*)?$/, {
    message: 'OIDC_ROLE_VALUES must be role=value[|value],... with the roles staff, merchant, organisation',
  })
  readonly OIDC_ROLE_VALUES!: string;

  /** After a JWKS fetch, how long before a token with an unknown key id may fetch it again (a flood of forged kids costs one fetch per window). */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(3600)
  readonly OIDC_JWKS_COOLDOWN_SECONDS!: number;

  /** How long a fetched JWKS is trusted: a key the provider retired stops verifying at most this long after. */
  @Expose()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(86_400)
  readonly OIDC_JWKS_MAX_AGE_SECONDS!: number;

  /**
   * Who verifies a citizen's identity (본인인증): `portone` (PortOne V2's identity
   * verification API) or `recording` (development and tests: verifications the built-in
   * recorder was given). Must be `portone` in production.
   */
  @Expose()
  @IsIn(['recording', 'portone'])
  @InProduction('portoneIdentity', (v) => v === 'portone', 'must be portone in production')
  readonly IDENTITY_VERIFICATION!: 'recording' | 'portone';

  /**
   * Whether "one person" rules (raffle entry per round) need a verified identity: a citizen
   * without one is refused (`identity_verification_required`). `false` (outside production by
   * default) keys an unverified person by their phone number, as before.
   */
  @Expose()
  @Transform(toBoolean)
  @IsBoolean()
  readonly VERIFIED_IDENTITY_REQUIRED!: boolean;

  /**
   * The community chest branch that issues donation receipts, as the tax authority knows it:
   * its registration number (사업자등록번호 or 고유번호, 10 digits) and address, printed on
   * every tax receipt and written into the NTS yearly file. Required in production.
   */
  @Expose()
  @Matches(/^(|\d{3}-?\d{2}-?\d{5})$/, { message: 'COMMUNITY_CHEST_REGISTRATION_NUMBER must be 10 digits (123-82-12345)' })
  @InProduction(
    'chestRegistration',
    (v) => typeof v === 'string' && v !== '',
    'must be set in production: receipts are not valid without it',
  )
  readonly COMMUNITY_CHEST_REGISTRATION_NUMBER!: string;

  @Expose()
  @IsString()
  @InProduction('chestAddress', (v) => typeof v === 'string' && v !== '', 'must be set in production: receipts are not valid without it')
  readonly COMMUNITY_CHEST_ADDRESS!: string;

  /** The donation type code tax receipts print (기부금 코드 of the form): 10 (특례기부금) for the Community Chest of Korea. */
  @Expose()
  @IsIn(['10', '20', '21', '30', '31', '40', '41', '42', '50'])
  readonly DONATION_TYPE_CODE!: string;

  /**
   * What caps a cashback donation: `imported` (production default) the card issuer's monthly
   * cashback file that staff import (POST /cashback-figures), a gift reported before its card's
   * figure waits as pending; `self-reported` (development and tests by default) the cashback the
   * citizen reports, for a campaign whose card issuer sends no files.
   */
  @Expose()
  @IsIn(['imported', 'self-reported'])
  readonly CASHBACK_FIGURES!: 'imported' | 'self-reported';

  /** Serves the Bull Board UI at /admin/queues (api processes only). */
  @Expose()
  @Transform(toBoolean)
  @IsBoolean()
  readonly BULL_BOARD_ENABLED!: boolean;

  /** The built staff console (apps/console, `npm run build`), served at /console; relative to the working directory. */
  @Expose()
  @IsString()
  @Length(1, 1000)
  readonly CONSOLE_DIR!: string;

  /**
   * The console's client id at the OpenID provider (OIDC_ISSUER), for its authorization-code
   * sign-in with PKCE. Empty: the console offers no OpenID sign-in.
   */
  @Expose()
  @IsString()
  @Matches(/^[\x21-\x7e]{0,200}$/, { message: 'CONSOLE_OIDC_CLIENT_ID must be printable ASCII without spaces' })
  readonly CONSOLE_OIDC_CLIENT_ID!: string;

  /** The scopes the console asks for (space-separated): `openid` and whatever the provider needs to issue an access token for this api. */
  @Expose()
  @IsString()
  @Matches(/^openid( [\x21-\x7e]+)*$/, { message: 'CONSOLE_OIDC_SCOPE must start with openid, scopes separated by single spaces' })
  readonly CONSOLE_OIDC_SCOPE!: string;
}

/**
 * The mode a process runs in. Development is opted into (`npm start` sets it, through
 * development.env) and jest sets test; a missing or empty NODE_ENV is production, with every
 * production check, so a forgotten variable never starts a server on the public development
 * secrets with open token minting.
 */
export function nodeEnvOf(env: NodeJS.ProcessEnv): string {
  return env.NODE_ENV?.trim() || 'production';
}

/**
 * The embedded PostgreSQL's data in the user's home (~/.goodpay/postgres). Root's home is
 * closed to the unprivileged account the server must run as, so root keeps it where system
 * services keep theirs (/var/lib/goodpay/postgres).
 */
export function defaultEmbeddedPostgresDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/goodpay/postgres' : join(homedir(), '.goodpay', 'postgres');
}

/** Defaults that work against the local PostgreSQL and Redis; the secrets only outside production. */
export function configDefaults(nodeEnv: string): Record<keyof AppConfig, string> {
  const production = nodeEnv === 'production';
  return {
    NODE_ENV: nodeEnv,
    PORT: '3000',
    WORKER_PORT: '3001',
    DATABASE_URL: '', // postgres://postgres@127.0.0.1:<LOCAL_POSTGRES_PORT>/goodpay, see loadAppConfig
    LOCAL_POSTGRES_PORT: '5432',
    LOCAL_REDIS_PORT: '6379',
    EMBEDDED_POSTGRES_DIR: defaultEmbeddedPostgresDir(),
    DB_POOL_SIZE: '20',
    REDIS_URL: '', // redis://127.0.0.1:<LOCAL_REDIS_PORT>, see loadAppConfig
    REDIS_CLUSTER_NODES: '',
    DATABASE_READ_URL: '',
    QUEUE_PREFIX: 'goodpay',
    RUN_MIGRATIONS: 'true',
    JOB_SCHEDULER_CHECK_MS: '60000',
    QUEUE_STALLED_JOB_MS: '30000',
    LOG_LEVEL: 'info',
    AUTH_JWT_SECRET: production ? '' : DEV_JWT_SECRET,
    PERSONAL_DATA_MASTER_KEY: production ? '' : DEV_PERSONAL_DATA_MASTER_KEY,
    PERSONAL_DATA_HASH_KEY: production ? '' : DEV_PERSONAL_DATA_HASH_KEY,
    NOTIFICATION_RECEIPT_SECRET: production ? '' : DEV_NOTIFICATION_RECEIPT_SECRET,
    SETTLEMENT_HOUR_SEOUL: '2',
    SETTLEMENT_FEE_BASIS_POINTS: '0',
    DEV_TOKENS_ENABLED: production ? 'false' : 'true',
    RATE_LIMIT_DEFAULT: '600/1m',
    RATE_LIMIT_RECEIPT_UPLOADS: '20/1h',
    RATE_LIMIT_DEV_TOKENS: '60/1m',
    RATE_LIMIT_DRAWS: '10/1m',
    RATE_LIMIT_RUNS: '10/1m',
    TRUSTED_PROXIES: '',
    BULL_BOARD_ENABLED: production ? 'false' : 'true',
    CONSOLE_DIR: 'dist/console',
    CONSOLE_OIDC_CLIENT_ID: '',
    CONSOLE_OIDC_SCOPE: 'openid profile',
    // The gateway in production (refused to start without its credentials); staff reconcile elsewhere.
    PAYMENT_CONFIRMATIONS: production ? 'portone' : 'office',
    PAYOUT_ADAPTER: production ? 'bank-file' : 'recording',
    ACCOUNT_HOLDER_CHECK: production ? 'portone-v1' : 'recording',
    PORTONE_V1_API_URL: 'https://api.iamport.kr',
    PORTONE_V1_API_KEY: '',
    PORTONE_V1_API_SECRET: '',
    MESSAGE_PROVIDER: production ? 'solapi' : 'recording',
    SOLAPI_API_KEY: '',
    SOLAPI_API_SECRET: '',
    SOLAPI_API_BASE: 'https://api.solapi.com',
    SOLAPI_SENDER: '',
    KAKAO_PF_ID: '',
    SMTP_URL: '',
    MAIL_FROM: production ? '' : '착한 선결제 (development) <no-reply@goodpay.localhost>',
    NOTIFICATION_DELIVERY_POLL_MS: '60000',
    NOTIFICATION_PLAN_WITHIN_HOURS: '24',
    NOTIFICATION_RETENTION_DAYS: '90',
    DRAND_URL: production ? 'https://api.drand.sh' : '',
    OIDC_ISSUER: '',
    OIDC_AUDIENCE: '',
    OIDC_ROLE_CLAIM: '',
    OIDC_ROLE_VALUES: '',
    OIDC_JWKS_COOLDOWN_SECONDS: '30',
    OIDC_JWKS_MAX_AGE_SECONDS: '600',
    IDENTITY_VERIFICATION: production ? 'portone' : 'recording',
    PORTONE_API_SECRET: '',
    PORTONE_API_BASE: 'https://api.portone.io',
    PORTONE_STORE_ID: '',
    VERIFIED_IDENTITY_REQUIRED: production ? 'true' : 'false',
    PORTONE_WEBHOOK_SECRET: '',
    COMMUNITY_CHEST_REGISTRATION_NUMBER: '',
    COMMUNITY_CHEST_ADDRESS: '',
    DONATION_TYPE_CODE: '10',
    CASHBACK_FIGURES: production ? 'imported' : 'self-reported',
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
  const defaults = configDefaults(nodeEnvOf(env));
  const raw: Record<string, string> = { ...defaults };
  for (const key of Object.keys(defaults)) {
    if (key === 'NODE_ENV') continue; // already read, trimmed
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  raw.DATABASE_URL ||= `postgres://postgres@127.0.0.1:${raw.LOCAL_POSTGRES_PORT}/goodpay`;
  raw.REDIS_URL ||= `redis://127.0.0.1:${raw.LOCAL_REDIS_PORT}`;
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

/**
 * Failures of PostgreSQL or Redis that pass by themselves: a connection cut (a server restart,
 * a failover, pg_terminate_backend), a server that refuses connections for now, a full
 * connection table, a transaction the database chose to abort (serialization, deadlock). The
 * client should send the request again with the same Idempotency-Key (if a cut came after the
 * commit, the key answers the first result): 503 with Retry-After, not a 500.
 */

/** Seconds a client should wait before retrying. */
export const RETRY_AFTER_SECONDS = 2;

/** PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const TRANSIENT_SQLSTATES = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
]);

/** Node's socket errors, from pg or ioredis connecting or talking to their server. */
const TRANSIENT_SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What pg, pg-pool and ioredis say when a connection is gone or cannot be had (they give no code). */
const TRANSIENT_MESSAGES = [
  /^Connection terminated/, // pg: the server closed the connection (unexpectedly, or by a timeout)
  /^timeout exceeded when trying to connect/, // pg-pool: no connection within connectionTimeoutMillis
  /is not queryable/, // pg: a client whose connection failed or ended
  /^Connection is closed\.?$/, // ioredis: a command on a closed connection
];

const TRANSIENT_NAMES = new Set([
  // ioredis gives up on a command after maxRetriesPerRequest reconnection attempts.
  'MaxRetriesPerRequestError',
  // TypeORM releases a query runner whose connection broke; the transaction's next statement
  // (often its COMMIT) then finds it released, and was never sent: nothing was committed.
  'QueryRunnerAlreadyReleasedError',
]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  /** TypeORM's QueryFailedError keeps pg's error here. */
  driverError?: unknown;
  /** AggregateError: one ECONNREFUSED per address tried. */
  errors?: unknown;
}

function isTransientItself(error: ErrorLike): boolean {
  const { code, name, message } = error;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SOCKET_ERRORS.has(code))) return true;
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}

/** Whether `error`, or an error it wraps, is a transient database or Redis failure. */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as ErrorLike;
  if (isTransientItself(e)) return true;
  const wrapped = [e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return wrapped.some((inner) => isTransientFailure(inner, depth + 1));
}

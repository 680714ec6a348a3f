import { createHash } from 'node:crypto';
import type { Sql } from '../sql/sql';
import { IdempotencyKeyReusedError } from '../append/errors';

/**
 * A client's idempotency key for one creating command. `scope` keeps keys of different
 * clients apart (the actor); `request` is what the key promises: the command's name and body.
 */
export interface IdempotencyKey {
  scope: string;
  key: string;
  request: unknown;
}

/** JSON with object keys sorted, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestHash = (request: unknown): string => createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * The first response stored under this key, or null if the key is new.
 * The same key with another request is refused.
 */
export async function recallResponse<R>(sql: Sql, idempotency: IdempotencyKey): Promise<R | null> {
  const { rows } = await sql.query<{ request_hash: string; response: R }>(
    'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [idempotency.scope, idempotency.key],
  );
  if (rows.length === 0) return null;
  if (rows[0].request_hash !== requestHash(idempotency.request)) {
    throw new IdempotencyKeyReusedError(idempotency.key);
  }
  return rows[0].response;
}

/**
 * Stores the response under the key, inside the transaction that appends the events.
 * Returns false when a concurrent request with the same key committed first: the caller
 * must roll back and answer with that first response instead.
 */
export async function rememberResponse(sql: Sql, idempotency: IdempotencyKey, response: unknown): Promise<boolean> {
  const { rowCount } = await sql.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, response) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, key) DO NOTHING`,
    [idempotency.scope, idempotency.key, requestHash(idempotency.request), JSON.stringify(response)],
  );
  return rowCount === 1;
}

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Accepted from clients as is; anything else (too long, odd characters) is replaced. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-correlation-id when it is sane, otherwise a fresh UUID. */
export function correlationIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}

import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

/**
 * The typed client of the goodpay api, generated from its OpenAPI document (`npm run api-client`
 * writes schema.d.ts; `npm test` fails while it is out of step with the routes). Every path,
 * parameter, body and answer is typed: `client.POST('/prepayments/{id}/redemptions', { params:
 * { path: { id }, header: { 'Idempotency-Key': key } }, body: { amount } })` answers `data` (the
 * success body) or `error` (the problem+json with its listed codes).
 *
 * It imports nothing of the server: only the generated types and openapi-fetch.
 */
export type { components, operations, paths };
export type ApiClient = Client<paths>;
export type Schemas = components['schemas'];
/** The problem+json body every error answer carries. */
export type Problem = components['schemas']['Problem'];

export interface ApiClientOptions {
  /** Where the api is: http://localhost:3000, or '' in a page the api serves. */
  baseUrl: string;
  /** A bearer token (the identity provider's, or /dev/tokens in development). */
  token?: string;
  /** Another fetch (tests, a proxy); the global one by default. */
  fetch?: typeof fetch;
}

export function createApiClient({ baseUrl, token, fetch: customFetch }: ApiClientOptions): ApiClient {
  return createClient<paths>({
    baseUrl,
    headers: token ? { authorization: `Bearer ${token}` } : undefined,
    ...(customFetch && { fetch: customFetch }),
  });
}

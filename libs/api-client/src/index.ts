import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export interface ApiClientOptions {
  /** Where the api answers, e.g. http://127.0.0.1:3000 (a browser on the same origin may pass its origin). */
  baseUrl: string;
  /** A bearer token (development token or OpenID access token); none for public routes. */
  token?: string;
}

export type ApiClient = Client<paths>;

/** A typed client of the goodpay api, generated from its OpenAPI document (schema.d.ts, `npm run api-client`). */
export function createApiClient({ baseUrl, token }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl });
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

import { type ApiClient, createApiClient } from '@goodpay/api-client';
import type { OpenApiConformance } from './openapi-conformance';

interface InjectingApp {
  inject(options: { method: string; url: string; headers: Record<string, string>; payload?: string }): Promise<{
    statusCode: number;
    headers: Record<string, unknown>;
    body: string;
  }>;
}

/**
 * A fetch that answers from an in-process app through `app.inject`, so the typed client
 * (libs/api-client) drives it like a real server. When the app's answers are held to the
 * document (checkAnswersOf), so are the client's.
 */
export function injectingFetch(app: InjectingApp): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const response = await app.inject({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers.entries()),
      ...(body !== undefined && { payload: body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : response.body, { status: response.statusCode, headers });
  };
}

/** A fetch over the network whose every answer is held to the document first. */
export function checkingFetch(documented: () => Promise<OpenApiConformance>): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await fetch(request);
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(request.url);
    (await documented()).check({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body,
    });
    return response;
  };
}

/** The typed client of an in-process app, as `token`'s holder. */
export const inProcessClient = (app: InjectingApp, token?: string): ApiClient =>
  createApiClient({ baseUrl: 'http://in-process', token, fetch: injectingFetch(app) });

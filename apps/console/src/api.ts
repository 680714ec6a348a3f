import { createApiClient, type ApiClient } from '@goodpay/api-client';
import { createContext, useContext } from 'react';

/** The api answers on the origin that served the console (it serves /console itself). */
export const API_BASE_URL = window.location.origin;

export const ApiContext = createContext<ApiClient | null>(null);

/** The typed client with the signed-in staff token. */
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a signed-in console');
  return api;
}

export const publicApi = (): ApiClient => createApiClient({ baseUrl: API_BASE_URL });

/** An RFC 9457 problem document from the api, with its stable code. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The answer's body, or a Problem. `T` names what the page reads of the answer; where the api
 * document declares the answer's schema, pass the generated type (components['schemas'][...]).
 */
export async function read<T>(call: Promise<Answer>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (error ?? {}) as { code?: string; detail?: string; title?: string };
    throw new Problem(response.status, problem.code ?? `http_${response.status}`, problem.detail ?? problem.title ?? response.statusText);
  }
  return data as T;
}

/** A fresh Idempotency-Key for a command that creates something. */
export const idempotencyKey = (): string => crypto.randomUUID();

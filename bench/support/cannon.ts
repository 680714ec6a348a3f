import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Bench } from './bench';
import { type Measurement, round } from './measurement';

export interface CannonOptions {
  connections: number;
  seconds: number;
  token: string;
  /** The next command to send: its path and JSON body; each gets a fresh Idempotency-Key. */
  next: () => { path: string; body: unknown };
}

/**
 * Commands through the api with autocannon, closed loop at `connections`. The figure is
 * accepted commands (2xx) per second; refusals and errors are counted beside it.
 */
export async function cannon(bench: Bench, options: CannonOptions): Promise<Measurement> {
  const result = await autocannon({
    url: bench.system.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { path, body } = options.next();
          return {
            ...request,
            path,
            body: JSON.stringify(body),
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${options.token}`,
              'idempotency-key': randomUUID(),
            },
          };
        },
      },
    ],
  });
  return {
    value: round(result['2xx'] / result.duration),
    unit: 'commands/s',
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    accepted: result['2xx'],
    refused_4xx: result['4xx'],
    failed_5xx: result['5xx'],
    errors: result.errors,
    connections: options.connections,
    seconds: round(result.duration, 2),
  };
}

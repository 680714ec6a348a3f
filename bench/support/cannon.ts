import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Bench } from './bench';
import { type Measurement, round } from './measurement';
import { cpuSeconds } from './process-usage';

export interface CannonOptions {
  connections: number;
  seconds: number;
  token: string;
  /** The next command to send: its path and JSON body; each gets a fresh Idempotency-Key. */
  next: () => { path: string; body: unknown };
  /** The server driven: the api unless said otherwise (the ceiling scenario's server). */
  server?: { url: string; pid: number | undefined };
}

/**
 * Commands through the api with autocannon, closed loop at `connections`. The figure is
 * accepted commands (2xx) per second; refusals and errors are counted beside it, and the
 * server's CPU time per accepted command (Linux).
 */
export async function cannon(bench: Bench, options: CannonOptions): Promise<Measurement> {
  const { system } = bench;
  const server = options.server ?? { url: system.baseUrl, pid: system.api?.child.pid };
  let cpuBefore: number | undefined;
  let cpuAfter: number | undefined;
  const load = async () => {
    cpuBefore = cpuSeconds(server.pid);
    const result = await autocannon({
      url: server.url,
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
    cpuAfter = cpuSeconds(server.pid);
    return result;
  };
  const result = await (options.server ? load() : system.profiled(load));
  const cpu: Record<string, number> =
    cpuBefore === undefined || cpuAfter === undefined
      ? {}
      : { cpu_ms_per_command: round(((cpuAfter - cpuBefore) * 1000) / result['2xx'], 2) };
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
    ...cpu,
  };
}

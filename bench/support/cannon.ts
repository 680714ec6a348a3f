import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Bench } from './bench';
import { type Measurement, round } from './measurement';
import { cpuPerCommand, type CpuSnapshot, cpuSnapshot } from './process-usage';

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
  // The ceiling's server is not the api: name it so, and leave the product's processes out.
  const parts = options.server ? { server: server.pid } : { api: server.pid, worker: system.worker?.child.pid };
  let machineBefore: CpuSnapshot | undefined;
  let machineAfter: CpuSnapshot | undefined;
  const load = async () => {
    machineBefore = cpuSnapshot(parts, system.database);
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
    machineAfter = cpuSnapshot(parts, system.database);
    return result;
  };
  const result = await (options.server ? load() : system.profiled(load));
  // Each part's CPU per accepted command; the server's (the api, or the ceiling's) is also the headline.
  const byPart = machineBefore && machineAfter && result['2xx'] > 0 ? cpuPerCommand(machineBefore, machineAfter, result['2xx']) : undefined;
  const cpu = byPart
    ? {
        cpu_ms_per_command: byPart[options.server ? 'server' : 'api'],
        ...Object.fromEntries(Object.entries(byPart).map(([part, ms]) => [`cpu_ms_per_command_${part}`, ms])),
      }
    : {};
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

import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { prepaymentPool } from '../support/bench';
import { percentile, round } from '../support/measurement';
import type { Scenario } from './scenario';

/**
 * POSTs JSON over at most `connections` keep-alive connections: beyond what the api takes,
 * requests wait in the client, as behind a load balancer, instead of piling new connections
 * onto its accept queue (which resets them).
 */
export function poster(baseUrl: string, token: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(baseUrl);
  const post = (path: string, body: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const call = request(
        {
          agent,
          hostname,
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${token}`,
            'idempotency-key': randomUUID(),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
          response.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/** A command whose answer came back, waiting for the balances projection to pass its event. */
interface Awaiting {
  position: string;
  answeredAt: number;
}

/** The events among `positions` that the balance projection has applied: what ?after= waits for. */
export const REACHED_SQL = `
  SELECT e.global_position::text AS position
  FROM events e, subscription_checkpoints c
  WHERE c.name = $1 AND e.global_position = ANY($2::bigint[])
    AND (c.last_transaction_id, c.last_position) >= (e.transaction_id, e.global_position)`;

/** Where the lag is measured: what to send, and which of the answered positions the reader sees applied. */
export interface LagTarget {
  /** One command; resolves with its answer (201 and a position when accepted). */
  send(index: number): Promise<{ status: number; body: any }>;
  /** The positions among `positions` that the projection, where it is read, has applied. */
  reached(positions: string[]): Promise<string[]>;
  rate: number;
  durationMs: number;
}

/**
 * Open loop: commands offered at a fixed rate whatever the api's answer time, for a while;
 * when the api falls behind by more than two seconds' worth, the excess is shed (counted) so
 * the backlog stays bounded. For each accepted one, the lag is the time from its answer to the
 * moment the projection's checkpoint (where the reader reads it) has passed its event, what
 * GET ...?after= waits for, seen by polling the checkpoint every few milliseconds.
 */
export async function measureProjectionLag(target: LagTarget) {
  const { rate, durationMs } = target;
  let lastAnswerAt = 0;
  const awaiting = new Map<string, Awaiting>();
  const lags: number[] = [];
  let sent = 0;
  let accepted = 0;
  const refusedByStatus: Record<string, number> = {};
  let inFlight = 0;
  let shed = 0;
  const refuse = (why: string) => (refusedByStatus[`refused_${why}`] = (refusedByStatus[`refused_${why}`] ?? 0) + 1);

  const send = async (index: number) => {
    inFlight += 1;
    try {
      const answer = await target.send(index);
      lastAnswerAt = performance.now();
      if (answer.status !== 201) {
        refuse(String(answer.status));
        return;
      }
      accepted += 1;
      awaiting.set(answer.body.position, { position: answer.body.position, answeredAt: performance.now() });
    } catch (error) {
      refuse((error as { cause?: { code?: string } }).cause?.code ?? 'error');
    } finally {
      inFlight -= 1;
    }
  };

  const started = performance.now();
  let sending = true;
  const sender = (async () => {
    while (performance.now() - started < durationMs) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (sent < due) {
        sent += 1;
        if (inFlight >= 2 * rate) shed += 1;
        else void send(sent);
      }
      await sleep(2);
    }
    while (inFlight > 0) await sleep(5);
    sending = false;
  })();

  const watchUntil = started + durationMs + 60_000;
  while ((sending || awaiting.size > 0) && performance.now() < watchUntil) {
    if (awaiting.size === 0) {
      await sleep(2);
      continue;
    }
    const reached = await target.reached([...awaiting.keys()]);
    const seenAt = performance.now();
    for (const position of reached) {
      lags.push(seenAt - awaiting.get(position)!.answeredAt);
      awaiting.delete(position);
    }
    await sleep(2);
  }
  await sender;

  return {
    value: round(percentile(lags, 0.99)),
    unit: 'ms',
    p50_ms: round(percentile(lags, 0.5)),
    max_ms: round(Math.max(...lags)),
    target_commands_per_s: rate,
    // Sent at the target rate for the duration; answered at the rate the api could take.
    achieved_commands_per_s: round(accepted / ((lastAnswerAt - started) / 1000)),
    accepted,
    ...refusedByStatus,
    shed,
    never_projected: awaiting.size,
  };
}

/** Redemptions at a fixed rate on the bench's system; the balances projection's lag. */
export const projectionLagScenario: Scenario = {
  title: 'projection lag under sustained commands',
  produces: ['projection_lag_p99_ms'],
  async run(bench) {
    const { system, shop, sizes } = bench;
    const pool = await prepaymentPool(bench, 1_000);
    const client = poster(system.baseUrl, shop.owner, sizes.httpConnections);
    try {
      const lag = await measureProjectionLag({
        rate: sizes.lagCommandsPerSecond,
        durationMs: sizes.lagSeconds * 1000,
        send: (index) => client.post(`/prepayments/${pool[index % pool.length]}/redemptions`, { amount: 100 }),
        reached: async (positions) =>
          (await system.pool!.query<{ position: string }>(REACHED_SQL, [PREPAYMENT_BALANCES, positions])).rows.map((row) => row.position),
      });
      return { projection_lag_p99_ms: { ...lag, connections: sizes.httpConnections } };
    } finally {
      client.close();
    }
  },
};

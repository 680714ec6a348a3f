import { randomUUID } from 'node:crypto';
import { startTsProcess } from '../../test/support/processes';
import { freePort } from '../../test/support/system';
import { cannon } from '../support/cannon';
import type { Scenario } from './scenario';

/**
 * What this machine does per second for the least an event-sourced command needs (a minimal
 * Fastify server, support/ceiling-server.ts: token, JSON body, BEGIN; SELECT the stream;
 * INSERT; COMMIT on a pg pool of the api's size), driven exactly as the command scenarios
 * drive the api: the same autocannon, connections, seconds, token and requests (redemptions
 * spread over 1,000 streams). It runs first, on a quiet system, so it is the honest ceiling
 * the command figures are divided by (RATIOS in scenarios/index.ts).
 */
export const httpCeilingScenario: Scenario = {
  title: 'the ceiling: minimal Fastify + pg command (autocannon)',
  produces: ['http_ceiling_per_s'],
  async run(bench) {
    const { system, shop, sizes } = bench;
    await system.sql('CREATE TABLE IF NOT EXISTS ceiling_events (LIKE events INCLUDING ALL)');
    // The events table is partitioned: its unique indexes are on each partition, not on the
    // parent LIKE copies. The ceiling keeps them, as every events partition has them.
    await system.sql('CREATE UNIQUE INDEX IF NOT EXISTS ceiling_events_stream_version ON ceiling_events (stream_id, stream_version)');
    await system.sql('CREATE UNIQUE INDEX IF NOT EXISTS ceiling_events_event_id ON ceiling_events (event_id)');
    const port = await freePort();
    const server = startTsProcess('bench/support/ceiling-server.ts', {
      DATABASE_URL: system.databaseUrl,
      DB_POOL_SIZE: '20', // the api's default pool (DB_POOL_SIZE)
      AUTH_JWT_SECRET: system.jwtSecret,
      PORT: String(port),
    });
    try {
      await server.waitForOutput(/ceiling listening/, 60_000);
      const streams = Array.from({ length: 1_000 }, () => randomUUID());
      let turn = 0;
      const measured = await cannon(bench, {
        connections: sizes.httpConnections,
        seconds: sizes.httpSeconds,
        token: shop.owner,
        next: () => ({ path: `/prepayments/${streams[turn++ % streams.length]}/redemptions`, body: { amount: 100 } }),
        server: { url: `http://127.0.0.1:${port}`, pid: server.child.pid },
      });
      return { http_ceiling_per_s: { ...measured, streams: streams.length } };
    } finally {
      await server.kill('SIGTERM');
    }
  },
};

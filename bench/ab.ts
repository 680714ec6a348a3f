/**
 * Two versions of the api side by side, for a change's before and after on a shared machine:
 * `node -r @swc-node/register bench/ab.ts <other checkout> [rounds] [seconds]` starts this
 * checkout's api and worker as the bench does (BenchSystem), and the other checkout's api on the
 * same database, Redis prefix and token secret (same migrations), then alternates the same loads
 * on each (redemptions over many prepayments, prepayments, 32 clients on one balance), the
 * order swapped each round, so that both see the same neighbours. Prints each load's api CPU
 * per command (/proc) and rate, and the median per version.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { freePort } from '../test/support/system';
import { TEST_REDIS_URL } from '../test/support/test-redis';
import { openShop } from '../test/support/open-shop';
import { type Bench, openBenchShop, prepaymentAtShop, prepaymentPool, QUICK_SIZES } from './support/bench';
import { BenchSystem } from './support/bench-system';
import { cannon } from './support/cannon';
import { userSystemSeconds } from './support/process-usage';

Logger.overrideLogger(['error', 'warn']);
const log = (message: string) => process.stdout.write(`${message}\n`);

type Version = 'this' | 'other';

async function main([other, roundsArg, secondsArg]: string[]): Promise<void> {
  const rounds = Number(roundsArg ?? 4);
  const seconds = Number(secondsArg ?? 3);
  const system = new BenchSystem();
  await system.start();
  const root = resolve(other);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', resolve(root, 'libs/platform/src/tracing/register.ts'), resolve(root, 'apps/api/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: resolve(root, 'tsconfig.json'),
        NODE_ENV: 'test',
        DATABASE_URL: system.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: system.queuePrefix,
        RATE_LIMIT_DEFAULT: '10000000/1m',
        AUTH_JWT_SECRET: system.jwtSecret,
        PORT: String(port),
        RUN_MIGRATIONS: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const otherUrl = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      if (
        (await fetch(`${otherUrl}/ready`).then(
          (r) => r.status,
          () => 0,
        )) === 200
      )
        break;
      if (i > 1_800) throw new Error('the other api never got ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    const bench: Bench = { system, sizes: QUICK_SIZES, shop: await openBenchShop(system), log };
    const pool = await prepaymentPool(bench, 1_000);
    // AB_OWN_POOLS=1: each version redeems on prepayments of a shop of its own, made through it,
    // so that neither reads streams the other wrote last (the redemption load only).
    const pools = { this: { shop: bench.shop, pool }, other: { shop: bench.shop, pool } };
    if (process.env.AB_OWN_POOLS === '1') {
      const ownUrl = system.baseUrl;
      system.baseUrl = otherUrl;
      try {
        const shop = await openShop(system, 'Other');
        pools.other = { shop, pool: await prepaymentPool({ ...bench, shop }, 1_000) };
      } finally {
        system.baseUrl = ownUrl;
      }
    }
    const made = await system.request('POST', '/prepayments', {
      token: bench.shop.owner,
      idempotencyKey: randomUUID(),
      body: prepaymentAtShop(bench.shop),
    });
    const hot = `/prepayments/${made.body.prepaymentId}/redemptions`;
    const versions = {
      this: { url: system.baseUrl, pid: system.api!.child.pid },
      other: { url: otherUrl, pid: child.pid },
    };
    let turn = 0;
    const allLoads = {
      redemptions: {
        connections: 64,
        next: (version: Version) => ({
          path: `/prepayments/${pools[version].pool[turn++ % pool.length]}/redemptions`,
          body: { amount: 100 },
        }),
        owner: (version: Version) => pools[version].shop.owner,
      },
      prepayments: {
        connections: 64,
        next: () => ({ path: '/prepayments', body: prepaymentAtShop(bench.shop) }),
        owner: () => bench.shop.owner,
      },
      contended: { connections: 32, next: () => ({ path: hot, body: { amount: 1 } }), owner: () => bench.shop.owner },
    };
    // AB_LOADS=redemptions,contended: only those loads (all three by default).
    const chosen = process.env.AB_LOADS?.split(',');
    const loads = Object.fromEntries(Object.entries(allLoads).filter(([name]) => !chosen || chosen.includes(name)));
    const figures: Record<string, Record<string, number[]>> = {};
    // The wake-ups the api added during a load: BullMQ's event stream says "added" or
    // "deduplicated" for each add (the worker's own catch-up jobs are told apart by their id).
    const redis = new Redis(TEST_REDIS_URL);
    const wakeUps = async (from: number, to: number) =>
      (await redis.xrange(`${system.queuePrefix}:projections:events`, String(from), String(to))).filter(([, fields]) =>
        fields.some((field) => field === 'wake-all'),
      ).length;
    // A first, unmeasured load of each kind on each version: JIT compilation, pools, caches.
    for (const { connections, next, owner } of Object.values(loads))
      for (const version of ['this', 'other'] as const)
        await cannon(bench, { connections, seconds: 4, token: owner(version), next: () => next(version), server: versions[version] });
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const);
      for (const [load, { connections, next, owner }] of Object.entries(loads)) {
        for (const version of order) {
          const started = Date.now();
          const before = userSystemSeconds(versions[version].pid);
          const m = await cannon(bench, {
            connections,
            seconds,
            token: owner(version),
            next: () => next(version),
            server: versions[version],
          });
          const after = userSystemSeconds(versions[version].pid);
          const cpu = Number(m.cpu_ms_per_command);
          // The kernel's share of the api's CPU: its socket reads and writes.
          const system = before && after ? ((after.system - before.system) * 1000) / Number(m.accepted) : NaN;
          const adds = await wakeUps(started, Date.now());
          ((figures[load] ??= {})[version] ??= []).push(cpu);
          log(
            `round ${round + 1} ${load.padEnd(12)} ${version.padEnd(5)} ${String(m.value).padStart(7)}/s  ${cpu} ms CPU/cmd (${system.toFixed(2)} system)  4xx=${m.refused_4xx} 5xx=${m.failed_5xx}  wake-ups ${adds} (${(adds / Number(m.accepted)).toFixed(2)}/cmd)`,
          );
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [load, byVersion] of Object.entries(figures)) {
      log(
        `${load.padEnd(12)} median ms CPU/cmd: other ${median(byVersion.other)}  this ${median(byVersion.this)}  (this/other ${(median(byVersion.this) / median(byVersion.other)).toFixed(2)})`,
      );
    }
    redis.disconnect();
  } finally {
    child.kill('SIGTERM');
    await system.stop();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);

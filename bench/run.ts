/**
 * The benchmarks: `npm run bench` (full sizes) or `npm run bench -- --quick` (under 2 minutes);
 * `--only=<result name>` runs the scenarios producing those results; `--rebuild-events=N` sizes
 * the rebuild's log alone; `--profile-api` and `--profile-worker` write a CPU profile of the api
 * and of the worker during each autocannon load to bench/results/profiles (read it with
 * `node -r @swc-node/register bench/profile-summary.ts <file>`); `--built` compiles to dist/
 * first and runs the api and the worker from it, as `npm run start:api` does (from source they
 * also hold the TypeScript compiler and every module's source map: about 85 MB of the api's
 * resident memory; the scale-out systems stay on source). Starts the api and the worker as
 * processes on a database and Redis prefix of their own, runs every scenario, prints a table,
 * writes bench/results/latest.json and removes the database and the Redis keys.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Logger } from '@nestjs/common';
import { type Bench, FULL_SIZES, openBenchShop, QUICK_SIZES } from './support/bench';
import { BenchSystem } from './support/bench-system';
import { type Measurements, round } from './support/measurement';
import { PeakMemory } from './support/process-usage';
import { formatTable, PROFILES_DIR, RESULTS_FILE, writeResults } from './support/report';
import { RATIOS, SCENARIOS } from './scenarios';

const log = (message: string) => process.stdout.write(`${message}\n`);
Logger.overrideLogger(['error', 'warn']); // the rebuild's progress lines would break up the report

async function main(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  const only = args.filter((arg) => arg.startsWith('--only=')).flatMap((arg) => arg.slice('--only='.length).split(','));
  const wanted = [...only, ...RATIOS.filter((ratio) => only.includes(ratio.name)).flatMap((ratio) => [ratio.of, ratio.to])];
  const chosen = SCENARIOS.filter((scenario) => only.length === 0 || scenario.produces.some((name) => wanted.includes(name)));
  // `--rebuild-events=N` sizes the rebuild's log alone (its partitions stay the run's).
  const rebuildEvents = args.find((arg) => arg.startsWith('--rebuild-events='))?.slice('--rebuild-events='.length);
  const sizes = { ...(quick ? QUICK_SIZES : FULL_SIZES), ...(rebuildEvents ? { rebuildEvents: Number(rebuildEvents) } : {}) };
  const startedAt = new Date();
  const built = args.includes('--built');
  if (built) {
    log('compiling to dist/ (--built)');
    execSync('npx tsc -p tsconfig.build.json && npx tsc-alias -p tsconfig.build.json', { stdio: 'inherit' });
  }
  const profile = (['api', 'worker'] as const).filter((name) => args.includes(`--profile-${name}`));
  const system = new BenchSystem(profile.length > 0 ? PROFILES_DIR : undefined, { built, profile });
  const stop = () => void system.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const scenarios: Measurements = {};
  const failures: Record<string, string> = {};
  let invariants: unknown;
  let memory: PeakMemory | undefined;
  try {
    log(`starting api and worker on ${system.database} (${quick ? 'quick' : 'full'} run)`);
    await system.start({
      size: sizes.eventsPartitionSize,
      ahead: Math.ceil(Math.max(sizes.catchUpEvents, sizes.rebuildEvents) / sizes.eventsPartitionSize) + 2,
    });
    memory = new PeakMemory(() => ({ api: system.api?.child.pid, worker: system.worker?.child.pid }));
    const bench: Bench = { system, sizes, shop: await openBenchShop(system), log };
    for (const scenario of chosen) {
      log(`${scenario.title}...`);
      memory.during(scenario.title);
      try {
        Object.assign(scenarios, await scenario.run(bench));
      } catch (error) {
        // One broken scenario should not cost the others' figures; the run still fails at the end.
        failures[scenario.title] = (error as Error).stack ?? String(error);
        log(`  FAILED: ${(error as Error).message}`);
        const api = system.api?.child;
        if (api && (api.exitCode !== null || api.signalCode !== null)) log(`  the api has exited:\n${system.api?.output().slice(-3_000)}`);
      }
    }
    for (const { name, of, to } of RATIOS) {
      if (scenarios[of] && scenarios[to])
        scenarios[name] = { value: round(scenarios[of].value / scenarios[to].value, 3), unit: 'ratio', of, to };
    }
    const peaks = memory.stop();
    if (peaks.api !== undefined) {
      scenarios.api_rss_peak_mb = {
        value: round(peaks.api),
        unit: 'MB',
        worker_peak_mb: round(peaks.worker ?? NaN),
        api_by_scenario: memory.byStretch('api'),
        sampled: 'every second, whole run',
      };
    }
    const check = await system.request('POST', '/admin/invariants/check', { token: bench.shop.staff });
    invariants = {
      ok: check.body?.ok === true,
      checkedPrepayments: check.body?.checkedPrepayments,
      violations: check.body?.violations?.length,
    };
  } finally {
    memory?.stop();
    await system.stop();
  }

  writeResults({
    scenarios,
    invariants,
    failures,
    run: {
      quick,
      built,
      startedAt: startedAt.toISOString(),
      seconds: round((Date.now() - startedAt.getTime()) / 1000),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
    },
  });
  log(`\n${formatTable(scenarios)}\n`);
  log(`invariants: ${JSON.stringify(invariants)}`);
  log(`written to ${RESULTS_FILE}`);
  return Object.keys(failures).length === 0 && (invariants as { ok: boolean })?.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);

import { randomUUID } from 'node:crypto';
import type { Bench } from '../support/bench';
import { prepaymentAtShop } from '../support/bench';
import { inParallel, type Measurement, percentile, round } from '../support/measurement';
import { cpuSeconds } from '../support/process-usage';
import type { Scenario } from './scenario';

/** Clients sending redemptions one after the other; each owns its prepayments, so no two race. */
const CLIENTS = 4;
/** Commands per client in each of the alternating rounds, and the rounds. */
const COMMANDS_PER_ROUND = 25;
const ROUNDS = 4;

/**
 * Whether a command's cost grows with its stream's history: redemptions on prepayments that
 * already have 10 redemptions against prepayments that have 1,000, in alternating rounds, with
 * CLIENTS clients each on prepayments of its own (so what is measured is the history, not
 * contention). The cost is the api's CPU time per command (Linux /proc; the wall time of a
 * shared machine says less), with the latencies beside it.
 */
export const redemptionHistoryScenario: Scenario = {
  title: 'redemptions after 10 and after 1,000 earlier redemptions',
  produces: ['redemption_cpu_ms_after_10', 'redemption_cpu_ms_after_1000', 'redemption_history_cost_ratio'],
  async run(bench) {
    const short = await prepaymentsWithHistory(bench, CLIENTS * 12, 10);
    const long = await prepaymentsWithHistory(bench, CLIENTS, 1_000);
    const costs = { short: new Cost(), long: new Cost() };
    for (let round = 0; round < ROUNDS; round += 1) {
      // With --profile-api, the last round of each gives a profile (the short one first).
      const profiled = round === ROUNDS - 1 ? bench.system.profiled.bind(bench.system) : (load: () => Promise<void>) => load();
      await profiled(() => costs.short.measure(bench, short, COMMANDS_PER_ROUND));
      await profiled(() => costs.long.measure(bench, long, COMMANDS_PER_ROUND));
    }
    const after10 = costs.short.result();
    const after1000 = costs.long.result();
    return {
      redemption_cpu_ms_after_10: { ...after10, prepayments: short.length },
      redemption_cpu_ms_after_1000: { ...after1000, prepayments: long.length },
      redemption_history_cost_ratio: { value: round(after1000.value / after10.value, 2), unit: 'ratio' },
    };
  },
};

/** `count` new prepayments of the bench shop, each given `history` redemptions of 1 KRW. */
async function prepaymentsWithHistory(bench: Bench, count: number, history: number): Promise<string[]> {
  bench.log(`  ${count} prepayments with ${history} redemptions each`);
  const ids: string[] = [];
  await inParallel(count, CLIENTS, async () => {
    const made = await bench.system.request('POST', '/prepayments', {
      token: bench.shop.owner,
      idempotencyKey: randomUUID(),
      body: prepaymentAtShop(bench.shop),
    });
    if (made.status !== 201) throw new Error(`prepayment: ${made.status} ${JSON.stringify(made.body)}`);
    ids.push(made.body.prepaymentId);
  });
  await byClient(ids, async (mine) => {
    for (let i = 0; i < history; i += 1) for (const id of mine) await redeem(bench, id);
  });
  return ids;
}

async function redeem(bench: Bench, prepaymentId: string): Promise<void> {
  const answer = await bench.system.request('POST', `/prepayments/${prepaymentId}/redemptions`, {
    token: bench.shop.owner,
    idempotencyKey: randomUUID(),
    body: { amount: 1 },
  });
  if (answer.status !== 201) throw new Error(`redemption: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** Runs `work` for each client with the prepayments it owns (every CLIENTS-th). */
const byClient = (ids: string[], work: (mine: string[]) => Promise<void>) =>
  Promise.all(Array.from({ length: CLIENTS }, (_, client) => work(ids.filter((_, i) => i % CLIENTS === client))));

class Cost {
  private cpuSeconds = 0;
  private commands = 0;
  private readonly latencies: number[] = [];

  /** `perClient` redemptions by each client, round robin over its own prepayments. */
  async measure(bench: Bench, ids: string[], perClient: number): Promise<void> {
    const pid = bench.system.api?.child.pid;
    const before = cpuSeconds(pid);
    await byClient(ids, async (mine) => {
      for (let i = 0; i < perClient; i += 1) {
        const started = performance.now();
        await redeem(bench, mine[i % mine.length]);
        this.latencies.push(performance.now() - started);
      }
    });
    this.cpuSeconds += (cpuSeconds(pid) ?? NaN) - (before ?? NaN);
    this.commands += perClient * CLIENTS;
  }

  result(): Measurement {
    return {
      value: round((this.cpuSeconds * 1000) / this.commands, 2),
      unit: 'ms api CPU/command',
      p50_ms: round(percentile(this.latencies, 0.5), 1),
      p99_ms: round(percentile(this.latencies, 0.99), 1),
      commands: this.commands,
      clients: CLIENTS,
    };
  }
}

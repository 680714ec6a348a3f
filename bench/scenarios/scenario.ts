import type { Bench } from '../support/bench';
import type { Measurements } from '../support/measurement';

/**
 * One thing the bench measures. Scenarios run in the order of SCENARIOS (scenarios/index.ts)
 * against one running system; each returns its figures by result name.
 */
export interface Scenario {
  title: string;
  /** The result names it writes: what `--only=<name>` selects. */
  produces: readonly string[];
  run(bench: Bench): Promise<Measurements>;
}

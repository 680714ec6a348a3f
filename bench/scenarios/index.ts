import { appendScenario } from './append.scenario';
import { contendedRedemptionsScenario } from './contended-redemptions.scenario';
import { drawScenario } from './draw.scenario';
import { httpPrepaymentsScenario, httpRedemptionsScenario } from './http-commands.scenario';
import { projectionLagScenario } from './projection-lag.scenario';
import { rebuildScenario } from './rebuild.scenario';
import type { Scenario } from './scenario';

export type { Scenario } from './scenario';

/**
 * Every scenario, in the order they run on one system: the one place to add more (settlement
 * runs, notification fan-out). The rebuild stops the worker, so it stays last.
 */
export const SCENARIOS: readonly Scenario[] = [
  appendScenario,
  httpPrepaymentsScenario,
  httpRedemptionsScenario,
  projectionLagScenario,
  contendedRedemptionsScenario,
  drawScenario,
  rebuildScenario,
];

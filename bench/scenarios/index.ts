import { appendScenario } from './append.scenario';
import { catchUpScenario } from './catch-up.scenario';
import { contendedRedemptionsScenario } from './contended-redemptions.scenario';
import { drawScenario } from './draw.scenario';
import { httpCeilingScenario } from './http-ceiling.scenario';
import { httpPrepaymentsScenario, httpRedemptionsApiAloneScenario, httpRedemptionsScenario } from './http-commands.scenario';
import { projectionLagScenario } from './projection-lag.scenario';
import { rebuildScenario } from './rebuild.scenario';
import { redemptionHistoryScenario } from './redemption-history.scenario';
import { replicaLagScenario, scaleOutScenario } from './scale-out.scenario';
import type { Scenario } from './scenario';

export type { Scenario } from './scenario';

/**
 * Every scenario, in the order they run on one system: the one place to add more (settlement
 * runs, notification fan-out). The ceiling runs first, on a quiet system; the rebuild stops
 * the worker, so it stays last.
 */
export const SCENARIOS: readonly Scenario[] = [
  httpCeilingScenario,
  appendScenario,
  httpPrepaymentsScenario,
  httpRedemptionsScenario,
  projectionLagScenario,
  contendedRedemptionsScenario,
  redemptionHistoryScenario,
  drawScenario,
  // Stops and restarts the worker: after the scenarios a fresh worker would disturb.
  httpRedemptionsApiAloneScenario,
  catchUpScenario,
  // Each starts systems of its own (two apis and two workers; a primary and a replica).
  scaleOutScenario,
  replicaLagScenario,
  rebuildScenario,
];

/** A figure of the run divided by another of the same run (`--only=<name>` runs both). */
export interface Ratio {
  name: string;
  of: string;
  to: string;
}

/** The command figures against the ceiling this machine has for a command. */
export const RATIOS: readonly Ratio[] = [
  { name: 'http_prepayments_ratio', of: 'http_prepayments_per_s', to: 'http_ceiling_per_s' },
  { name: 'http_redemptions_ratio', of: 'http_redemptions_per_s', to: 'http_ceiling_per_s' },
  { name: 'http_redemptions_api_alone_ratio', of: 'http_redemptions_api_alone_per_s', to: 'http_ceiling_per_s' },
  { name: 'scale_out_ratio', of: 'scale_out_2x2_per_s', to: 'scale_out_1x1_per_s' },
];

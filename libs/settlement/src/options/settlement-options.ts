/**
 * The settlement's settings, given by the app (from SETTLEMENT_FEE_BASIS_POINTS and
 * SETTLEMENT_HOUR_SEOUL) through SettlementModule.forRoot / SettlementWorkerModule.forRoot.
 */
export interface SettlementOptions {
  /** The platform's fee on collected prepayments, in basis points (100 = 1%). Default 0. */
  feeRateBasisPoints?: number;
  /** The Seoul hour at which the previous day is settled. Default 2 (02:00 Asia/Seoul). */
  runAtHourSeoul?: number;
  /** Transfer attempts per payout round before it is left failed for staff. Default 5. */
  payoutAttempts?: number;
  /** First retry delay; each next one doubles (exponential backoff). Default 30 s. */
  payoutBackoffMs?: number;
}

export type ResolvedSettlementOptions = Required<SettlementOptions>;

export const SETTLEMENT_OPTIONS = Symbol('SETTLEMENT_OPTIONS');

function integerIn(value: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`settlement option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** Defaults filled in and checked once, at start: a wrong setting stops the process. */
export function resolveSettlementOptions(options: SettlementOptions = {}): ResolvedSettlementOptions {
  return {
    feeRateBasisPoints: integerIn(options.feeRateBasisPoints ?? 0, 0, 10_000, 'feeRateBasisPoints'),
    runAtHourSeoul: integerIn(options.runAtHourSeoul ?? 2, 0, 23, 'runAtHourSeoul'),
    payoutAttempts: integerIn(options.payoutAttempts ?? 5, 1, 50, 'payoutAttempts'),
    payoutBackoffMs: integerIn(options.payoutBackoffMs ?? 30_000, 1, 24 * 3_600_000, 'payoutBackoffMs'),
  };
}

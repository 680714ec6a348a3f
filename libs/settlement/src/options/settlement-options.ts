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
  /** How payouts leave: the built-in recording bank, or bulk-transfer files staff take to the bank. Default recording. */
  payoutAdapter?: PayoutAdapterKind;
  /** Who answers account-holder inquiries. Default the recording check. */
  accountHolderCheck?: AccountHolderCheckSetting;
}

export const PAYOUT_ADAPTER_KINDS = ['recording', 'bank-file'] as const;
export type PayoutAdapterKind = (typeof PAYOUT_ADAPTER_KINDS)[number];

export const ACCOUNT_HOLDER_CHECK_KINDS = ['recording', 'portone-v1'] as const;
export type AccountHolderCheckSetting = { kind: 'recording' } | { kind: 'portone-v1'; baseUrl: string; apiKey: string; apiSecret: string };

export type ResolvedSettlementOptions = Required<SettlementOptions>;

export const SETTLEMENT_OPTIONS = Symbol('SETTLEMENT_OPTIONS');

function integerIn(value: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`settlement option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`settlement option ${name} must be one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

function holderCheckSetting(setting: AccountHolderCheckSetting): AccountHolderCheckSetting {
  oneOf(setting.kind, ACCOUNT_HOLDER_CHECK_KINDS, 'accountHolderCheck.kind');
  if (setting.kind === 'portone-v1' && (!setting.apiKey || !setting.apiSecret || !setting.baseUrl)) {
    throw new Error('settlement option accountHolderCheck portone-v1 needs baseUrl, apiKey and apiSecret');
  }
  return setting;
}

/** Defaults filled in and checked once, at start: a wrong setting stops the process. */
export function resolveSettlementOptions(options: SettlementOptions = {}): ResolvedSettlementOptions {
  return {
    feeRateBasisPoints: integerIn(options.feeRateBasisPoints ?? 0, 0, 10_000, 'feeRateBasisPoints'),
    runAtHourSeoul: integerIn(options.runAtHourSeoul ?? 2, 0, 23, 'runAtHourSeoul'),
    payoutAttempts: integerIn(options.payoutAttempts ?? 5, 1, 50, 'payoutAttempts'),
    payoutBackoffMs: integerIn(options.payoutBackoffMs ?? 30_000, 1, 24 * 3_600_000, 'payoutBackoffMs'),
    payoutAdapter: oneOf(options.payoutAdapter ?? 'recording', PAYOUT_ADAPTER_KINDS, 'payoutAdapter'),
    accountHolderCheck: holderCheckSetting(options.accountHolderCheck ?? { kind: 'recording' }),
  };
}

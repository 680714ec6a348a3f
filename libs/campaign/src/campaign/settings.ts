import { InvalidInputError, type Krw, KRW_LIMITS, positiveKrw } from '@goodpay/shared';
import { type CalendarDate, calendarDate } from '@goodpay/shared';
import { oneOf, requiredText } from '@goodpay/shared';

/** What a campaign is configured with, its defaults (DOMAIN.md) and how each is checked. */

export const REGION_KINDS = ['city', 'province'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

export interface Region {
  kind: RegionKind;
  name: string;
}

/** First and last day of a campaign or a raffle round, both included. */
export interface Period {
  startsOn: CalendarDate;
  endsOn: CalendarDate;
}

export interface PrepaymentBounds {
  /** The smallest prepayment, for citizens and organisations alike. */
  minPerPrepayment: Krw;
  /** The largest single prepayment by a citizen. */
  maxPerPrepayment: Krw;
  /** What one citizen may prepay in this campaign in one Seoul calendar month. */
  maxPerPersonPerMonth: Krw;
  /** The largest single prepayment by an organisation (no monthly cap: they prepay planned events). */
  organisationMaxPerPrepayment: Krw;
}

/** Seoul's published figures: 100,000 to 300,000 won, 300,000 a month per person, companies up to 10 million. */
export const DEFAULT_PREPAYMENT_BOUNDS: PrepaymentBounds = {
  minPerPrepayment: 100_000,
  maxPerPrepayment: 300_000,
  maxPerPersonPerMonth: 300_000,
  organisationMaxPerPrepayment: 10_000_000,
};

export interface RaffleRound extends Period {
  /** 1, 2, 3... in date order. */
  number: number;
}

export interface RaffleSettings {
  /** A certified prepayment must be at least this to enter the raffle. */
  minimumCertifiedAmount: Krw;
  /** One winner's prize (Onnuri gift vouchers). */
  prize: Krw;
  /** All prizes together: budget / prize winners at most. */
  budget: Krw;
  /** No rounds means no raffle. */
  rounds: RaffleRound[];
  /** A person who won an earlier round of the campaign does not enter later rounds. */
  excludeEarlierWinners: boolean;
  /** Days a winner has to confirm before the prize goes to the next on the waiting list. */
  confirmationDeadlineDays: number;
  /** Days after the campaign's last round after which everyone's raffle personal data is destroyed. */
  personalDataRetentionDays: number;
}

/** The raffle's rules, fixed when the campaign is created and published in every round document. */
export type RaffleRules = Pick<RaffleSettings, 'excludeEarlierWinners' | 'confirmationDeadlineDays' | 'personalDataRetentionDays'>;

/**
 * One prize per person over the campaign; two weeks to confirm; data kept half a year after the
 * last round at most (PIPC: destroyed when the event ends), which covers the confirmations.
 */
export const DEFAULT_RAFFLE_RULES: RaffleRules = {
  excludeEarlierWinners: true,
  confirmationDeadlineDays: 14,
  personalDataRetentionDays: 180,
};

/** Jeonbuk's raffle: 20,000 won prizes, 3,000,000 won in all (150 winners), for prepayments of 100,000 won or more. */
export const DEFAULT_RAFFLE_SETTINGS: Omit<RaffleSettings, 'rounds'> = {
  minimumCertifiedAmount: 100_000,
  prize: 20_000,
  budget: 3_000_000,
  ...DEFAULT_RAFFLE_RULES,
};

/** Limits of the rules: a deadline a winner can meet, data kept no longer than a year after the last round. */
export const RAFFLE_RULE_LIMITS = {
  confirmationDeadlineDays: { min: 1, max: 90 },
  personalDataRetentionDays: { min: 1, max: 365 },
} as const;

export interface ParticipationTarget {
  participants: number;
  amount: Krw;
}

/** The defaults with every given (not undefined) override applied. */
export function withDefaults<T extends object>(defaults: T, overrides: Partial<T> | undefined): T {
  const given = Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(given) };
}

/** True when both flat records hold the same values. */
export function sameValues<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as (keyof T)[]).every((key) => a[key] === b[key]);
}

export function validRegion(region: Region | undefined): Region {
  return {
    kind: oneOf(region?.kind, REGION_KINDS, 'region.kind'),
    name: requiredText(region?.name, 'region.name', 100),
  };
}

export function validPeriod(startsOn: unknown, endsOn: unknown): Period {
  const period = { startsOn: calendarDate(startsOn, 'startsOn'), endsOn: calendarDate(endsOn, 'endsOn') };
  if (period.endsOn < period.startsOn) {
    throw new InvalidInputError('a campaign cannot end before it starts', period, 'invalid_campaign_period');
  }
  return period;
}

export function validBounds(bounds: PrepaymentBounds): PrepaymentBounds {
  const valid: PrepaymentBounds = {
    minPerPrepayment: positiveKrw(bounds.minPerPrepayment, KRW_LIMITS.campaignPrepaymentSetting, 'bounds.minPerPrepayment'),
    maxPerPrepayment: positiveKrw(bounds.maxPerPrepayment, KRW_LIMITS.campaignPrepaymentSetting, 'bounds.maxPerPrepayment'),
    maxPerPersonPerMonth: positiveKrw(bounds.maxPerPersonPerMonth, KRW_LIMITS.campaignPrepaymentSetting, 'bounds.maxPerPersonPerMonth'),
    organisationMaxPerPrepayment: positiveKrw(
      bounds.organisationMaxPerPrepayment,
      KRW_LIMITS.campaignPrepaymentSetting,
      'bounds.organisationMaxPerPrepayment',
    ),
  };
  // A maximum below the minimum, or a single prepayment above the month's cap, could never be paid.
  const consistent =
    valid.minPerPrepayment <= valid.maxPerPrepayment &&
    valid.maxPerPrepayment <= valid.maxPerPersonPerMonth &&
    valid.minPerPrepayment <= valid.organisationMaxPerPrepayment;
  if (!consistent) {
    throw new InvalidInputError(
      'bounds must satisfy min <= max per prepayment <= max per person per month, and min <= organisation max',
      { ...valid },
      'invalid_prepayment_bounds',
    );
  }
  return valid;
}

export function validTarget(target: ParticipationTarget | undefined): ParticipationTarget {
  const participants = target?.participants;
  if (typeof participants !== 'number' || !Number.isSafeInteger(participants) || participants <= 0) {
    throw new InvalidInputError('participationTarget.participants must be a positive whole number', {
      field: 'participationTarget.participants',
      value: participants,
    });
  }
  return { participants, amount: positiveKrw(target?.amount, KRW_LIMITS.campaignTarget, 'participationTarget.amount') };
}

export function validRaffle(raffle: RaffleSettings, campaign: Period): RaffleSettings {
  const amounts = {
    minimumCertifiedAmount: positiveKrw(raffle.minimumCertifiedAmount, KRW_LIMITS.raffleCertifiedAmount, 'raffle.minimumCertifiedAmount'),
    prize: positiveKrw(raffle.prize, KRW_LIMITS.rafflePrize, 'raffle.prize'),
    budget: positiveKrw(raffle.budget, KRW_LIMITS.raffleBudget, 'raffle.budget'),
  };
  // Every won of the budget goes to a whole prize: winners = budget / prize exactly.
  if (amounts.budget % amounts.prize !== 0) {
    throw new InvalidInputError('the raffle budget must be a whole number of prizes', amounts, 'raffle_budget_not_multiple_of_prize');
  }
  return { ...amounts, rounds: validRounds(raffle.rounds, campaign), ...validRaffleRules(raffle) };
}

function wholeDays(value: unknown, field: keyof typeof RAFFLE_RULE_LIMITS): number {
  const { min, max } = RAFFLE_RULE_LIMITS[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidInputError(
      `raffle.${field} must be a whole number of days from ${min} to ${max}`,
      { field: `raffle.${field}`, value },
      'invalid_raffle_rules',
    );
  }
  return value;
}

/** The rules: a boolean and two day counts; the data outlive the confirmation deadline (a winner's delivery needs them). */
export function validRaffleRules(rules: RaffleRules): RaffleRules {
  if (typeof rules.excludeEarlierWinners !== 'boolean') {
    throw new InvalidInputError(
      'raffle.excludeEarlierWinners must be true or false',
      { field: 'raffle.excludeEarlierWinners' },
      'invalid_raffle_rules',
    );
  }
  const valid: RaffleRules = {
    excludeEarlierWinners: rules.excludeEarlierWinners,
    confirmationDeadlineDays: wholeDays(rules.confirmationDeadlineDays, 'confirmationDeadlineDays'),
    personalDataRetentionDays: wholeDays(rules.personalDataRetentionDays, 'personalDataRetentionDays'),
  };
  if (valid.personalDataRetentionDays < valid.confirmationDeadlineDays) {
    throw new InvalidInputError(
      'raffle.personalDataRetentionDays must be at least raffle.confirmationDeadlineDays: winners confirm before their data goes',
      { ...valid },
      'invalid_raffle_rules',
    );
  }
  return valid;
}

/** A campaign's raffle as its events give it: campaigns created before the rules were settings have the defaults. */
export const withRaffleRules = (raffle: Omit<RaffleSettings, keyof RaffleRules> & Partial<RaffleRules>): RaffleSettings => ({
  ...DEFAULT_RAFFLE_RULES,
  ...raffle,
});

/** Rounds numbered 1..n, in date order, not overlapping, each inside the campaign. */
export function validRounds(rounds: readonly RaffleRound[] | undefined, campaign: Period): RaffleRound[] {
  if (!Array.isArray(rounds)) throw new InvalidInputError('raffle.rounds must be a list', { field: 'raffle.rounds' });
  return rounds.map((round, index) => {
    const field = `raffle.rounds[${index}]`;
    const { startsOn, endsOn } = {
      startsOn: calendarDate(round?.startsOn, `${field}.startsOn`),
      endsOn: calendarDate(round?.endsOn, `${field}.endsOn`),
    };
    const refuse = (why: string) => new InvalidInputError(`${field}: ${why}`, { round: index + 1, ...campaign }, 'invalid_raffle_rounds');
    if (round.number !== index + 1) throw refuse(`rounds are numbered 1, 2, 3... in date order`);
    if (endsOn < startsOn) throw refuse('a round cannot end before it starts');
    if (startsOn < campaign.startsOn || endsOn > campaign.endsOn) throw refuse('a round must lie inside the campaign');
    if (index > 0 && startsOn <= rounds[index - 1].endsOn) throw refuse('rounds must not overlap');
    return { number: round.number, startsOn, endsOn };
  });
}

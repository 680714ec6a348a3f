import { calendarDate, type CalendarDate, seoulDate } from '@goodpay/shared';
import type { Decider } from '@goodpay/event-store';
import { InvalidInputError, isKrw, type Krw, KRW_LIMITS, RuleViolationError } from '@goodpay/shared';
import type { SettlementClosed, SettlementEvent, SettlementItem } from './events';
import { settlementFigures } from './figures';
import { settlementIdOf } from './settlement-id';

export interface MerchantSettlementsState {
  /** The last Seoul day settled; null before the first settlement. */
  lastDay: CalendarDate | null;
  /** Every item any settlement of this shop claimed: none can be claimed twice. */
  claimed: ReadonlySet<string>;
  /** The deduction the next settlement starts with. */
  carried: Krw;
}

/**
 * Close the shop's settlement for `day` over the unsettled items the run found (the
 * settlement-ledger read model). The decision filters them against what the stream says was
 * claimed, so a lagging read model can never make an item count twice.
 */
export interface CloseSettlement {
  type: 'CloseSettlement';
  merchantId: string;
  day: CalendarDate;
  candidates: readonly SettlementItem[];
  feeBasisPoints: number;
  /** ISO instant, from the run's clock (a rehearsal's own). */
  now: string;
  /** A rehearsal's settlement (its own stream, its own ids, never paid out). */
  rehearsalCampaignId?: string;
}

export type SettlementCommand = CloseSettlement;

export const initialSettlementsState = (): MerchantSettlementsState => ({ lastDay: null, claimed: new Set(), carried: 0 });

export function evolveSettlements(state: MerchantSettlementsState, event: SettlementEvent): MerchantSettlementsState {
  switch (event.type) {
    case 'SettlementClosed':
      return {
        lastDay: event.data.day,
        claimed: new Set([...state.claimed, ...event.data.items.map((item) => item.itemId)]),
        carried: event.data.carriedOut,
      };
  }
}

function validFeeRate(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 10_000) {
    throw new InvalidInputError('the fee rate must be 0 to 10000 basis points', { feeBasisPoints: value }, 'invalid_fee_rate');
  }
  return value;
}

const aboveMaximum = (item: SettlementItem): boolean => isKrw(item.amount) && item.amount > KRW_LIMITS.prepayment.max;

function validItem(item: SettlementItem): SettlementItem {
  if (!isKrw(item.amount) || item.amount <= 0) {
    throw new InvalidInputError(
      `settlement item ${item.itemId} must be a positive whole number of won`,
      { itemId: item.itemId },
      'invalid_settlement_item',
    );
  }
  return item;
}

function closeSettlement(command: CloseSettlement, state: MerchantSettlementsState): SettlementClosed[] {
  const day = calendarDate(command.day, 'day');
  const feeBasisPoints = validFeeRate(command.feeBasisPoints);
  if (day >= seoulDate(command.now)) {
    throw new RuleViolationError('settlement_day_not_over', `the Seoul day ${day} is not over yet: it can be settled from the next day`, {
      day,
    });
  }
  // Already settled (or a later day was): running a day again changes nothing.
  if (state.lastDay !== null && day <= state.lastDay) return [];
  const unique = new Map<string, SettlementItem>();
  for (const item of command.candidates) {
    // An item above one prepayment's maximum can only come from a log written before the
    // maxima: it is left unsettled (the reconciliation lists it) for staff, never paid out.
    if (!state.claimed.has(item.itemId) && item.day <= day && !aboveMaximum(item)) unique.set(item.itemId, validItem(item));
  }
  const items = [...unique.values()].sort((a, b) =>
    a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.itemId < b.itemId ? -1 : 1,
  );
  if (items.length === 0) return [];
  return [
    {
      type: 'SettlementClosed',
      data: {
        settlementId: command.rehearsalCampaignId
          ? settlementIdOf(`rehearsal:${command.rehearsalCampaignId}:${command.merchantId}`, day)
          : settlementIdOf(command.merchantId, day),
        merchantId: command.merchantId,
        day,
        items,
        ...settlementFigures(items, feeBasisPoints, state.carried),
        closedAt: command.now,
        ...(command.rehearsalCampaignId ? { rehearsalCampaignId: command.rehearsalCampaignId } : {}),
      },
    },
  ];
}

export const settlementDecider: Decider<MerchantSettlementsState, SettlementCommand, SettlementEvent> = {
  initialState: initialSettlementsState,
  evolve: evolveSettlements,
  decide: (command, state) => closeSettlement(command, state),
};

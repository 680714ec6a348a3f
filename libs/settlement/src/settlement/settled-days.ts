import { addDays, type CalendarDate } from '@goodpay/shared';
import type { Decider } from '@goodpay/event-store';
import type { SettlementDaySettled } from './events';

export interface SettledDaysState {
  /** The last day a run went through; null before the first. */
  lastDay: CalendarDate | null;
}

/** Record that a day's run went through (nothing when that day, or a later one, is recorded already). */
export interface RecordDaySettled {
  type: 'RecordDaySettled';
  day: CalendarDate;
  settlements: number;
  now: string;
  rehearsalCampaignId?: string;
}

/** At most this many days are caught up by one run (a year): beyond that, staff look first. */
export const MAX_CATCH_UP_DAYS = 366;

/**
 * The days a run must settle, in order, up to `lastOver` (the day before the clock's today):
 * every day after the last settled one; before the first run ever, from the oldest unsettled
 * item's day (or only `lastOver` when nothing waits). `lastOver` is always run, even when
 * recorded already: running a day again settles only what was late for it (a shop settled that
 * day is not settled twice), as the daily trigger always did.
 */
export function daysToSettle(lastDay: CalendarDate | null, oldestUnsettled: CalendarDate | null, lastOver: CalendarDate): CalendarDate[] {
  if (lastDay !== null && lastDay >= lastOver) return [lastOver];
  let day = lastDay !== null ? addDays(lastDay, 1) : oldestUnsettled !== null && oldestUnsettled < lastOver ? oldestUnsettled : lastOver;
  const days: CalendarDate[] = [];
  while (day <= lastOver && days.length < MAX_CATCH_UP_DAYS) {
    days.push(day);
    day = addDays(day, 1);
  }
  return days;
}

export const settledDaysDecider: Decider<SettledDaysState, RecordDaySettled, SettlementDaySettled> = {
  initialState: () => ({ lastDay: null }),
  evolve: (_state, event) => ({ lastDay: event.data.day }),
  decide: (command, state) =>
    state.lastDay !== null && command.day <= state.lastDay
      ? []
      : [
          {
            type: 'SettlementDaySettled',
            data: {
              day: command.day,
              settlements: command.settlements,
              settledAt: command.now,
              ...(command.rehearsalCampaignId ? { rehearsalCampaignId: command.rehearsalCampaignId } : {}),
            },
          },
        ],
};

import type { Period, RaffleSettings } from './settings';
import { DEFAULT_RAFFLE_SETTINGS } from './settings';

/**
 * Jeonbuk province's published campaign: Jan 13 to Feb 28, raffle in three rounds
 * (Jan 13 - Feb 2, Feb 3 - Feb 16, Feb 17 - Feb 27), 20,000 won prizes, 3,000,000 won in all.
 */
export function jeonbukPreset(year: number): Period & { raffle: RaffleSettings } {
  const on = (monthDay: string) => `${String(year).padStart(4, '0')}-${monthDay}`;
  return {
    startsOn: on('01-13'),
    endsOn: on('02-28'),
    raffle: {
      ...DEFAULT_RAFFLE_SETTINGS,
      rounds: [
        { number: 1, startsOn: on('01-13'), endsOn: on('02-02') },
        { number: 2, startsOn: on('02-03'), endsOn: on('02-16') },
        { number: 3, startsOn: on('02-17'), endsOn: on('02-27') },
      ],
    },
  };
}

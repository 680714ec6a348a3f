import { jeonbukPreset } from './presets';
import { validRaffle } from './settings';

describe('Jeonbuk preset', () => {
  it('gives the published dates and three rounds for any year', () => {
    const preset = jeonbukPreset(2026);
    expect(preset).toMatchObject({ startsOn: '2026-01-13', endsOn: '2026-02-28' });
    expect(preset.raffle.rounds).toEqual([
      { number: 1, startsOn: '2026-01-13', endsOn: '2026-02-02' },
      { number: 2, startsOn: '2026-02-03', endsOn: '2026-02-16' },
      { number: 3, startsOn: '2026-02-17', endsOn: '2026-02-27' },
    ]);
  });

  it('is a valid raffle: 150 prizes of 20,000 won', () => {
    const preset = jeonbukPreset(2028);
    expect(validRaffle(preset.raffle, preset)).toEqual(preset.raffle);
    expect(preset.raffle.budget / preset.raffle.prize).toBe(150);
  });
});

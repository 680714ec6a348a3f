import fc from 'fast-check';
import { roundQuota, totalPlaces } from './quota';

describe('round quotas', () => {
  it('gives Jeonbuk 150 places (3,000,000 / 20,000) as 50 per round', () => {
    const total = totalPlaces(3_000_000, 20_000);
    expect(total).toBe(150);
    expect([1, 2, 3].map((round) => roundQuota({ totalPlaces: total, placesAllotted: (round - 1) * 50, round, rounds: 3 }))).toEqual([
      50, 50, 50,
    ]);
  });

  it('rolls unused places forward: 20 entries in round 1 leave 130 for rounds 2 and 3', () => {
    expect(roundQuota({ totalPlaces: 150, placesAllotted: 20, round: 2, rounds: 3 })).toBe(65);
    expect(roundQuota({ totalPlaces: 150, placesAllotted: 85, round: 3, rounds: 3 })).toBe(65);
  });

  it('refuses a round the campaign does not have', () => {
    expect(() => roundQuota({ totalPlaces: 150, placesAllotted: 0, round: 4, rounds: 3 })).toThrow(
      expect.objectContaining({ code: 'round_not_found' }),
    );
  });

  it('never allots more than the budget pays for, however the rounds fill', () => {
    fc.assert(
      fc.property(
        fc.nat(500),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(300), { minLength: 8, maxLength: 8 }),
        (total, rounds, entrants) => {
          let allotted = 0;
          for (let round = 1; round <= rounds; round += 1) {
            const quota = roundQuota({ totalPlaces: total, placesAllotted: allotted, round, rounds });
            allotted += Math.min(quota, entrants[round - 1]);
          }
          expect(allotted).toBeLessThanOrEqual(total);
          // With enough entrants in the last round, every place is given.
          if (entrants[rounds - 1] >= total) expect(allotted).toBe(total);
        },
      ),
    );
  });
});

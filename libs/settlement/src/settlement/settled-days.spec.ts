import { daysToSettle } from './settled-days';

describe('daysToSettle: the days a run settles after the last settled one', () => {
  it('runs every missed day in order, up to the day before today', () => {
    expect(daysToSettle('2025-01-14', null, '2025-01-17')).toEqual(['2025-01-15', '2025-01-16', '2025-01-17']);
  });

  it('runs the day before again when it is settled already (late items of it only)', () => {
    expect(daysToSettle('2025-01-17', null, '2025-01-17')).toEqual(['2025-01-17']);
  });

  it('starts from the oldest unsettled day before any run, or from the day before when nothing waits', () => {
    expect(daysToSettle(null, '2025-01-15', '2025-01-17')).toEqual(['2025-01-15', '2025-01-16', '2025-01-17']);
    expect(daysToSettle(null, null, '2025-01-17')).toEqual(['2025-01-17']);
  });

  it('catches up at most a year in one run', () => {
    expect(daysToSettle('2020-01-01', null, '2025-01-17')).toHaveLength(366);
  });
});

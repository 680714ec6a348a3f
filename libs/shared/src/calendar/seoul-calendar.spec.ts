import { addDays, calendarDate, isCalendarDate, isInstant, seoulDate, seoulMonth } from './seoul-calendar';

describe('Seoul calendar', () => {
  it('puts an instant on its Seoul day: UTC+9, no daylight saving', () => {
    expect(seoulDate('2025-01-12T14:59:59Z')).toBe('2025-01-12');
    expect(seoulDate('2025-01-12T15:00:00Z')).toBe('2025-01-13');
    expect(seoulDate('2025-07-01T00:30:00+09:00')).toBe('2025-07-01');
    expect(seoulDate('2025-06-30T23:30:00-05:00')).toBe('2025-07-01');
  });

  it('names the day of the ISO text nine hours on, across month and year ends', () => {
    for (let ms = Date.parse('1999-12-31T00:00:00Z'); ms < Date.parse('2030-01-01T00:00:00Z'); ms += 7 * 60 * 60 * 1000 + 1234) {
      const instant = new Date(ms).toISOString();
      expect(seoulDate(instant)).toBe(new Date(ms + 9 * 60 * 60 * 1000).toISOString().slice(0, 10));
    }
  });

  it('puts an instant in its Seoul month', () => {
    expect(seoulMonth('2025-01-31T14:59:59Z')).toBe('2025-01');
    expect(seoulMonth('2025-01-31T15:00:00Z')).toBe('2025-02');
    expect(seoulMonth('2024-12-31T15:00:00.000Z')).toBe('2025-01');
  });

  it('refuses instants without a zone or that do not parse', () => {
    expect(isInstant('2025-01-13T10:00:00')).toBe(false);
    expect(isInstant('yesterday')).toBe(false);
    expect(() => seoulDate('2025-01-13')).toThrow(expect.objectContaining({ code: 'invalid_instant', status: 400 }));
  });

  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-1-13')).toBe(false);
    expect(isCalendarDate(20250113)).toBe(false);
    expect(() => calendarDate('2025-13-01', 'startsOn')).toThrow(
      expect.objectContaining({ code: 'invalid_date', details: { field: 'startsOn', value: '2025-13-01' } }),
    );
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-01-13', 7)).toBe('2025-01-20');
    expect(addDays('2024-02-27', 3)).toBe('2024-03-01');
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

import { describe, expect, it } from 'vitest';
import {
  amsterdamIso,
  amsterdamParts,
  formatDate,
  formatEuros,
  formatPeriod,
  parseEuros,
  weekdayIndex,
} from './format';

describe('Dutch notation', () => {
  it('writes euro amounts from cents as the province does', () => {
    expect(formatEuros(118_050)).toBe('€\u00a01.180,50');
    expect(formatEuros(0)).toBe('€\u00a00,00');
  });

  it('reads amounts typed in euros, Dutch first', () => {
    expect(parseEuros('1.180,50')).toBe(118_050);
    expect(parseEuros('€ 1.180')).toBe(118_000);
    expect(parseEuros('1180,5')).toBe(118_050);
    expect(parseEuros('1180.50')).toBe(118_050);
    expect(parseEuros('12')).toBe(1_200);
    expect(parseEuros('')).toBeUndefined();
    expect(parseEuros('twaalf')).toBeUndefined();
    expect(parseEuros('1,2,3')).toBeUndefined();
    expect(parseEuros('-5')).toBeUndefined();
  });

  it('shows dates in Amsterdam time whatever the offset they come with', () => {
    expect(formatDate('2026-03-12T18:30:00Z', 'nl')).toBe('donderdag 12 maart 2026');
    expect(formatPeriod('2026-03-12T19:30:00+01:00', '2026-03-12T21:30:00+01:00', 'nl')).toBe(
      'do 12 mrt 2026, 19:30–21:30',
    );
    expect(formatDate('2026-03-12T18:30:00Z', 'en')).toBe('Thursday, 12 March 2026');
  });
});

describe('Amsterdam wall-clock time', () => {
  it('carries winter and summer offsets', () => {
    expect(amsterdamIso('2026-03-12', '19:30')).toBe('2026-03-12T19:30:00+01:00');
    expect(amsterdamIso('2026-07-01', '09:00')).toBe('2026-07-01T09:00:00+02:00');
    // The night the clocks go forward (29 March 2026, 02:00 → 03:00).
    expect(amsterdamIso('2026-03-29', '12:00')).toBe('2026-03-29T12:00:00+02:00');
  });

  it('reads an instant back into form fields', () => {
    expect(amsterdamParts('2026-07-01T07:00:00Z')).toEqual({ date: '2026-07-01', time: '09:00' });
    expect(amsterdamParts('2026-12-31T23:30:00Z')).toEqual({ date: '2027-01-01', time: '00:30' });
  });

  it('counts weekdays from Monday', () => {
    expect(weekdayIndex('2026-01-05')).toBe(0);
    expect(weekdayIndex('2026-01-11')).toBe(6);
  });
});

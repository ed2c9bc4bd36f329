import { DateTime } from 'luxon';
import {
  amsterdamDateTimeProblem,
  amsterdamOffsetMinutes,
  inAmsterdam,
  amsterdamWallClock,
  calendarDateProblem,
  freeTextProblem,
  identifierProblem,
  offsetDateTimeProblem,
  safeIntegerProblem,
  unsafeNumberProblem,
} from './input-rules';

describe('input rules', () => {
  it('keeps any Unicode in free text but NUL, and bounds its length', () => {
    expect(freeTextProblem('Zoë \u202Eِ日本 👩‍👩‍👧', 50)).toBeUndefined();
    expect(freeTextProblem('a\u0000b', 50)).toMatch(/NUL/);
    expect(freeTextProblem('x'.repeat(51), 50)).toMatch(/at most 50/);
  });

  it('refuses NUL, bidi controls and invisible characters in identifiers', () => {
    expect(identifierProblem('anne@example.org')).toBeUndefined();
    expect(identifierProblem('anne\u202E@example.org')).toMatch(/bidirectional/);
    expect(identifierProblem('an\u200Bne')).toMatch(/invisible/);
    expect(identifierProblem('a\u0000')).toMatch(/NUL/);
  });

  it('takes whole numbers within their bounds and the safe range only', () => {
    expect(safeIntegerProblem(5, 0, 10)).toBeUndefined();
    for (const value of [11, -1, 1.5, 1e308, Number('9007199254740993'), Number.NaN, '5']) {
      expect(safeIntegerProblem(value, 0, 10)).toBeDefined();
    }
    expect(unsafeNumberProblem(1e308)).toBeDefined();
    expect(unsafeNumberProblem(Number('9007199254740993'))).toBeDefined();
    expect(unsafeNumberProblem(0.25)).toBeUndefined();
  });

  it('takes real calendar dates only', () => {
    expect(calendarDateProblem('2028-02-29')).toBeUndefined();
    for (const value of ['2026-02-30', '2026-13-01', '2026-02-29', '2026-1-01', '2026-01-01T00:00:00Z', 20260101]) {
      expect(calendarDateProblem(value)).toBeDefined();
    }
  });

  it('takes date-times with an explicit offset and a real date and time only', () => {
    expect(offsetDateTimeProblem('2026-03-12T19:30:00+01:00')).toBeUndefined();
    expect(offsetDateTimeProblem('2026-03-12T19:30:00.123Z')).toBeUndefined();
    for (const value of ['2026-03-12T19:30:00', '2026-02-30T10:00:00Z', '2026-03-12T24:00:00Z', '2026-03-12T19:30:00+15:00', '2026-03-12']) {
      expect(offsetDateTimeProblem(value)).toBeDefined();
    }
  });

  it("holds Amsterdam local times to Amsterdam's offset: the spring gap refused, the autumn overlap told apart by offset", () => {
    expect(amsterdamDateTimeProblem('2026-03-29T02:30:00+01:00')).toMatch(/does not exist/);
    expect(amsterdamDateTimeProblem('2026-03-29T02:30:00+02:00')).toMatch(/does not exist/);
    expect(amsterdamDateTimeProblem('2026-03-29T03:30:00+02:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-10-25T02:30:00+02:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-10-25T02:30:00+01:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-07-01T12:00:00+01:00')).toMatch(/offset \+01:00/);
    expect(amsterdamDateTimeProblem('2026-07-01T12:00:00Z')).toBeUndefined();
    // Without seconds, with nine digits of fraction, behind UTC, and at the hour of the change.
    expect(amsterdamDateTimeProblem('2026-03-12T19:30+01:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-03-12T19:30:00.123456789+01:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-07-01T05:00:00-05:00')).toMatch(/offset -05:00, but Europe\/Amsterdam is at \+02:00/);
    expect(amsterdamDateTimeProblem('2026-03-29T01:59:59+01:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-03-29T03:00:00+02:00')).toBeUndefined();
    expect(amsterdamDateTimeProblem('2026-03-29T03:00:00+01:00')).toMatch(/offset \+01:00/);
  });

  it("keeps Amsterdam's offset per hour and answers as the zone database does, at clock changes and odd-minute ones too", () => {
    const zone = (epochMs: number) => DateTime.fromMillis(epochMs, { zone: 'Europe/Amsterdam' }).offset;
    const instants = [
      // Around the 2026 changes (01:00 UTC), each minute from half an hour before to half an hour after.
      ...[Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)].flatMap((change) =>
        Array.from({ length: 61 }, (_, minute) => change + (minute - 30) * 60_000),
      ),
      // 1937-07-01: Amsterdam's clocks moved from +00:19:32 to +00:20 at a moment that is no whole UTC hour.
      ...Array.from({ length: 121 }, (_, minute) => Date.UTC(1937, 5, 30, 23) + minute * 60_000 - 30 * 60_000),
    ];
    // Twice: the first pass fills the kept hours, the second answers from them.
    for (const pass of [1, 2]) {
      for (const instant of instants) {
        expect([pass, instant, amsterdamOffsetMinutes(instant)]).toEqual([pass, instant, zone(instant)]);
      }
    }
    expect(inAmsterdam(new Date('2026-03-29T00:59:59Z')).toISO({ suppressMilliseconds: true })).toBe('2026-03-29T01:59:59+01:00');
    expect(inAmsterdam(new Date('2026-03-29T01:00:00Z')).toISO({ suppressMilliseconds: true })).toBe('2026-03-29T03:00:00+02:00');
  });

  it('reads a wall-clock time in the gap with the offset before it, and the first of an overlap (RFC 5545)', () => {
    const at = (hour: number, day: number, month: number) => amsterdamWallClock({ year: 2026, month, day, hour, minute: 30 }).toISOString();
    expect(at(2, 29, 3)).toBe('2026-03-29T01:30:00.000Z');
    expect(at(2, 25, 10)).toBe('2026-10-25T00:30:00.000Z');
    expect(at(12, 1, 7)).toBe('2026-07-01T10:30:00.000Z');
    expect(at(12, 1, 1)).toBe('2026-01-01T11:30:00.000Z');
  });
});

import { toAmsterdamIso } from '../shared/amsterdam-time';
import { MAX_OCCURRENCES, occurrences, RecurrenceError } from './occurrences';

describe('series occurrences', () => {
  it('keeps the Amsterdam wall-clock time across the switch to summer time', () => {
    // 2026-03-29 is the last Sunday of March: clocks go from +01:00 to +02:00.
    const starts = occurrences('FREQ=WEEKLY;COUNT=3', new Date('2026-03-17T19:30:00+01:00'));

    expect(starts.map(toAmsterdamIso)).toEqual([
      '2026-03-17T19:30:00+01:00',
      '2026-03-24T19:30:00+01:00',
      '2026-03-31T19:30:00+02:00',
    ]);
  });

  it('reads BYDAY and UNTIL', () => {
    const starts = occurrences(
      'FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261015T235959Z',
      new Date('2026-10-06T10:00:00+02:00'),
    );

    expect(starts.map(toAmsterdamIso)).toEqual([
      '2026-10-06T10:00:00+02:00',
      '2026-10-08T10:00:00+02:00',
      '2026-10-13T10:00:00+02:00',
      '2026-10-15T10:00:00+02:00',
    ]);
  });

  it('refuses an endless rule, an unreadable one and one that yields too many', () => {
    expect(() => occurrences('FREQ=WEEKLY', new Date())).toThrow(RecurrenceError);
    expect(() => occurrences('FREQ=WEEKLY', new Date())).toThrow('rrule needs COUNT or UNTIL');
    expect(() => occurrences('FREQ=DAILY;COUNT=1000', new Date())).toThrow(`more than ${MAX_OCCURRENCES}`);
    expect(() => occurrences('COUNT=3', new Date())).toThrow(RecurrenceError);
  });

  it('moves an occurrence in the spring gap on by an hour and takes the first of an autumn overlap (RFC 5545)', () => {
    const spring = occurrences('FREQ=DAILY;COUNT=2', new Date('2026-03-28T02:30:00+01:00'));
    const autumn = occurrences('FREQ=DAILY;COUNT=2', new Date('2026-10-24T02:30:00+02:00'));

    expect(spring.map(toAmsterdamIso)).toEqual(['2026-03-28T02:30:00+01:00', '2026-03-29T03:30:00+02:00']);
    expect(autumn.map(toAmsterdamIso)).toEqual(['2026-10-24T02:30:00+02:00', '2026-10-25T02:30:00+02:00']);
  });
});

import { escapeText, foldLine, formatUtc, serializeCalendar, type CalendarEvent } from './icalendar';

const event: CalendarEvent = {
  uid: '6f1c1f0e-5b7a-4a59-9d55-0d7d1c2b4e11@deelwijs.example',
  stamp: new Date('2026-01-05T08:00:00Z'),
  startsAt: new Date('2026-03-12T18:30:00Z'),
  endsAt: new Date('2026-03-12T20:30:00Z'),
  summary: 'Democratiespel; Zwolle, provinciehuis',
  description: 'Regel één\nRegel twee \\ slot',
  location: 'Provinciehuis, Luttenbergstraat 2, Zwolle',
  categories: ['democracy-game', '7.2.3'],
  cancelled: false,
};

/** Undoes the folding, as a client does, to read the logical lines. */
function unfold(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n');
}

describe('iCalendar writer (RFC 5545)', () => {
  it('writes times in UTC in the basic format', () => {
    expect(formatUtc(new Date('2026-03-12T19:30:00+01:00'))).toBe('20260312T183000Z');
  });

  it('escapes backslash, semicolon, comma and line breaks in text', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a multi-byte character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const part of physical) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      expect(part).not.toContain('\uFFFD');
    }
    expect(physical.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves a short line alone', () => {
    expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
  });

  it('writes a feed with CRLF line ends, the required properties and the status', () => {
    const text = serializeCalendar({
      productId: '-//Deelwijs//Activiteiten//NL',
      name: 'Deelwijs, activiteiten',
      events: [
        event,
        {
          ...event,
          uid: 'second@deelwijs.example',
          cancelled: true,
          description: undefined,
          location: undefined,
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text);
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Deelwijs//Activiteiten//NL',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Deelwijs\\, activiteiten',
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'UID:6f1c1f0e-5b7a-4a59-9d55-0d7d1c2b4e11@deelwijs.example',
        'DTSTAMP:20260105T080000Z',
        'DTSTART:20260312T183000Z',
        'DTEND:20260312T203000Z',
        'SUMMARY:Democratiespel\\; Zwolle\\, provinciehuis',
        'DESCRIPTION:Regel één\\nRegel twee \\\\ slot',
        'CATEGORIES:democracy-game,7.2.3',
        'STATUS:CONFIRMED',
        'STATUS:CANCELLED',
      ]),
    );
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });
});

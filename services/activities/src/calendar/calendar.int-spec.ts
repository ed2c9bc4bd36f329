import { InProcessActivities } from '../privacy/testing/in-process-service';

const DAY = 24 * 3600 * 1000;

describe('the public iCalendar feed (real PostgreSQL)', () => {
  let service: InProcessActivities;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    service = await InProcessActivities.start('calendar');
    const at = (days: number) => ({
      starts_at: new Date(Date.now() + days * DAY),
      ends_at: new Date(Date.now() + days * DAY + 7_200_000),
    });
    ids.zwolle = await service.createActivity({
      ...at(3),
      title_nl: 'Democratiespel; Zwolle, provinciehuis',
      municipality: 'Zwolle',
    });
    ids.deventer = await service.createActivity({ ...at(4), type: 'guest-lesson', municipality: 'Deventer' });
    ids.other = await service.createActivity({
      ...at(5),
      prestatie_code: '9.1.6',
      type: 'lecture',
      municipality: 'Zwolle',
    });
    ids.cancelled = await service.createActivity({
      ...at(6),
      status: 'cancelled',
      cancelled_at: new Date(),
      municipality: 'Zwolle',
    });
    ids.draft = await service.createActivity({
      ...at(7),
      status: 'draft',
      published_at: null,
      municipality: 'Zwolle',
    });
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  async function feed(query = '') {
    const response = await service.request('GET', `/v1/calendar.ics${query}`);
    return { response, lines: response.text.replace(/\r\n /g, '').split('\r\n') };
  }

  const uids = (lines: string[]) =>
    lines.filter((line) => line.startsWith('UID:')).map((line) => line.slice(4).split('@')[0]);

  it('is public, text/calendar, and lists published and cancelled activities but never drafts', async () => {
    const { response, lines } = await feed();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(uids(lines)).toEqual([ids.zwolle, ids.deventer, ids.other, ids.cancelled]);
    expect(lines).toContain('SUMMARY:Democratiespel\\; Zwolle\\, provinciehuis');
    const cancelled = lines.slice(lines.indexOf(`UID:${ids.cancelled}@deelwijs.test`));
    expect(cancelled.find((line) => line.startsWith('STATUS:'))).toBe('STATUS:CANCELLED');
    expect(
      lines
        .filter((line) => line.startsWith('DTSTART:'))
        .every((line) => /^DTSTART:[0-9]{8}T[0-9]{6}Z$/.test(line)),
    ).toBe(true);
  });

  it('filters by type, prestatie and municipality (case-insensitive)', async () => {
    expect(uids((await feed('?type=guest-lesson')).lines)).toEqual([ids.deventer]);
    expect(uids((await feed('?prestatie=9.1.6')).lines)).toEqual([ids.other]);
    expect(uids((await feed('?municipality=zwolle&prestatie=7.2.3')).lines)).toEqual([
      ids.zwolle,
      ids.cancelled,
    ]);
  });

  it('answers a bad filter with a problem naming the field', async () => {
    const { response } = await feed('?prestatie=zeven');
    expect(response.status).toBe(400);
    expect(response.json().invalidParams).toEqual([expect.objectContaining({ name: 'prestatie' })]);
  });
});

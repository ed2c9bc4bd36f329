import { InProcessActivities } from '../testing/in-process-activities';

const DAY = 24 * 3600 * 1000;

describe('the public iCalendar feed (real PostgreSQL)', () => {
  let service: InProcessActivities;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    service = await InProcessActivities.start('calendar');
    const at = (days: number) => ({
      startsAt: new Date(Date.now() + days * DAY).toISOString(),
      endsAt: new Date(Date.now() + days * DAY + 7_200_000).toISOString(),
    });
    const inZwolle = { venue: { name: 'Provinciehuis', municipality: 'Zwolle' } };
    const created = async (body: Record<string, unknown>) => (await service.createActivity(body)).id;
    ids.zwolle = await created({
      ...at(3),
      title: { nl: 'Democratiespel; Zwolle, provinciehuis' },
      ...inZwolle,
    });
    ids.deventer = await created({ ...at(4), type: 'guest-lesson', venue: { municipality: 'Deventer' } });
    ids.other = await created({ ...at(5), prestatieCode: '9.1.6', type: 'lecture', ...inZwolle });
    ids.cancelled = await created({ ...at(6), ...inZwolle });
    const cancelled = await service.request('POST', `/v1/activities/${ids.cancelled}/cancellation`, {
      roles: ['organiser'],
      body: {},
    });
    expect(cancelled.status).toBe(200);
    ids.draft = await created({ ...at(7), publish: false, ...inZwolle });
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  async function feed(query = '', path = '/v1/calendar') {
    const response = await service.request('GET', `${path}${query}`);
    return { response, lines: response.text.replace(/\r\n /g, '').split('\r\n') };
  }

  const uids = (lines: string[]) =>
    lines.filter((line) => line.startsWith('UID:')).map((line) => line.slice(4).split('@')[0]);

  it('answers the same feed at the address calendar apps subscribed to (/v1/calendar.ics, deprecated)', async () => {
    const current = await feed('?municipality=Zwolle');
    const subscribed = await feed('?municipality=Zwolle', '/v1/calendar.ics');
    expect(subscribed.response.status).toBe(200);
    expect(subscribed.response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(uids(subscribed.lines).sort()).toEqual(uids(current.lines).sort());
    expect(uids(current.lines).length).toBeGreaterThan(0);
  });

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

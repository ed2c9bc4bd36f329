import 'reflect-metadata';
import { InputPipe, InvalidInputException } from '@deelwijs/platform';
import { CreateSeriesDto } from './series.dto';

const series = (changes: Record<string, unknown>) => ({
  type: 'guest-lesson',
  title: { nl: 'Gastles' },
  prestatieCode: '7.2.3',
  rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
  firstStartsAt: '2026-09-01T19:30:00+02:00',
  durationMinutes: 90,
  ...changes,
});

async function refused(body: unknown): Promise<string[]> {
  const error = await new InputPipe()
    .transform(body, { type: 'body', metatype: CreateSeriesDto, data: undefined })
    .then(() => undefined, (caught: unknown) => caught);
  return error instanceof InvalidInputException ? [...new Set(error.invalidParams.map((param) => param.name))] : [];
}

describe('a series as it comes in', () => {
  it('takes a well-formed series', async () => {
    expect(await refused(series({}))).toEqual([]);
  });

  it('refuses an RRULE with trailing junk, which the rrule library would skip unseen', async () => {
    for (const rrule of ['FREQ=WEEKLY;COUNT=3 junk', 'FREQ=WEEKLY;COUNT=3;<script>', 'FREQ=WEEKLY;COUNT=3\nEXDATE:1']) {
      expect(await refused(series({ rrule }))).toEqual(['rrule']);
    }
  });

  it('refuses a series without a title or with title []', async () => {
    expect(await refused(series({ title: undefined }))).toEqual(['title']);
    expect(await refused(series({ title: [] }))).toEqual(['title']);
  });

  it('refuses a first start in the spring gap, and one whose offset is not Amsterdam’s', async () => {
    expect(await refused(series({ firstStartsAt: '2026-03-29T02:30:00+01:00' }))).toEqual(['firstStartsAt']);
    expect(await refused(series({ firstStartsAt: '2026-09-01T19:30:00+01:00' }))).toEqual(['firstStartsAt']);
    expect(await refused(series({ firstStartsAt: '2026-09-01T19:30:00' }))).toEqual(['firstStartsAt']);
  });
});

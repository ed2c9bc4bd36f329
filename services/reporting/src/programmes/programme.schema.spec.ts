import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InvalidInputException } from '@deelwijs/platform';
import { readProgramme, writeProgramme } from './programme-format';
import { seedProgrammeFile } from './seed-programme';

const seed = readFileSync(seedProgrammeFile(), 'utf8');

function problems(body: unknown, format: 'json' | 'yaml' = 'json') {
  try {
    readProgramme(body, format);
  } catch (error) {
    if (error instanceof InvalidInputException) {
      return error.invalidParams;
    }
    throw error;
  }
  return [];
}

describe('programme definitions', () => {
  it('the seed programme holds 7.2.3 and 9.1.6 with the targets of the budget pages', () => {
    const programme = readProgramme(seed, 'yaml');
    const prestatie = programme.prestaties.find((found) => found.code === '7.2.3')!;

    expect(programme.prestaties.map((found) => found.code)).toEqual(['7.2.3', '9.1.6']);
    expect(prestatie.budget).toEqual({ amountCents: 310_000_00, reserve: 'Kwaliteit van Overijssel' });
    expect(prestatie.indicators.map((indicator) => [indicator.key, indicator.target.kind, indicator.target.value])).toEqual([
      ['democracy-games', 'at-most', 50],
      ['games-other-locations', 'at-most', 30],
      ['guest-lessons', 'at-most', 40],
      ['youth-council-advices', 'at-least', 2],
      ['costs', 'at-most', 310_000_00],
    ]);
    expect(prestatie.actions).toHaveLength(6);
    expect(prestatie.basicInformation).toMatchObject({ decisionReference: 'PS/2016/344', portfolioHolder: 'Ank Bijleveld - Schouten.' });
  });

  it('exports to YAML and JSON and imports back to the same definition', () => {
    const programme = readProgramme(seed, 'yaml');

    expect(readProgramme(writeProgramme(programme, 'yaml'), 'yaml')).toEqual(programme);
    expect(readProgramme(writeProgramme(programme, 'json'), 'json')).toEqual(programme);
  });

  it('names each offending field by its path', () => {
    const document = parse(seed);
    document.prestaties[0].indicators[0].target = { kind: 'between', value: 10 };
    document.prestaties[0].indicators[1].measure = 'advices-issued';
    document.prestaties[1].code = '7.2.3';
    document.prestaties[0].indicators[2].filter.actionNumber = 9;
    document.period.end = '2025-12-31';

    expect(problems(document).map((problem) => problem.name).sort()).toEqual(
      [
        'period.end',
        'prestaties.0.indicators.0.target.max',
        'prestaties.0.indicators.1.filter.activityTypes',
        'prestaties.0.indicators.1.filter.locationCategories',
        'prestaties.0.indicators.1.filter.actionNumber',
        'prestaties.0.indicators.2.filter.actionNumber',
        'prestaties.1.code',
      ].sort(),
    );
  });

  it('refuses unknown fields and unknown target kinds', () => {
    const document = parse(seed);
    document.prestaties[0].budgett = 1;
    document.prestaties[0].indicators[0].target.kind = 'roughly';

    expect(problems(document).map((problem) => problem.name).sort()).toEqual(['prestaties.0.budgett', 'prestaties.0.indicators.0.target.kind']);
  });

  it('is the default programme of 2026, with two interim reports during the year', () => {
    const programme = readProgramme(seed, 'yaml');

    expect(programme.isDefaultForPeriod).toBe(true);
    expect(programme.reportingCalendar.map((entry) => [entry.key, entry.standPer])).toEqual([
      ['voorjaarsnota', '2026-04-30'],
      ['najaarsrapportage', '2026-09-30'],
    ]);
  });

  it('reads amounts in cents; the deprecated amountEur is converted once and never written back', () => {
    const document = parse(seed);
    document.prestaties[0].budget = { amountEur: 310_000.5, reserve: 'Kwaliteit van Overijssel' };
    const programme = readProgramme(document, 'json');

    expect(programme.prestaties[0].budget).toEqual({ amountCents: 310_000_50, reserve: 'Kwaliteit van Overijssel' });
    expect(writeProgramme(programme, 'yaml')).not.toContain('amountEur');
  });

  it('refuses amounts that are not whole cents, a budget given twice, and actions budgeted beyond the prestatie', () => {
    const document = parse(seed);
    document.prestaties[0].budget = { amountCents: 100_00, amountEur: 100 };
    document.prestaties[0].indicators[4].target.value = 310_000.5;
    document.prestaties[0].actions[0].budgetCents = 12.5;

    expect(problems(document).map((problem) => problem.name).sort()).toEqual(
      ['prestaties.0.actions.0.budgetCents', 'prestaties.0.budget.amountCents', 'prestaties.0.indicators.4.target.value'].sort(),
    );

    const over = parse(seed);
    over.prestaties[0].actions[0].budgetCents = 200_000_00;
    over.prestaties[0].actions[1].budgetCents = 110_000_01;
    expect(problems(over)).toEqual([{ name: 'prestaties.0.actions', reason: expect.stringContaining('add up to more than') }]);
  });

  it('checks the reporting calendar: unique keys, dates inside the programme', () => {
    const document = parse(seed);
    document.reportingCalendar[1].key = 'voorjaarsnota';
    document.reportingCalendar[0].standPer = '2027-01-15';

    expect(problems(document).map((problem) => problem.name).sort()).toEqual(['reportingCalendar.0.standPer', 'reportingCalendar.1.key']);
  });

  it('reports a YAML syntax error on the body', () => {
    expect(problems('code: [unclosed', 'yaml')).toEqual([{ name: 'body', reason: expect.stringMatching(/^not valid YAML/) }]);
  });

  it('names the field itself: a value out of range, not the max it is compared with; megabyte texts and huge numbers refused', () => {
    const document = parse(seed);
    const target = document.prestaties[0].indicators[0].target;
    Object.assign(target, { kind: 'between', value: 1e308, max: 5 });
    document.prestaties[0].aim = 'x'.repeat(1_000_000);
    document.prestaties[0].budget.amountCents = Number('9007199254740993');

    expect(problems(document).map((problem) => problem.name).sort()).toEqual([
      'prestaties.0.aim',
      'prestaties.0.budget.amountCents',
      'prestaties.0.indicators.0.target.value',
    ]);
  });

  it('refuses NUL in a YAML text as in JSON, naming the field', () => {
    const document = parse(seed);
    document.title = 'Kennis\u0000deling';

    expect(problems(JSON.stringify(document)).map((problem) => problem.name)).toEqual(['title']);
  });

  it('refuses an impossible period date', () => {
    const document = parse(seed);
    document.period.end = '2026-02-30';

    // The reporting calendar's dates then fall outside the period too; the date itself is named for what it is.
    expect(problems(document).find((problem) => problem.name === 'period.end')?.reason).toMatch(/real calendar date/);
  });
});

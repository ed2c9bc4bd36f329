import { ActivityClosedV1 } from '../activities/activity-closed.v1';
import { ActivityHeldV1 } from '../activities/activity-held.v1';
import { ActivityScheduledV1 } from '../activities/activity-scheduled.v1';
import { AdviceIssuedV1 } from '../knowledge/advice-events.v1';
import { KnowledgeItemPublishedV1 } from '../knowledge/knowledge-item-events.v1';
import { ProgressReportApprovedV1 } from './progress-report-approved.v1';
import { ProgrammePublishedV1, ProgrammeWithdrawnV1 } from './programme-events.v1';

const ID = '0b5a3c2e-6f7d-4e8a-9b1c-2d3e4f5a6b7c';
const AT = '2026-05-01T10:00:00+02:00';

const programme = {
  programmeCode: 'overijssel-2026',
  version: 3,
  period: { start: '2026-01-01', end: '2026-12-31' },
  isDefaultForPeriod: true,
  prestaties: [
    {
      code: '7.2.3',
      title: { nl: 'Kennisontwikkeling en -deling', en: 'Knowledge development and sharing' },
      actions: [
        { number: 1, text: { nl: 'Overijssel doet mee!' } },
        { number: 4, text: { nl: 'De Jongerenraad geeft minstens twee adviezen' } },
      ],
    },
  ],
};

describe('reporting.programme.published.v1', () => {
  it('accepts a programme with its prestaties and numbered actions', () => {
    const parsed = ProgrammePublishedV1.schema.parse(programme);

    expect(parsed.prestaties[0].actions.map((action) => action.number)).toEqual([1, 4]);
  });

  it('gives a prestatie without actions an empty list', () => {
    const parsed = ProgrammePublishedV1.schema.parse({
      ...programme,
      prestaties: [{ code: '9.1.6', title: { nl: 'Delen en leren' } }],
    });

    expect(parsed.prestaties[0].actions).toEqual([]);
  });

  it.each([
    ['programmeCode', { programmeCode: 'Overijssel 2026' }],
    ['version', { version: 0 }],
    ['version', { version: 1.5 }],
    ['period.end', { period: { start: '2026-12-31', end: '2026-01-01' } }],
    ['period.start', { period: { start: '2026-13-01', end: '2026-12-31' } }],
    ['isDefaultForPeriod', { isDefaultForPeriod: 'yes' }],
    ['prestaties.0.code', { prestaties: [{ code: 'seven', title: { nl: 'x' } }] }],
    ['prestaties.0.title.nl', { prestaties: [{ code: '7.2.3', title: { en: 'only English' } }] }],
    [
      'prestaties.0.actions.0.number',
      { prestaties: [{ code: '7.2.3', title: { nl: 'x' }, actions: [{ number: 0, text: { nl: 'x' } }] }] },
    ],
  ])('refuses a bad %s', (path, change) => {
    const result = ProgrammePublishedV1.schema.safeParse({ ...programme, ...change });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('reporting.programme.withdrawn.v1', () => {
  it('carries the code and the version of the withdrawal', () => {
    expect(ProgrammeWithdrawnV1.schema.parse({ programmeCode: 'overijssel-2026', version: 4 })).toEqual({
      programmeCode: 'overijssel-2026',
      version: 4,
    });
    expect(ProgrammeWithdrawnV1.schema.safeParse({ programmeCode: 'overijssel-2026' }).success).toBe(false);
  });
});

describe('programmeCode on work (additive in v1)', () => {
  const facts = {
    activityId: ID,
    type: 'guest-lesson',
    title: 'Gastles',
    prestatieCode: '7.2.3',
    startsAt: AT,
    endsAt: AT,
  };
  const advice = { adviceId: ID, title: 'Advies OV', adviser: 'jongerenraad', solicited: true, issuedAt: AT };
  const item = {
    itemId: ID,
    version: 1,
    kind: 'report',
    title: 'Monitor',
    language: 'nl',
    visibility: 'public',
    publishedAt: AT,
  };

  it('still accepts the events written before programmes existed, without a programmeCode', () => {
    expect(ActivityScheduledV1.schema.parse(facts).programmeCode).toBeUndefined();
    expect(
      ActivityHeldV1.schema.parse({ ...facts, participants: 25, heldAt: AT }).programmeCode,
    ).toBeUndefined();
    expect(
      ActivityClosedV1.schema.parse({
        activityId: ID,
        prestatieCode: '7.2.3',
        participants: 25,
        actualCostCents: 0,
        closedAt: AT,
      }).programmeCode,
    ).toBeUndefined();
    expect(AdviceIssuedV1.schema.parse(advice)).toMatchObject({ actions: [] });
    expect(KnowledgeItemPublishedV1.schema.parse(item)).toMatchObject({ actions: [] });
  });

  it('carries the programme and the action of the work when given', () => {
    expect(
      ActivityHeldV1.schema.parse({
        ...facts,
        programmeCode: 'overijssel-2027',
        actionNumber: 1,
        participants: 25,
        heldAt: AT,
      }),
    ).toMatchObject({ programmeCode: 'overijssel-2027', actionNumber: 1 });
    expect(
      AdviceIssuedV1.schema.parse({
        ...advice,
        programmeCode: 'overijssel-2027',
        prestatieCodes: ['7.2.3'],
        actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }],
      }),
    ).toMatchObject({
      programmeCode: 'overijssel-2027',
      actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }],
    });
    expect(
      KnowledgeItemPublishedV1.schema.parse({ ...item, programmeCode: 'overijssel-2027' }).programmeCode,
    ).toBe('overijssel-2027');
  });

  it.each([
    [
      ActivityScheduledV1.subject,
      () => ActivityScheduledV1.schema.safeParse({ ...facts, programmeCode: 'Not A Slug' }),
    ],
    [AdviceIssuedV1.subject, () => AdviceIssuedV1.schema.safeParse({ ...advice, programmeCode: '' })],
    [
      KnowledgeItemPublishedV1.subject,
      () => KnowledgeItemPublishedV1.schema.safeParse({ ...item, programmeCode: 7 }),
    ],
  ])('%s refuses a programmeCode that is not a slug', (_subject, parse) => {
    const result = parse();

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['programmeCode']);
  });

  it('refuses an action reference without a positive action number', () => {
    const result = AdviceIssuedV1.schema.safeParse({
      ...advice,
      actions: [{ prestatieCode: '7.2.3', actionNumber: 0 }],
    });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['actions.0.actionNumber']);
  });
});

describe('reporting.progress-report.approved.v1 of an interim report', () => {
  const approved = {
    programmeCode: 'overijssel-2026',
    approvedAt: AT,
    prestaties: [{ code: '7.2.3', status: 'on-track' }],
  };

  it('names a period, or a calendar entry with its stand-per date', () => {
    expect(ProgressReportApprovedV1.schema.safeParse({ ...approved, period: '2026-Q3' }).success).toBe(true);
    expect(
      ProgressReportApprovedV1.schema.parse({
        ...approved,
        period: 'najaarsrapportage',
        standPer: '2026-09-30',
      }),
    ).toMatchObject({
      period: 'najaarsrapportage',
      standPer: '2026-09-30',
    });
  });

  it('refuses what is neither', () => {
    for (const period of ['2026-Q5', 'Najaarsrapportage', '', '2026 Q3']) {
      expect(ProgressReportApprovedV1.schema.safeParse({ ...approved, period }).success).toBe(false);
    }
  });
});

describe('reporting.progress-report.approved.v1 and a prestatie not judged', () => {
  const approved = {
    programmeCode: 'overijssel-2026',
    period: '2026',
    approvedAt: AT,
    prestaties: [{ code: '7.2.3', status: 'deviation' }],
  };
  /** A v1 reader written before notJudged existed: the schema as it was. */
  const readerBefore = ProgressReportApprovedV1.schema.omit({ notJudged: true });

  it('keeps its three statuses: not-judged is no status of v1', () => {
    const result = ProgressReportApprovedV1.schema.safeParse({
      ...approved,
      prestaties: [...approved.prestaties, { code: '9.1.6', status: 'not-judged' }],
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['prestaties.1.status']);
  });

  it('names the prestaties not judged in the additive notJudged, which a reader before it ignores', () => {
    const event = { ...approved, notJudged: ['9.1.6'] };

    expect(ProgressReportApprovedV1.schema.parse(event)).toEqual(event);
    expect(readerBefore.parse(event)).toEqual(approved);
  });

  it('still reads the events written before notJudged existed', () => {
    expect(ProgressReportApprovedV1.schema.parse(approved).notJudged).toBeUndefined();
  });

  it('refuses a notJudged that is not a list of prestatie codes', () => {
    const result = ProgressReportApprovedV1.schema.safeParse({ ...approved, notJudged: ['nine'] });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['notJudged.0']);
  });
});

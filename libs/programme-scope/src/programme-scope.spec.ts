import { amsterdamDate, decideScope, defaultProgramme, recordOfPublished, type ProgrammeRecord } from './programme-scope';

const programme = (overrides: Partial<ProgrammeRecord>): ProgrammeRecord => ({
  programmeCode: 'overijssel-2026',
  version: 1,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  isDefaultForPeriod: true,
  withdrawn: false,
  prestaties: [
    { code: '7.2.3', actions: [1, 2, 3, 4, 5, 6] },
    { code: '9.1.6', actions: [] },
  ],
  ...overrides,
});

const KNOWN = [
  programme({}),
  // A second programme holding 7.2.3 in the same year, not the default: it must be named.
  programme({ programmeCode: 'overijssel-2026-herzien', isDefaultForPeriod: false, prestaties: [{ code: '7.2.3', actions: [1] }] }),
  programme({ programmeCode: 'overijssel-2027', periodStart: '2027-01-01', periodEnd: '2027-12-31' }),
  programme({ programmeCode: 'oud', withdrawn: true, periodStart: null, periodEnd: null, prestaties: [] }),
];

const claim = (overrides: Partial<Parameters<typeof decideScope>[1]> = {}) => ({
  date: new Date('2026-03-12T18:30:00Z'),
  prestaties: [{ code: '7.2.3', field: 'prestatieCode' }],
  actions: [{ prestatieCode: '7.2.3', number: 1, field: 'actionNumber' }],
  ...overrides,
});

describe('the programme of a piece of work', () => {
  it('is the default programme of its day when none is named, also at the year boundary in Amsterdam', () => {
    expect(decideScope(KNOWN, claim())).toEqual({ programmeCode: 'overijssel-2026' });
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(defaultProgramme(KNOWN, new Date('2026-12-31T23:30:00Z'))?.programmeCode).toBe('overijssel-2027');
    expect(amsterdamDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('is the named one when it holds the prestatie and action', () => {
    expect(decideScope(KNOWN, claim({ programmeCode: 'overijssel-2026-herzien' }))).toEqual({
      programmeCode: 'overijssel-2026-herzien',
    });
  });

  it('refuses an unknown or withdrawn programme, naming programmeCode', () => {
    expect(decideScope(KNOWN, claim({ programmeCode: 'overijssel-2031' }))).toEqual({
      refusals: [{ name: 'programmeCode', reason: 'programme overijssel-2031 is not known' }],
    });
    expect(decideScope(KNOWN, claim({ programmeCode: 'oud' })).refusals?.[0]).toMatchObject({
      name: 'programmeCode',
      reason: expect.stringContaining('withdrawn'),
    });
  });

  it('leaves the programme null on a day no default programme covers (nothing to check against)', () => {
    expect(decideScope(KNOWN, claim({ date: new Date('2030-06-01T10:00:00Z') }))).toEqual({ programmeCode: null });
    // Named, it is checked as always.
    expect(decideScope(KNOWN, claim({ date: new Date('2030-06-01T10:00:00Z'), programmeCode: 'x' })).refusals).toEqual([
      { name: 'programmeCode', reason: 'programme x is not known' },
    ]);
  });

  it('refuses a prestatie outside the programme and an action outside the prestatie, naming each field', () => {
    expect(
      decideScope(
        KNOWN,
        claim({
          programmeCode: 'overijssel-2026-herzien',
          prestaties: [
            { code: '7.2.3', field: 'prestatieCodes[0]' },
            { code: '9.1.6', field: 'prestatieCodes[1]' },
          ],
          actions: [
            { prestatieCode: '7.2.3', number: 4, field: 'actions[0].actionNumber' },
            { prestatieCode: '9.1.6', number: 1, field: 'actions[1].actionNumber' },
          ],
        }),
      ),
    ).toEqual({
      refusals: [
        { name: 'prestatieCodes[1]', reason: 'prestatie 9.1.6 is not part of programme overijssel-2026-herzien' },
        {
          name: 'actions[0].actionNumber',
          reason: 'prestatie 7.2.3 of programme overijssel-2026-herzien has no action 4 (its actions: 1)',
        },
      ],
    });
  });

  it('accepts anything while no programme is known at all, the programme left as given', () => {
    expect(decideScope([], claim())).toEqual({ programmeCode: null });
    expect(decideScope([], claim({ programmeCode: 'overijssel-2026' }))).toEqual({ programmeCode: 'overijssel-2026' });
  });

  it('keeps of a published programme only what placing work needs', () => {
    expect(
      recordOfPublished({
        programmeCode: 'overijssel-2026',
        version: 3,
        period: { start: '2026-01-01', end: '2026-12-31' },
        isDefaultForPeriod: true,
        prestaties: [
          { code: '7.2.3', title: { nl: 'Kennisontwikkeling en -deling' }, actions: [{ number: 1, text: { nl: 'ProDemos' } }] },
        ],
      }),
    ).toEqual(
      programme({ version: 3, prestaties: [{ code: '7.2.3', actions: [1] }] }),
    );
  });
});

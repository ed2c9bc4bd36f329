import { ActivityModel } from './model';
import { planYear, type ActivityPlan, type RegistrationPlan } from './plan';
import { compare, expectedFigures, reportFigures, type ProgrammeDefinition } from './truth';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('year plan', () => {
  it('is the same for the same seed, scale and day, and differs for another seed', () => {
    const strip = (plan: ReturnType<typeof planYear>) => JSON.stringify(plan);
    expect(strip(planYear({ seed: 3, scale: 0.2, now: NOW }))).toBe(
      strip(planYear({ seed: 3, scale: 0.2, now: NOW })),
    );
    expect(strip(planYear({ seed: 4, scale: 0.2, now: NOW }))).not.toBe(
      strip(planYear({ seed: 3, scale: 0.2, now: NOW })),
    );
  });

  it('keeps every activity away from today, so past ones can be held and future ones take registrations', () => {
    const plan = planYear({ seed: 1, scale: 1, now: NOW });
    for (const activity of plan.activities) {
      const distance = Math.abs(activity.finalStart.getTime() - NOW.getTime());
      expect(distance).toBeGreaterThan(86_400_000);
      expect(activity.fate === 'planned' || activity.fate === 'cancelled' || activity.finalStart < NOW).toBe(
        true,
      );
    }
  });
});

function activity(overrides: Partial<ActivityPlan>): ActivityPlan {
  return {
    key: 0,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    type: 'democracy-game',
    locationCategory: 'regular',
    title: 'Democratiespel',
    municipality: 'Zwolle',
    venue: 'Provinciehuis',
    capacityUnit: 'groups',
    capacity: 2,
    plannedCostCents: 100_00,
    plannedStart: new Date('2026-03-01T09:00:00Z'),
    finalStart: new Date('2026-03-01T09:00:00Z'),
    durationMinutes: 90,
    fate: 'closed',
    draftFirst: false,
    prodemos: true,
    participantsFromCheckIns: false,
    lessons: false,
    ...overrides,
  };
}

const registration = (key: number, headcount = 25): RegistrationPlan => ({
  key,
  activityKey: 0,
  registrant: { kind: 'prodemos' },
  channel: 'bulk',
  kind: 'group',
  headcount,
  contactName: 'J. de Vries',
  contactEmail: 'j@school.example',
  retried: false,
  cancelLater: false,
  checkIn: false,
});

describe('activity model', () => {
  it('waitlists past the capacity and promotes in order when a place comes free', () => {
    const model = new ActivityModel(activity({}));
    model.status = 'published';
    model.startsAt = new Date(NOW.getTime() + 86_400_000);
    expect([1, 2, 3, 4].map((key) => model.place(registration(key), NOW))).toEqual([
      'accepted',
      'accepted',
      'waitlisted',
      'waitlisted',
    ]);
    model.cancelRegistration(1);
    expect(model.accepted.map((held) => held.key)).toEqual([2, 3]);
    expect(model.waitlisted).toBe(1);
    expect(model.placesTaken).toBe(2);
  });

  it('refuses registrations once the activity has started', () => {
    const model = new ActivityModel(activity({}));
    model.status = 'published';
    model.startsAt = new Date(NOW.getTime() - 1);
    expect(model.place(registration(1), NOW)).toBe('rejected');
  });
});

describe('ground truth', () => {
  const programme: ProgrammeDefinition = {
    code: 'p',
    period: { start: '2026-01-01', end: '2026-12-31' },
    prestaties: [
      {
        code: '7.2.3',
        budget: { amountCents: 310_000_00 },
        indicators: [
          {
            key: 'games',
            label: { nl: 'democratiespelen' },
            measure: 'activities-held',
            filter: {
              activityTypes: ['democracy-game'],
              locationCategories: ['regular', 'school'],
              actionNumber: 1,
            },
          },
          { key: 'costs', label: { nl: 'lasten' }, measure: 'cost' },
        ],
      },
    ],
  };
  const model = (overrides: Partial<ActivityPlan>, status: ActivityModel['status']) => {
    const built = new ActivityModel(activity({ actualCostCents: 120_00, ...overrides }));
    built.status = status;
    return built;
  };

  it('applies each indicator filter to what the simulation did, and a wrong report figure is a mismatch', () => {
    const models = [
      model({}, 'closed'),
      model({ locationCategory: 'other-location' }, 'closed'),
      model({ actionNumber: 3 }, 'closed'),
      model({}, 'cancelled'),
      model({ finalStart: new Date('2025-12-31T09:00:00Z') }, 'closed'),
      model({ finalStart: new Date('2026-12-10T09:00:00Z') }, 'published'),
    ];
    const figures = expectedFigures(programme, models, [], [], NOW);
    const byName = Object.fromEntries(figures.map((figure) => [figure.name, figure.expected]));
    expect(byName).toEqual({
      '7.2.3 games': 1,
      '7.2.3 games planned': 1,
      '7.2.3 costs': 360_00,
      '7.2.3 budget spent': 360_00,
      '7.2.3 budget committed': 100_00,
    });
    const report = {
      prestaties: [
        {
          code: '7.2.3',
          indicators: [
            { key: 'games', measure: 'activities-held', actual: 1, pipeline: 1 },
            { key: 'costs', measure: 'cost', actual: 360_00 },
          ],
          budget: { spentCents: 360_00, committedCents: 100_00 },
        },
      ],
    };
    expect(compare(figures, reportFigures(report)).mismatches).toEqual([]);
    report.prestaties[0].indicators[0].actual = 2;
    expect(compare(figures, reportFigures(report)).mismatches.map((figure) => figure.name)).toEqual([
      '7.2.3 games',
    ]);
  });

  it('adds the figures a system already had before the run', () => {
    const figures = expectedFigures(
      programme,
      [model({}, 'closed')],
      [],
      [],
      NOW,
      new Map([['7.2.3 games', 40]]),
    );
    expect(figures.find((figure) => figure.name === '7.2.3 games')?.expected).toBe(41);
  });
});

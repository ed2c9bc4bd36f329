import { z } from 'zod';
import { PrestatieCodeSchema, SlugSchema } from '@deelwijs/contracts';
import { MAX_CENTS, zodInput } from '@deelwijs/platform';

/**
 * A programme definition as it is imported and exported (YAML or JSON). Texts people read are
 * Dutch, with an optional English version: `title: Kennisdeling` is short for `title: { nl: Kennisdeling }`.
 */
function localText(max = 20_000) {
  const line = zodInput.freeText(max, 1);
  return z
    .union([line, z.object({ nl: line, en: line.optional() }).strict()])
    .transform((value) => (typeof value === 'string' ? { nl: value } : value));
}
const Text = localText();
/** Titles, labels and action texts also travel in the programme events, which take 2,000 characters. */
const ShortText = localText(2_000);
export type LocalText = z.output<typeof Text>;

const IsoDate = zodInput.calendarDate();

/** Targets count activities, people or euro cents: MAX_CENTS (EUR 10 billion) is far beyond any of them. */
const TARGET_MAX = MAX_CENTS;
/** Action numbers, as the activities take them (1 to 99). */
const ActionNumber = zodInput.safeInt(1, 99);
const inRange = (value: number | undefined) => value !== undefined && value >= 0 && value <= TARGET_MAX;

const Period = z
  .object({ start: IsoDate, end: IsoDate })
  .strict()
  .refine((period) => period.start <= period.end, { message: 'end must not be before start', path: ['end'] });

export const MEASURES = [
  'activities-held',
  'participants',
  'registrations',
  'advices-issued',
  'knowledge-items-published',
  'cost',
] as const;
export type Measure = (typeof MEASURES)[number];
const ACTIVITY_MEASURES: Measure[] = ['activities-held', 'participants', 'registrations', 'cost'];
export const isActivityMeasure = (measure: Measure) => ACTIVITY_MEASURES.includes(measure);

export const TARGET_KINDS = ['at-most', 'at-least', 'exactly', 'between'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const Target = z
  .object({
    kind: z.enum(TARGET_KINDS),
    /** The target; for "between" the lower bound. Cost targets are in euro cents, like every amount. */
    value: zodInput.boundedNumber(0, TARGET_MAX),
    /** The upper bound of "between". */
    max: zodInput.boundedNumber(0, TARGET_MAX).optional(),
  })
  .strict()
  .superRefine((target, ctx) => {
    // A value or max out of range is already named as itself; comparing them would blame the other.
    if (!inRange(target.value) || (target.max !== undefined && !inRange(target.max))) {
      return;
    }
    if (target.kind === 'between' && (target.max === undefined || target.max < target.value)) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'between needs max, not below value' });
    }
    if (target.kind !== 'between' && target.max !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'only a between target has max' });
    }
  });

const Filter = z
  .object({
    activityTypes: z.array(SlugSchema).max(50).optional(),
    locationCategories: z.array(SlugSchema).max(50).optional(),
    actionNumber: ActionNumber.optional(),
    /** Advices: the advisory body, such as "jongerenraad". */
    adviser: zodInput.freeText(100, 1).optional(),
    /** Knowledge items: their kinds. */
    knowledgeKinds: z.array(SlugSchema).max(50).optional(),
  })
  .strict();

const Indicator = z
  .object({
    key: SlugSchema,
    /** What is counted, as a plural noun: "democratiespelen". */
    label: Text,
    measure: z.enum(MEASURES),
    filter: Filter.default({}),
    target: Target,
    /** Defaults to the programme's period. */
    period: Period.optional(),
  })
  .strict()
  .superRefine((indicator, ctx) => {
    if (indicator.measure === 'cost') {
      for (const field of ['value', 'max'] as const) {
        const amount = indicator.target[field];
        if (amount !== undefined && !Number.isInteger(amount)) {
          ctx.addIssue({ code: 'custom', path: ['target', field], message: 'a cost target is a whole number of euro cents' });
        }
      }
    }
    const activity = isActivityMeasure(indicator.measure);
    const misplaced: [keyof z.infer<typeof Filter>, boolean][] = [
      ['activityTypes', !activity],
      ['locationCategories', !activity],
      ['actionNumber', !activity],
      ['adviser', indicator.measure !== 'advices-issued'],
      ['knowledgeKinds', indicator.measure !== 'knowledge-items-published'],
    ];
    for (const [field, wrong] of misplaced) {
      if (wrong && indicator.filter[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['filter', field], message: `does not apply to measure ${indicator.measure}` });
      }
    }
  });
export type IndicatorDefinition = z.output<typeof Indicator>;

const Cents = z.number().int('must be a whole number of euro cents').nonnegative().max(MAX_CENTS);

/**
 * "Prestatie lasten": the budget in euro cents and the reserve it is paid from. `amountEur` is
 * the deprecated form of definitions written before amounts were in cents: it is read once,
 * converted to cents, and never written back.
 */
const Budget = z
  .object({
    amountCents: Cents.optional(),
    amountEur: zodInput.boundedNumber(0, MAX_CENTS / 100).optional(),
    reserve: zodInput.freeText(300, 1).optional(),
  })
  .strict()
  .superRefine((budget, ctx) => {
    if ((budget.amountCents === undefined) === (budget.amountEur === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['amountCents'], message: 'give the budget as amountCents (amountEur is deprecated), once' });
    }
  })
  .transform(({ amountCents, amountEur, reserve }) => ({
    amountCents: amountCents ?? Math.round((amountEur ?? 0) * 100),
    ...(reserve === undefined ? {} : { reserve }),
  }));

/** A numbered action of the prestatie; its own share of the budget is optional. */
const Action = z.object({ number: ActionNumber, text: ShortText, budgetCents: Cents.optional() }).strict();

/** An entry of the reporting calendar: a report "stand per" a date during (or at the end of) the programme. */
const CalendarEntry = z
  .object({
    /** The report's name in URLs, in place of a period: "najaarsrapportage". */
    key: SlugSchema,
    label: Text,
    /** The figures are as of the end of this day; the report can be submitted once it has passed. */
    standPer: IsoDate,
  })
  .strict();

const Prestatie = z
  .object({
    code: PrestatieCodeSchema,
    title: ShortText,
    budget: Budget.optional(),
    aim: Text,
    context: Text.optional(),
    actions: z.array(Action).max(50).default([]),
    basicInformation: z
      .object({
        portfolioHolder: zodInput.freeText(200, 1).optional(),
        // The words before the portfolio holder, where the page has its own ("Verantwoordelijk portefeuillehouder").
        portfolioHolderLabel: Text.optional(),
        role: Text.optional(),
        duration: Text.optional(),
        // `label`: the words the page prints before "Ja."/"Nee." (the pages differ: "Relatie met
        // reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel", "Relatie met
        // uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?"); a generic label without.
        reserveRelation: z.object({ related: z.boolean(), label: Text.optional(), note: Text.optional() }).strict().optional(),
        decisionReference: zodInput.freeText(100, 1).optional(),
        relatedPrestaties: z.array(PrestatieCodeSchema).max(100).default([]),
        projectWebsite: zodInput.identifier(500).optional(),
      })
      .strict()
      .default({ relatedPrestaties: [] }),
    indicators: z.array(Indicator).max(50).default([]),
    /** The report shows the policy monitor's network figures and evaluation aggregates (9.1.6). */
    policyMonitor: z.boolean().optional(),
  })
  .strict()
  .superRefine((prestatie, ctx) => {
    duplicates(prestatie.actions.map((action) => action.number)).forEach((index) =>
      ctx.addIssue({ code: 'custom', path: ['actions', index, 'number'], message: 'action numbers must be unique' }),
    );
    duplicates(prestatie.indicators.map((indicator) => indicator.key)).forEach((index) =>
      ctx.addIssue({ code: 'custom', path: ['indicators', index, 'key'], message: 'indicator keys must be unique within a prestatie' }),
    );
    const numbers = new Set(prestatie.actions.map((action) => action.number));
    const perAction = prestatie.actions.reduce((sum, action) => sum + (action.budgetCents ?? 0), 0);
    if (prestatie.budget && perAction > prestatie.budget.amountCents) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'the budgets of the actions add up to more than the prestatie budget' });
    }
    prestatie.indicators.forEach((indicator, index) => {
      const action = indicator.filter.actionNumber;
      if (action !== undefined && !numbers.has(action)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', index, 'filter', 'actionNumber'], message: `prestatie has no action ${action}` });
      }
    });
  });
export type PrestatieDefinition = z.output<typeof Prestatie>;

const Thresholds = z
  .object({
    paceTolerance: z.number().min(0).max(1).optional(),
    minElapsed: z.number().min(0).max(1).optional(),
    budgetTolerance: z.number().min(0).max(5).optional(),
    budgetWarningRatio: z.number().min(0).max(1).optional(),
  })
  .strict();

export const ProgrammeSchema = z
  .object({
    /** The programme's identifier in URLs: "overijssel-2026". */
    code: SlugSchema,
    title: ShortText,
    period: Period,
    /**
     * Work that names no programme (events from before programmes were named, or written while
     * no programme was known) counts in the default programme of the period its date falls in.
     * At most one programme is the default for any day.
     */
    isDefaultForPeriod: z.boolean().default(false),
    /** Interim reports (voorjaarsnota, najaarsrapportage, ...), each "stand per" a date in the programme's period. */
    reportingCalendar: z.array(CalendarEntry).max(24).default([]),
    thresholds: Thresholds.default({}),
    prestaties: z.array(Prestatie).min(1).max(200),
  })
  .strict()
  .superRefine((programme, ctx) => {
    duplicates(programme.reportingCalendar.map((entry) => entry.key)).forEach((index) =>
      ctx.addIssue({ code: 'custom', path: ['reportingCalendar', index, 'key'], message: 'calendar keys must be unique' }),
    );
    programme.reportingCalendar.forEach((entry, index) => {
      // An inverted period is reported on its own (period.end); every date would lie outside it.
      const periodValid = programme.period.start <= programme.period.end;
      if (periodValid && (entry.standPer < programme.period.start || entry.standPer > programme.period.end)) {
        ctx.addIssue({ code: 'custom', path: ['reportingCalendar', index, 'standPer'], message: "must lie in the programme's period" });
      }
    });
    duplicates(programme.prestaties.map((prestatie) => prestatie.code)).forEach((index) =>
      ctx.addIssue({ code: 'custom', path: ['prestaties', index, 'code'], message: 'prestatie codes must be unique' }),
    );
  });
export type ProgrammeDefinition = z.output<typeof ProgrammeSchema>;
export type ProgrammeInput = z.input<typeof ProgrammeSchema>;

function duplicates<T>(values: T[]): number[] {
  return values.flatMap((value, index) => (values.indexOf(value) < index ? [index] : []));
}

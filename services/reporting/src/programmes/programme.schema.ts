import { z } from 'zod';
import { PrestatieCodeSchema, SlugSchema } from '@deelwijs/contracts';
import { zodInput } from '@deelwijs/platform';

/**
 * A programme definition as it is imported and exported (YAML or JSON). Texts people read are
 * Dutch, with an optional English version: `title: Kennisdeling` is short for `title: { nl: Kennisdeling }`.
 */
const LocalisedText = (max: number) =>
  z
    .union([
      zodInput.freeText(max, 1),
      z.object({ nl: zodInput.freeText(max, 1), en: zodInput.freeText(max, 1).optional() }).strict(),
    ])
    .transform((value) => (typeof value === 'string' ? { nl: value } : value));
/** A title or label. */
const Text = LocalisedText(300);
/** A paragraph: an aim, a context, an action. */
const LongText = LocalisedText(10_000);
export type LocalText = z.output<typeof Text>;

const IsoDate = zodInput.calendarDate();

/** Targets count activities, people or euros: a billion is far beyond any of them. */
const TARGET_MAX = 1_000_000_000;
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
    /** The target; for "between" the lower bound. Cost targets are in euros. */
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

const Prestatie = z
  .object({
    code: PrestatieCodeSchema,
    title: Text,
    /** "Prestatie lasten": the budget in euros, and the reserve it is paid from. */
    budget: z
      .object({ amountEur: zodInput.boundedNumber(0, 100 * TARGET_MAX), reserve: zodInput.freeText(300, 1).optional() })
      .strict()
      .optional(),
    aim: LongText,
    context: LongText.optional(),
    actions: z
      .array(z.object({ number: ActionNumber, text: LongText }).strict())
      .max(50)
      .default([]),
    basicInformation: z
      .object({
        portfolioHolder: zodInput.freeText(200, 1).optional(),
        role: LongText.optional(),
        duration: Text.optional(),
        reserveRelation: z.object({ related: z.boolean(), note: LongText.optional() }).strict().optional(),
        decisionReference: zodInput.freeText(100, 1).optional(),
        relatedPrestaties: z.array(PrestatieCodeSchema).max(100).default([]),
        projectWebsite: zodInput.identifier(500).optional(),
      })
      .strict()
      .default({ relatedPrestaties: [] }),
    indicators: z.array(Indicator).max(50).default([]),
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
    title: Text,
    period: Period,
    thresholds: Thresholds.default({}),
    prestaties: z.array(Prestatie).min(1).max(200),
  })
  .strict()
  .superRefine((programme, ctx) => {
    duplicates(programme.prestaties.map((prestatie) => prestatie.code)).forEach((index) =>
      ctx.addIssue({ code: 'custom', path: ['prestaties', index, 'code'], message: 'prestatie codes must be unique' }),
    );
  });
export type ProgrammeDefinition = z.output<typeof ProgrammeSchema>;
export type ProgrammeInput = z.input<typeof ProgrammeSchema>;

function duplicates<T>(values: T[]): number[] {
  return values.flatMap((value, index) => (values.indexOf(value) < index ? [index] : []));
}

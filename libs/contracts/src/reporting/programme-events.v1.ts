import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { PrestatieCodeSchema, ProgrammeCodeSchema } from '../activities/activity-facts';

/** A Dutch calendar date (the programme's dates are days in Amsterdam), "2026-01-01". */
const CalendarDateSchema = z.iso.date();

/** Text as the programme supplies it: Dutch always, English where the programme translates it. */
export const LocalisedTextSchema = z.object({
  nl: z.string().min(1).max(2000),
  en: z.string().min(1).max(2000).optional(),
});

/** A numbered action (actie) under a prestatie, as the programme page numbers it. */
export const ProgrammeActionSchema = z.object({
  number: z.number().int().positive(),
  text: LocalisedTextSchema,
});

export const ProgrammePrestatieSchema = z.object({
  code: PrestatieCodeSchema,
  title: LocalisedTextSchema,
  actions: z.array(ProgrammeActionSchema).max(100).default([]),
});

/**
 * Everything another service needs to place work in a programme: which prestaties and actions
 * it holds and for which period. Budgets, targets and texts stay in reporting. Each change
 * publishes the whole programme again with a higher version; a consumer keeps the highest.
 */
export const ProgrammePublishedV1 = defineEvent({
  subject: 'reporting.programme.published.v1',
  stream: STREAMS.REPORTING,
  description:
    'A programme was imported or changed: its period, whether it is the default of that period, its prestaties and their numbered actions.',
  schema: z.object({
    programmeCode: ProgrammeCodeSchema,
    /** Increases by one with every published change; older versions must be ignored. */
    version: z.number().int().positive(),
    title: LocalisedTextSchema.optional(),
    /** Calendar dates in Amsterdam; `end` is the last day of the programme (inclusive). */
    period: z
      .object({ start: CalendarDateSchema, end: CalendarDateSchema })
      .refine((period) => period.start <= period.end, {
        message: 'start must not be after end',
        path: ['end'],
      }),
    /** Work that names no programme belongs to the default programme of the period its date falls in. */
    isDefaultForPeriod: z.boolean(),
    prestaties: z.array(ProgrammePrestatieSchema).max(500),
    publishedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});

/** The programme no longer accepts work; a consumer refuses new work that names it. */
export const ProgrammeWithdrawnV1 = defineEvent({
  subject: 'reporting.programme.withdrawn.v1',
  stream: STREAMS.REPORTING,
  description: 'A programme was withdrawn: no new work may name it. Carries the version of the withdrawal.',
  schema: z.object({
    programmeCode: ProgrammeCodeSchema,
    /** Higher than the last published version, so the withdrawal wins over any earlier publication. */
    version: z.number().int().positive(),
    withdrawnAt: z.iso.datetime({ offset: true }).optional(),
  }),
});

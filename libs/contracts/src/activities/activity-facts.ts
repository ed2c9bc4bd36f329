import { z } from 'zod';

/** A prestatie's number as the budget prints it: 7.2.3, 9.1.6. */
export const PRESTATIE_CODE_PATTERN = /^[0-9]+(\.[0-9]+)*$/;
export const PrestatieCodeSchema = z.string().regex(PRESTATIE_CODE_PATTERN, 'must look like 7.2.3');

/**
 * Activity types and location categories are data in the activities service, so other
 * services accept any slug; these are the ones the seed prestaties name, with their labels.
 */
export const SlugSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lower-case slug');

export const DEFAULT_ACTIVITY_TYPES = [
  { slug: 'workshop', nl: 'workshop', en: 'workshop' },
  { slug: 'exhibition', nl: 'tentoonstelling', en: 'exhibition' },
  { slug: 'lecture', nl: 'lezing', en: 'lecture' },
  { slug: 'democracy-game', nl: 'democratiespel', en: 'democracy game' },
  { slug: 'guest-lesson', nl: 'gastles', en: 'guest lesson' },
  { slug: 'debate', nl: 'debat', en: 'debate' },
  { slug: 'training', nl: 'training', en: 'training' },
  { slug: 'meeting', nl: 'bijeenkomst', en: 'meeting' },
] as const;

export const DEFAULT_LOCATION_CATEGORIES = [
  { slug: 'regular', nl: 'reguliere locatie', en: 'regular location' },
  { slug: 'other-location', nl: 'andere locatie', en: 'other location' },
  { slug: 'school', nl: 'school', en: 'school' },
] as const;

/**
 * A programme's code, such as "overijssel-2026". Work that names one counts only in that
 * programme; work without it (older events, or no programme known yet) counts in the default
 * programme of the period its date falls in.
 */
export const ProgrammeCodeSchema = SlugSchema;

/** One numbered action of a prestatie that a piece of work was done under. */
export const ActionRefSchema = z.object({
  prestatieCode: PrestatieCodeSchema,
  actionNumber: z.number().int().positive(),
});

export const CapacityUnitSchema = z.enum(['people', 'groups']);

/** What reporting and the knowledge network need to know of an activity; no personal data. */
export const ActivityFactsSchema = z.object({
  activityId: z.uuid(),
  seriesId: z.uuid().optional(),
  type: SlugSchema,
  title: z.string().min(1).max(300),
  /** Optional (additive in v1): absent means the default programme of the period. */
  programmeCode: ProgrammeCodeSchema.optional(),
  prestatieCode: PrestatieCodeSchema,
  actionNumber: z.number().int().positive().optional(),
  organiserOrganisationId: z.uuid().optional(),
  partnerOrganisationIds: z.array(z.uuid()).max(50).default([]),
  locationCategory: SlugSchema.default('regular'),
  municipality: z.string().max(200).optional(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  plannedCostCents: z.number().int().nonnegative().optional(),
});

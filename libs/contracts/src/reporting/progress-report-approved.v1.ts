import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { PrestatieCodeSchema, ProgrammeCodeSchema } from '../activities/activity-facts';

/**
 * A programme's progress report for a period (or an interim report of its reporting calendar)
 * was approved; it is locked from now on.
 * Carries the verdict per prestatie, not the report: whoever needs the figures asks reporting.
 */
export const ProgressReportApprovedV1 = defineEvent({
  subject: 'reporting.progress-report.approved.v1',
  stream: STREAMS.REPORTING,
  description: 'A progress report of a programme for a period was approved and its period locked.',
  schema: z.object({
    programmeCode: ProgrammeCodeSchema,
    /**
     * "2026", "2026-Q3" or "2026-07"; or, for an interim report, the key of an entry of the
     * programme's reporting calendar ("najaarsrapportage"), with `standPer` its date.
     */
    period: z.union([z.string().regex(/^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/), ProgrammeCodeSchema]),
    /** Interim reports only: the figures are as of the end of this day. */
    standPer: z.iso.date().optional(),
    approvedAt: z.iso.datetime({ offset: true }),
    /**
     * The prestaties judged, each with its judgement. A prestatie with nothing to judge (no
     * indicators, no budget of its own) is not in this list: every status v1 can carry would say
     * it was judged, and widening the enum would break readers that know only these three.
     */
    prestaties: z
      .array(z.object({ code: PrestatieCodeSchema, status: z.enum(['on-track', 'at-risk', 'deviation']) }))
      .max(500),
    /**
     * Optional (additive in v1): the prestaties of the report that were not judged, so a reader
     * can tell one left out of `prestaties` from one the programme does not have. Absent in
     * events written before it existed; readers that do not know it ignore it.
     */
    notJudged: z.array(PrestatieCodeSchema).max(500).optional(),
  }),
});

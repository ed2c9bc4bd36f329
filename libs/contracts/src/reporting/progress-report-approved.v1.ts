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
    prestaties: z
      .array(z.object({ code: PrestatieCodeSchema, status: z.enum(['on-track', 'at-risk', 'deviation']) }))
      .max(500),
  }),
});

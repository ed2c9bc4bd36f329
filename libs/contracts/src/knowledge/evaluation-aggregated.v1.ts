import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { PrestatieCodeSchema } from '../activities/activity-facts';

/**
 * Learning effects of anonymous evaluation forms, aggregated; individual answers never leave
 * the knowledge service. A later aggregate for the same scope and period replaces an earlier one.
 */
export const EvaluationAggregatedV1 = defineEvent({
  subject: 'knowledge.evaluation.aggregated.v1',
  stream: STREAMS.KNOWLEDGE,
  description: 'Evaluation results aggregated per activity, prestatie or period.',
  schema: z.object({
    scope: z.enum(['activity', 'prestatie']),
    activityId: z.uuid().optional(),
    prestatieCode: PrestatieCodeSchema.optional(),
    /** "2026", "2026-Q1" or "2026-03". */
    period: z.string().regex(/^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$/),
    responses: z.number().int().nonnegative(),
    /** Mean of each rating question, keyed by question id. */
    averages: z.record(z.string(), z.number()),
    computedAt: z.iso.datetime({ offset: true }),
  }),
});

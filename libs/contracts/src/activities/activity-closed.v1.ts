import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { PrestatieCodeSchema, ProgrammeCodeSchema } from './activity-facts';

/** Final figures: they replace the held event's participants and cost for the same activity. */
export const ActivityClosedV1 = defineEvent({
  subject: 'activities.activity.closed.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An activity was closed out with its actual participants and actual cost.',
  schema: z.object({
    activityId: z.uuid(),
    /** Optional (additive in v1): absent means the default programme of the period. */
    programmeCode: ProgrammeCodeSchema.optional(),
    prestatieCode: PrestatieCodeSchema,
    actionNumber: z.number().int().positive().optional(),
    participants: z.number().int().nonnegative(),
    groups: z.number().int().nonnegative().default(0),
    actualCostCents: z.number().int().nonnegative(),
    closedAt: z.iso.datetime({ offset: true }),
  }),
});

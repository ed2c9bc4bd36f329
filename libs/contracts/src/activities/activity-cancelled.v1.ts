import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

export const ActivityCancelledV1 = defineEvent({
  subject: 'activities.activity.cancelled.v1',
  stream: STREAMS.ACTIVITIES,
  description:
    "An activity will not take place. The reason is the organiser's text about the activity, never about a person.",
  schema: z.object({
    activityId: z.uuid(),
    previousStatus: z.enum(['draft', 'published']),
    reason: z.string().max(1000).optional(),
    cancelledAt: z.iso.datetime({ offset: true }),
  }),
});

import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

export const ActivityRescheduledV1 = defineEvent({
  subject: 'activities.activity.rescheduled.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An activity moved to another time (allowed until it is held).',
  schema: z.object({
    activityId: z.uuid(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    previousStartsAt: z.iso.datetime({ offset: true }),
    previousEndsAt: z.iso.datetime({ offset: true }),
  }),
});

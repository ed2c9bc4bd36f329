import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

export const ActivityScheduledV1 = defineEvent({
  subject: 'activities.activity.scheduled.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An activity was planned: its identity, type and the prestatie it serves. No personal data.',
  schema: z.object({
    activityId: z.uuid(),
    type: z.string().min(1).max(64),
    title: z.string().min(1).max(300),
    prestatieCode: z.string().regex(/^[0-9]+(\.[0-9]+)*$/),
    actionNumber: z.number().int().positive().optional(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  }),
});

import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

export const ActivityPublishedV1 = defineEvent({
  subject: 'activities.activity.published.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An activity opened for registration.',
  schema: z.object({ activityId: z.uuid(), publishedAt: z.iso.datetime({ offset: true }) }),
});

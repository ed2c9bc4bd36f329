import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { ActivityFactsSchema } from './activity-facts';

export const ActivityRevisedV1 = defineEvent({
  subject: 'activities.activity.revised.v1',
  stream: STREAMS.ACTIVITIES,
  description:
    'Facts of an activity other than its time changed (type, prestatie, partners, venue, cost); carries all facts as they now are.',
  schema: ActivityFactsSchema,
});

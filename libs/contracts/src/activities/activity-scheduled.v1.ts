import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { ActivityFactsSchema, CapacityUnitSchema } from './activity-facts';

export const ActivityScheduledV1 = defineEvent({
  subject: 'activities.activity.scheduled.v1',
  stream: STREAMS.ACTIVITIES,
  description:
    'An activity was planned (as a draft or published at once): its facts, capacity and planned cost.',
  schema: ActivityFactsSchema.extend({
    status: z.enum(['draft', 'published']).default('draft'),
    capacityUnit: CapacityUnitSchema.default('people'),
    capacity: z.number().int().positive().optional(),
  }),
});

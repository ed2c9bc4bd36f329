import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { ActivityFactsSchema } from './activity-facts';

/**
 * Counts toward targets such as "at most 50 democracy games". Participants are those checked in
 * when it was marked held; the closed event carries the final figures.
 */
export const ActivityHeldV1 = defineEvent({
  subject: 'activities.activity.held.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An activity took place: its facts, participants so far and cost so far.',
  schema: ActivityFactsSchema.extend({
    participants: z.number().int().nonnegative(),
    groups: z.number().int().nonnegative().default(0),
    actualCostCents: z.number().int().nonnegative().optional(),
    heldAt: z.iso.datetime({ offset: true }),
  }),
});

import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';

/**
 * Registration events carry ids and counts only: who registered stays in the activities
 * service, where it can be erased.
 */
const RegistrationFacts = z.object({
  registrationId: z.uuid(),
  activityId: z.uuid(),
  partnerOrganisationId: z.uuid().optional(),
  kind: z.enum(['individual', 'group']),
  /** People the registration stands for: 1, or a class's headcount. */
  headcount: z.number().int().positive(),
});

export const RegistrationAcceptedV1 = defineEvent({
  subject: 'activities.registration.accepted.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'A registration took a place.',
  schema: RegistrationFacts,
});

export const RegistrationWaitlistedV1 = defineEvent({
  subject: 'activities.registration.waitlisted.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'A registration joined the waiting list because the activity was full.',
  schema: RegistrationFacts.extend({ position: z.number().int().positive() }),
});

export const RegistrationPromotedV1 = defineEvent({
  subject: 'activities.registration.promoted.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'A waitlisted registration took a place that came free.',
  schema: RegistrationFacts,
});

export const RegistrationCancelledV1 = defineEvent({
  subject: 'activities.registration.cancelled.v1',
  stream: STREAMS.ACTIVITIES,
  description:
    'A registration was cancelled by the registrant, the partner or the organiser, or with its activity.',
  schema: RegistrationFacts.extend({
    wasWaitlisted: z.boolean(),
    cancelledBy: z.enum(['registrant', 'partner', 'organiser', 'activity-cancelled']),
  }),
});

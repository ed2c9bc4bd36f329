import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { PrestatieCodeSchema, ProgrammeCodeSchema, SlugSchema } from './activity-facts';

const lessonText = z.string().max(10_000);

/** Structured lessons of a close-out; the knowledge repository turns them into a draft item. */
export const LessonsLearnedRecordedV1 = defineEvent({
  subject: 'activities.lessons-learned.recorded.v1',
  stream: STREAMS.ACTIVITIES,
  description: 'An organiser recorded what worked, what to change and the follow-up of an activity.',
  schema: z.object({
    activityId: z.uuid(),
    title: z.string().min(1).max(300),
    type: SlugSchema,
    /** Optional (additive in v1): absent means the default programme of the period. */
    programmeCode: ProgrammeCodeSchema.optional(),
    prestatieCode: PrestatieCodeSchema,
    actionNumber: z.number().int().positive().optional(),
    organiserOrganisationId: z.uuid().optional(),
    partnerOrganisationIds: z.array(z.uuid()).default([]),
    language: z.enum(['nl', 'en']).default('nl'),
    whatWorked: lessonText,
    whatToChange: lessonText,
    followUp: lessonText,
    recordedAt: z.iso.datetime({ offset: true }),
  }),
});

import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import { ActionRefSchema, PrestatieCodeSchema, ProgrammeCodeSchema } from '../activities/activity-facts';

/** An advice counts toward targets such as "the youth council issues at least two advices". */
export const AdviceIssuedV1 = defineEvent({
  subject: 'knowledge.advice.issued.v1',
  stream: STREAMS.KNOWLEDGE,
  description: 'An advisory body (for example the youth council) issued an advice, asked or unasked.',
  schema: z.object({
    adviceId: z.uuid(),
    itemId: z.uuid().optional(),
    title: z.string().min(1).max(300),
    /** The advisory body, such as "jongerenraad"; an organisation, never a person. */
    adviser: z.string().min(1).max(100),
    adviserOrganisationId: z.uuid().optional(),
    solicited: z.boolean(),
    /** Optional (additive in v1): absent means the default programme of the period of issuedAt. */
    programmeCode: ProgrammeCodeSchema.optional(),
    prestatieCodes: z.array(PrestatieCodeSchema).max(50).default([]),
    /** The numbered actions the advice was given under; each prestatieCode is also in prestatieCodes. */
    actions: z.array(ActionRefSchema).max(50).default([]),
    issuedAt: z.iso.datetime({ offset: true }),
  }),
});

export const AdviceAnsweredV1 = defineEvent({
  subject: 'knowledge.advice.answered.v1',
  stream: STREAMS.KNOWLEDGE,
  description: 'The province answered an advice; whether it is adopted and the follow-up.',
  schema: z.object({
    adviceId: z.uuid(),
    outcome: z.enum(['adopted', 'partly-adopted', 'not-adopted']),
    answeredAt: z.iso.datetime({ offset: true }),
  }),
});

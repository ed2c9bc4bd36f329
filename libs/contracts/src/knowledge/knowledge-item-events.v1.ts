import { z } from 'zod';
import { defineEvent } from '../event-contract';
import { STREAMS } from '../streams';
import {
  ActionRefSchema,
  PrestatieCodeSchema,
  ProgrammeCodeSchema,
  SlugSchema,
} from '../activities/activity-facts';

export const KnowledgeVisibilitySchema = z.enum(['public', 'partners', 'internal']);

/** Links of an item to the programme; authors are named in the knowledge service only. */
const KnowledgeItemFacts = z.object({
  itemId: z.uuid(),
  version: z.number().int().positive(),
  kind: SlugSchema,
  title: z.string().min(1).max(300),
  language: z.enum(['nl', 'en']),
  visibility: KnowledgeVisibilitySchema,
  themes: z.array(z.string().max(100)).max(50).default([]),
  /** Optional (additive in v1): absent means the default programme of the period of publishedAt. */
  programmeCode: ProgrammeCodeSchema.optional(),
  prestatieCodes: z.array(PrestatieCodeSchema).max(50).default([]),
  /** The numbered actions the item was made under; each prestatieCode is also in prestatieCodes. */
  actions: z.array(ActionRefSchema).max(50).default([]),
  activityIds: z.array(z.uuid()).max(500).default([]),
  partnerOrganisationIds: z.array(z.uuid()).max(200).default([]),
});

export const KnowledgeItemPublishedV1 = defineEvent({
  subject: 'knowledge.item.published.v1',
  stream: STREAMS.KNOWLEDGE,
  description: 'A version of a knowledge item was published (or republished after a change).',
  schema: KnowledgeItemFacts.extend({ publishedAt: z.iso.datetime({ offset: true }) }),
});

export const KnowledgeItemArchivedV1 = defineEvent({
  subject: 'knowledge.item.archived.v1',
  stream: STREAMS.KNOWLEDGE,
  description:
    'A knowledge item was archived: no longer shown, still counted for the period it was published in.',
  schema: z.object({ itemId: z.uuid(), archivedAt: z.iso.datetime({ offset: true }) }),
});

import type { LessonsLearnedRecordedV1, PayloadOf } from '@deelwijs/contracts';
import type { ItemContent } from './knowledge-item';

const HEADINGS = {
  nl: { title: 'Geleerde lessen', worked: 'Wat werkte', change: 'Wat kan beter', followUp: 'Vervolg' },
  en: { title: 'Lessons learned', worked: 'What worked', change: 'What to change', followUp: 'Follow-up' },
} as const;

/**
 * The draft an activity's close-out becomes: internal until an editor decides otherwise, linked
 * to the activity, its prestatie, action and organisations, in the language it was written in.
 */
export function lessonsLearnedDraft(event: PayloadOf<typeof LessonsLearnedRecordedV1>): ItemContent {
  const words = HEADINGS[event.language];
  const section = (heading: string, text: string) => `## ${heading}\n\n${text.trim() || '-'}\n`;
  const organisations = [...new Set([...(event.organiserOrganisationId ? [event.organiserOrganisationId] : []), ...event.partnerOrganisationIds])];
  return {
    kind: 'lesson-learned',
    title: `${words.title}: ${event.title}`.slice(0, 300),
    summary: '',
    body: [section(words.worked, event.whatWorked), section(words.change, event.whatToChange), section(words.followUp, event.followUp)].join('\n'),
    language: event.language,
    visibility: 'internal',
    themes: [],
    tags: [event.type],
    // Checked by the activities service against the programme when the activity was planned.
    programmeCode: event.programmeCode ?? null,
    prestatieCodes: [event.prestatieCode],
    actions: event.actionNumber ? [{ prestatieCode: event.prestatieCode, number: event.actionNumber }] : [],
    activityIds: [event.activityId],
    partnerOrganisationIds: organisations,
    authors: [],
  };
}

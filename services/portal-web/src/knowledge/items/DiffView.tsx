import { Heading3 } from '@utrecht/component-library-react';
import type { VersionDiff } from '../../api/knowledge';
import { ChangeList } from '../../components/ChangeList';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const FIELD_LABEL: Record<string, MessageKey> = {
  kind: 'knowledge.facet.kind',
  title: 'knowledge.field.title',
  summary: 'knowledge.field.summary',
  body: 'knowledge.field.body',
  language: 'knowledge.facet.language',
  visibility: 'knowledge.field.visibility',
  themes: 'knowledge.facet.theme',
  tags: 'knowledge.field.tags',
  prestatieCodes: 'knowledge.facet.prestatie',
  partnerOrganisationIds: 'knowledge.facet.partner',
  authors: 'knowledge.authors',
  status: 'knowledge.status',
  attachments: 'knowledge.attachments',
};

const STATUSES = ['draft', 'in-review', 'published', 'archived'] as const;
type Status = (typeof STATUSES)[number];

function plain(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return '–';
  }
  if (Array.isArray(value)) {
    return value.length === 0
      ? '–'
      : value
          .map((entry) =>
            typeof entry === 'object' && entry !== null && 'fileName' in entry
              ? String((entry as { fileName: unknown }).fileName)
              : typeof entry === 'object'
                ? JSON.stringify(entry)
                : String(entry),
          )
          .join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * What changed between two versions, field by field (the shared ChangeList shows it).
 */
export function DiffView({ diff }: { diff: VersionDiff }) {
  const { t } = useI18n();
  const shown = (field: string, value: unknown): string =>
    field === 'status' && STATUSES.includes(value as Status)
      ? t(`knowledge.status.${value as Status}`)
      : plain(value);
  return (
    <section aria-label={t('knowledge.diffTitle', { from: diff.from, to: diff.to })} className="deelwijs-diff">
      <Heading3>{t('knowledge.diffTitle', { from: diff.from, to: diff.to })}</Heading3>
      <ChangeList
        emptyText={t('knowledge.noChanges')}
        changes={diff.changes.map((change) => ({
          key: change.field,
          label: FIELD_LABEL[change.field] ? t(FIELD_LABEL[change.field]) : change.field,
          before: shown(change.field, change.before),
          after: shown(change.field, change.after),
          parts: change.parts,
          block: change.field === 'body',
        }))}
      />
    </section>
  );
}

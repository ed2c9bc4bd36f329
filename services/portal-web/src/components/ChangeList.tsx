import { Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';

/** One field that changed: its label, and either the words added and removed, or before → after. */
export interface FieldChange {
  key: string;
  label: string;
  before: string;
  after: string;
  parts?: Array<{ value: string; added?: boolean; removed?: boolean }>;
  /** A long text shown as a block (kept line breaks). */
  block?: boolean;
}

/**
 * What changed, field by field. Removed text is <del>, added text <ins>, each also said in words
 * (hidden text for screen readers, a line-through or underline for the eye), so that the
 * difference never rests on colour alone. Knowledge items' versions and reports' snapshots use it.
 */
export function ChangeList({ changes, emptyText }: { changes: FieldChange[]; emptyText: string }) {
  const { t } = useI18n();
  if (changes.length === 0) {
    return <Paragraph>{emptyText}</Paragraph>;
  }
  return (
    <dl>
      {changes.map((change) => (
        <div key={change.key} className="deelwijs-diff__field">
          <dt>{change.label}</dt>
          <dd className={change.block ? 'deelwijs-diff__body' : undefined}>
            {change.parts
              ? change.parts.map((part, index) =>
                  part.removed ? (
                    <del key={index}>
                      <span className="deelwijs-visually-hidden">[{t('knowledge.removed')}: </span>
                      {part.value}
                      <span className="deelwijs-visually-hidden">]</span>
                    </del>
                  ) : part.added ? (
                    <ins key={index}>
                      <span className="deelwijs-visually-hidden">[{t('knowledge.added')}: </span>
                      {part.value}
                      <span className="deelwijs-visually-hidden">]</span>
                    </ins>
                  ) : (
                    <span key={index}>{part.value}</span>
                  ),
                )
              : t('knowledge.fromTo', { before: change.before, after: change.after })}
          </dd>
        </div>
      ))}
    </dl>
  );
}

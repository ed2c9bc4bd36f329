import { StatusBadge } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import type { Judgement } from './reporting-api';
import './reporting.css';

/**
 * A mark and a word for each judgement, so the status never rests on colour alone. Not judged
 * has a neutral look (grey, dashed edge) and a dash: nothing was measured, so nothing is good or bad.
 */
const MARKS: Record<Judgement, string> = {
  'not-judged': '–',
  'on-track': '✓',
  'at-risk': '!',
  deviation: '✕',
};

export function JudgementBadge({ status }: { status: Judgement }) {
  const { t } = useI18n();
  return (
    <StatusBadge className={`deelwijs-status deelwijs-status--${status}`}>
      <span className="deelwijs-status-mark" aria-hidden="true">
        {MARKS[status]}
      </span>
      {t(`dashboard.status.${status}`)}
    </StatusBadge>
  );
}

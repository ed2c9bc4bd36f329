import { StatusBadge } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import type { Judgement } from './reporting-api';
import './reporting.css';

/** A mark and a word for each judgement, so the status never rests on colour alone. */
const MARKS: Record<Judgement, string> = { 'on-track': '✓', 'at-risk': '!', deviation: '✕' };

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

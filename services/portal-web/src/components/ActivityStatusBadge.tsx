import { StatusBadge } from '@utrecht/component-library-react';
import type { ActivityStatus } from '../api/activities';
import { useI18n } from '../i18n/i18n';

/** The status in words (never by colour alone). */
export function ActivityStatusBadge({ status }: { status: ActivityStatus }) {
  const { t } = useI18n();
  // Colours of our own (app.css): the theme's defaults fall short of 4.5:1 contrast.
  return (
    <StatusBadge className={`deelwijs-status deelwijs-status--${status}`}>
      {t(`status.${status}`)}
    </StatusBadge>
  );
}

import { StatusBadge } from '@utrecht/component-library-react';
import type { ActivityStatus } from '../api/activities';
import { useI18n } from '../i18n/i18n';

const APPEARANCE: Record<ActivityStatus, string> = {
  draft: 'neutral',
  published: 'active',
  held: 'success',
  closed: 'inactive',
  cancelled: 'error',
};

/** The status in words (never by colour alone). */
export function ActivityStatusBadge({ status }: { status: ActivityStatus }) {
  const { t } = useI18n();
  return <StatusBadge status={APPEARANCE[status]}>{t(`status.${status}`)}</StatusBadge>;
}

import { Paragraph } from '@utrecht/component-library-react';
import { Link } from 'wouter';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const SECTIONS: Array<{ href: string; label: MessageKey }> = [
  { href: '/administration/organisations', label: 'admin.organisations' },
  { href: '/administration/catalogues', label: 'admin.catalogues' },
  { href: '/administration/dead-letters', label: 'admin.deadLetters' },
  { href: '/administration/failed-work', label: 'admin.failedWork' },
];

/** The portal's queue dashboard (services/portal/src/queue-board), for administrators only. */
const QUEUE_BOARD_PATH = '/admin/queues';

/** The administrator's starting point: one link per administration page. */
export default function AdministrationPage() {
  const { t } = useI18n();
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('admin.title')}</PageTitle>
      <Paragraph>{t('admin.intro')}</Paragraph>
      <ul className="utrecht-unordered-list">
        {SECTIONS.map((section) => (
          <li key={section.href} className="utrecht-unordered-list__item">
            <Link href={section.href} className="utrecht-link">
              {t(section.label)}
            </Link>
          </li>
        ))}
        <li className="utrecht-unordered-list__item">
          {/* A page of the portal itself (Bull Board), not of the app: a full page load. */}
          <a href={QUEUE_BOARD_PATH} className="utrecht-link">
            {t('admin.queueDashboard')}
          </a>{' '}
          – {t('admin.queueDashboardHint')}
        </li>
      </ul>
    </div>
  );
}

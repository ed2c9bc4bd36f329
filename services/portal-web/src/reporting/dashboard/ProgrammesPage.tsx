import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { Link } from 'wouter';
import { asProblem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { dashboardHref, useProgrammes } from '../reporting-api';
import '../reporting.css';

/** The programmes reporting staff and approvers can see, each leading to its dashboard for its first year. */
export default function ProgrammesPage() {
  const { t, language } = useI18n();
  const programmes = useProgrammes();
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('reporting.title')}</PageTitle>
      <Paragraph>{t('reporting.intro')}</Paragraph>
      <ProblemAlert problem={programmes.error ? asProblem(programmes.error) : undefined} />
      {programmes.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {programmes.data && programmes.data.items.length === 0 && <Paragraph>{t('reporting.none')}</Paragraph>}
      {programmes.data && programmes.data.items.length > 0 && (
        <ul className="deelwijs-programmes">
          {programmes.data.items.map((programme) => (
            <li key={programme.code}>
              <Heading2>
                <Link
                  href={dashboardHref(programme.code, programme.period.start.slice(0, 4))}
                  className="utrecht-link"
                >
                  {programme.title}
                </Link>
              </Heading2>
              <Paragraph>
                {t('reporting.programmePeriod', {
                  start: formatDate(programme.period.start, language),
                  end: formatDate(programme.period.end, language),
                })}
                {programme.withdrawnAt ? ` · ${t('reporting.withdrawn')}` : ''}
              </Paragraph>
              <Paragraph>{t('reporting.prestaties', { codes: programme.prestaties.join(', ') })}</Paragraph>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import {
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { Link } from 'wouter';
import { activityTitle, catalogueLabel, useActivities, useActivityTypes } from '../../api/activities';
import { asProblem } from '../../api/problem';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { amsterdamIso, formatPeriod, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ResponsiveTable } from '../../components/ResponsiveTable';

/** The activities this partner may register for (the API shows a partner only those), from today on. */
export default function PartnerActivitiesPage() {
  const { t, language } = useI18n();
  const [page, setPage] = useState(1);
  const types = useActivityTypes();
  const activities = useActivities({
    status: 'published',
    from: amsterdamIso(todayInAmsterdam(), '00:00'),
    page,
    pageSize: 25,
  });
  const pages = Math.max(1, Math.ceil((activities.data?.total ?? 0) / 25));
  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('partnerActivities.title')}</PageTitle>
      <Paragraph>{t('partnerActivities.intro')}</Paragraph>
      <ProblemAlert problem={activities.error ? asProblem(activities.error) : undefined} />
      {activities.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      {activities.data && activities.data.items.length === 0 && (
        <Paragraph>{t('partnerActivities.none')}</Paragraph>
      )}
      {activities.data && activities.data.items.length > 0 && (
        <ResponsiveTable label={t('partnerActivities.title')}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('activity.title')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('activity.when')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('activity.type')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('activity.where')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('activity.placesLeft')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {activities.data.items.map((activity) => (
                <TableRow key={activity.id}>
                  <TableCell>
                    <Link href={`/partners/activities/${activity.id}`} className="utrecht-link">
                      {activityTitle(activity, language)}
                    </Link>
                  </TableCell>
                  <TableCell>{formatPeriod(activity.startsAt, activity.endsAt, language)}</TableCell>
                  <TableCell>{catalogueLabel(types.data, activity.type, language)}</TableCell>
                  <TableCell>{activity.venue.municipality ?? activity.venue.name ?? '–'}</TableCell>
                  <TableCell>
                    {typeof activity.placesLeft !== 'number' ? t('activity.noLimit') : activity.placesLeft}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ResponsiveTable>
      )}
      {pages > 1 && (
        <nav aria-label={t('pagination.label')} className="deelwijs-row">
          <Button appearance="secondary-action-button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('pagination.previous')}
          </Button>
          <span>{t('pagination.status', { page, pages })}</span>
          <Button
            appearance="secondary-action-button"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            {t('pagination.next')}
          </Button>
        </nav>
      )}
    </div>
  );
}

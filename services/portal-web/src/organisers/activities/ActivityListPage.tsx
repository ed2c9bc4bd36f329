import {
  Button,
  ButtonGroup,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { Link, useLocation, useSearch } from 'wouter';
import {
  activityTitle,
  catalogueLabel,
  useActivities,
  useActivityTypes,
  type Activity,
} from '../../api/activities';
import { asProblem } from '../../api/problem';
import { ActivityStatusBadge } from '../../components/ActivityStatusBadge';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatNumber, formatPeriod, todayInAmsterdam } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ActivityCalendar } from './ActivityCalendar';
import { ActivityFiltersForm } from './ActivityFiltersForm';
import { apiQuery, readFilters, writeFilters, type FilterState } from './filters';
import { monthDays, weekDays } from './calendar';
import { ResponsiveTable } from '../../components/ResponsiveTable';

export default function ActivityListPage() {
  const { t } = useI18n();
  const search = useSearch();
  const [, navigate] = useLocation();
  const today = todayInAmsterdam();
  const state = readFilters(search, today);
  const range =
    state.view === 'month' ? monthDays(state.date) : state.view === 'week' ? weekDays(state.date) : undefined;
  const activities = useActivities(apiQuery(state, range));
  const update = (changes: Partial<FilterState>) =>
    navigate(`/organisers/activities${writeFilters({ ...state, ...changes }, today)}`, { replace: true });

  return (
    <div className="deelwijs-stack">
      <PageTitle>{t('activities.title')}</PageTitle>
      <div className="deelwijs-row">
        <Link
          href="/organisers/activities/new"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        >
          {t('nav.newActivity')}
        </Link>
        <Link
          href="/organisers/series/new"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
        >
          {t('nav.newSeries')}
        </Link>
      </div>
      <ActivityFiltersForm state={state} onChange={update} />
      <ButtonGroup aria-label={t('activities.view')} role="group">
        {(['list', 'month', 'week'] as const).map((view) => (
          <Button
            key={view}
            appearance={state.view === view ? 'primary-action-button' : 'secondary-action-button'}
            aria-pressed={state.view === view}
            onClick={() => update({ view })}
          >
            {t(`activities.view.${view}`)}
          </Button>
        ))}
      </ButtonGroup>
      <ProblemAlert problem={activities.error ? asProblem(activities.error) : undefined} />
      {state.view === 'list' ? (
        <ActivityTable
          items={activities.data?.items}
          total={activities.data?.total ?? 0}
          page={state.page}
          pageSize={activities.data?.pageSize ?? 25}
          loading={activities.isPending}
          onPage={(page) => update({ page })}
        />
      ) : (
        <ActivityCalendar
          mode={state.view}
          date={state.date}
          today={today}
          activities={activities.data?.items ?? []}
          loading={activities.isPending}
          onDate={(date) => update({ date })}
        />
      )}
    </div>
  );
}

function ActivityTable({
  items,
  total,
  page,
  pageSize,
  loading,
  onPage,
}: {
  items?: Activity[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number) => void;
}) {
  const { t, language } = useI18n();
  const types = useActivityTypes();
  if (loading && !items) {
    return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  }
  if (!items || items.length === 0) {
    return <Paragraph role="status">{t('activities.none')}</Paragraph>;
  }
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <ResponsiveTable>
        <Table>
          <TableCaption>{t('activities.count', { n: formatNumber(total) })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('activity.title')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('activity.when')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('activity.type')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('activity.prestatie')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('activity.places')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('activity.status')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((activity) => (
              <TableRow key={activity.id}>
                <TableCell>
                  <Link href={`/organisers/activities/${activity.id}`} className="utrecht-link">
                    {activityTitle(activity, language)}
                  </Link>
                </TableCell>
                <TableCell>{formatPeriod(activity.startsAt, activity.endsAt, language)}</TableCell>
                <TableCell>{catalogueLabel(types.data, activity.type, language)}</TableCell>
                <TableCell>
                  {activity.prestatieCode}
                  {activity.actionNumber
                    ? ` · ${t('activity.actionShort', { n: activity.actionNumber })}`
                    : ''}
                </TableCell>
                <TableCell>
                  {activity.capacity === null || activity.capacity === undefined
                    ? t('activity.placesTakenOnly', { taken: activity.placesTaken })
                    : t('activity.placesTaken', { taken: activity.placesTaken, capacity: activity.capacity })}
                </TableCell>
                <TableCell>
                  <ActivityStatusBadge status={activity.status} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ResponsiveTable>
      {pages > 1 && (
        <nav aria-label={t('pagination.label')} className="deelwijs-row">
          <Button appearance="secondary-action-button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('pagination.previous')}
          </Button>
          <span>{t('pagination.status', { page, pages })}</span>
          <Button
            appearance="secondary-action-button"
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
          >
            {t('pagination.next')}
          </Button>
        </nav>
      )}
    </>
  );
}

import type { QueryClient } from '@tanstack/react-query';
import { activityKeys } from '../api/activities';
import { activitiesApi, data, portalApi } from '../api/client';
import { networkPeriodsQuery, networkSnapshotQuery } from '../api/network';
import { todayInAmsterdam } from '../i18n/format';
import { apiQuery, readFilters } from '../organisers/activities/filters';
import { monthDays, weekDays } from '../organisers/activities/calendar';
import { dashboardPeriod, reportQuery } from '../reporting/reporting-api';

/**
 * The data of the page the app opens on, requested before React renders, under the same keys
 * the pages use (so they find it in the cache). Only the pages where speed matters most: the
 * activity list, the check-in at the door, the reporting dashboard and the policy monitor.
 */
export function preloadData(queries: QueryClient, pathname: string, search: string): void {
  void queries.prefetchQuery({
    queryKey: ['session'],
    queryFn: () => data(portalApi.GET('/v1/session')),
    staleTime: 60_000,
  });
  if (/^\/organisers\/activities\/?$/.test(pathname)) {
    const state = readFilters(search, todayInAmsterdam());
    const range =
      state.view === 'month'
        ? monthDays(state.date)
        : state.view === 'week'
          ? weekDays(state.date)
          : undefined;
    const filters = apiQuery(state, range);
    void queries.prefetchQuery({
      queryKey: activityKeys.list(filters),
      queryFn: () => data(activitiesApi.GET('/v1/activities', { params: { query: filters } })),
    });
  }
  const dashboard = /^\/reporting\/programmes\/([^/]+)$/.exec(pathname);
  if (dashboard) {
    // The report alone: the programme's definition (for the period choice) waits for it, as the
    // two would share the reporting service's time and the report is what the page is for.
    void queries.prefetchQuery(reportQuery(decodeURIComponent(dashboard[1]), dashboardPeriod(search)));
  }
  const checkIn = /^\/organisers\/activities\/([^/]+)\/check-in$/.exec(pathname);
  if (checkIn) {
    const id = checkIn[1];
    void queries.prefetchQuery({
      queryKey: activityKeys.one(id),
      queryFn: () => data(activitiesApi.GET('/v1/activities/{id}', { params: { path: { id } } })),
    });
    void queries.prefetchQuery({
      queryKey: activityKeys.registrations(id),
      queryFn: () =>
        data(
          activitiesApi.GET('/v1/activities/{activityId}/registrations', {
            params: { path: { activityId: id } },
          }),
        ),
    });
  }
  if (/^\/knowledge\/network$/.test(pathname)) {
    preloadNetwork(queries, new URLSearchParams(search).get('period'));
  }
}

/**
 * The policy monitor's network (megabytes) requested at start: the page would ask for it only
 * once its code ran and the session was known (sigma follows with the page's code). Without a
 * period in the address the page shows the latest, so that one is asked for once the periods are
 * known.
 */
function preloadNetwork(queries: QueryClient, period: string | null): void {
  if (period) {
    void queries.prefetchQuery(networkSnapshotQuery(period));
    void queries.prefetchQuery(networkPeriodsQuery());
    return;
  }
  void queries
    .fetchQuery(networkPeriodsQuery())
    .then((periods) => {
      const latest = periods.at(-1)?.period;
      return latest ? queries.prefetchQuery(networkSnapshotQuery(latest)) : undefined;
    })
    .catch(() => undefined);
}

import { amsterdamIso, type Language } from '../../i18n/format';
import type { ActivityFilters, ActivityStatus } from '../../api/activities';

/** The list's filters as the address bar holds them, so that back, reload and a shared link keep them. */
export interface FilterState {
  type: string;
  prestatie: string;
  status: '' | ActivityStatus;
  from: string;
  to: string;
  view: 'list' | 'month' | 'week';
  /** First day shown in the calendar (YYYY-MM-DD). */
  date: string;
  page: number;
}

export function readFilters(search: string, today: string): FilterState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    type: params.get('type') ?? '',
    prestatie: params.get('prestatie') ?? '',
    status: (params.get('status') ?? '') as FilterState['status'],
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    view: view === 'month' || view === 'week' ? view : 'list',
    date: /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : today,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

export function writeFilters(state: FilterState, today: string): string {
  const params = new URLSearchParams();
  for (const key of ['type', 'prestatie', 'status', 'from', 'to'] as const) {
    if (state[key]) {
      params.set(key, state[key]);
    }
  }
  if (state.view !== 'list') {
    params.set('view', state.view);
    if (state.date !== today) {
      params.set('date', state.date);
    }
  } else if (state.page > 1) {
    params.set('page', String(state.page));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API query for the filters; the calendar asks for its visible days instead of from/to. */
export function apiQuery(state: FilterState, range?: { first: string; afterLast: string }): ActivityFilters {
  const query: ActivityFilters = {};
  if (state.type) {
    query.type = state.type;
  }
  if (/^[0-9]+(\.[0-9]+)*$/.test(state.prestatie)) {
    query.prestatie = state.prestatie;
  }
  if (state.status) {
    query.status = state.status;
  }
  if (range) {
    query.from = amsterdamIso(range.first, '00:00');
    query.to = amsterdamIso(range.afterLast, '00:00');
    query.pageSize = 500;
  } else {
    if (state.from) {
      query.from = amsterdamIso(state.from, '00:00');
    }
    if (state.to) {
      // "to" is inclusive for people; the API's is exclusive.
      const [year, month, day] = state.to.split('-').map(Number);
      query.to = amsterdamIso(
        new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10),
        '00:00',
      );
    }
    query.page = state.page;
    query.pageSize = 25;
  }
  return query;
}

export type { Language };

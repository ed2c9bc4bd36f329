import type { SearchQuery } from '../../api/knowledge';

/** The facets a person can tick more than one value of (the API takes each as a repeated parameter). */
export const MULTI_FACETS = ['kind', 'theme', 'prestatie', 'partner'] as const;
export type MultiFacet = (typeof MULTI_FACETS)[number];

/** The search as the address bar holds it, so that back, reload and a shared link keep it. */
export interface SearchState {
  q: string;
  kind: string[];
  theme: string[];
  prestatie: string[];
  partner: string[];
  language: '' | 'nl' | 'en';
  page: number;
}

export const PAGE_SIZE = 10;

export function readSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const language = params.get('language');
  return {
    q: params.get('q') ?? '',
    kind: params.getAll('kind'),
    theme: params.getAll('theme'),
    prestatie: params.getAll('prestatie'),
    partner: params.getAll('partner'),
    language: language === 'nl' || language === 'en' ? language : '',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

export function writeSearch(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) {
    params.set('q', state.q);
  }
  for (const facet of MULTI_FACETS) {
    for (const value of state[facet]) {
      params.append(facet, value);
    }
  }
  if (state.language) {
    params.set('language', state.language);
  }
  if (state.page > 1) {
    params.set('page', String(state.page));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Ticks a facet's value or unticks it; any change of the search starts again at page 1. */
export function toggleFacet(state: SearchState, facet: MultiFacet, value: string): SearchState {
  const values = state[facet];
  return {
    ...state,
    [facet]: values.includes(value) ? values.filter((entry) => entry !== value) : [...values, value],
    page: 1,
  };
}

export function apiSearchQuery(state: SearchState): SearchQuery {
  const query: SearchQuery = { page: state.page, pageSize: PAGE_SIZE };
  if (state.q.trim()) {
    query.q = state.q.trim();
  }
  for (const facet of MULTI_FACETS) {
    if (state[facet].length > 0) {
      query[facet] = state[facet];
    }
  }
  if (state.language) {
    query.language = state.language;
  }
  return query;
}

/**
 * The search a facet's own choices are counted in: the same search without that facet's ticks.
 * Values of one facet add up (kind A or kind B), so a ticked value must not hide its siblings;
 * the API counts facets within the whole filtered search, so the page asks once more, per
 * facet with ticks, for one row and the counts.
 */
export function facetSearchQuery(state: SearchState, facet: MultiFacet): SearchQuery {
  return { ...apiSearchQuery({ ...state, [facet]: [], page: 1 }), pageSize: 1 };
}

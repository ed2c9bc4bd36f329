import { describe, expect, it } from 'vitest';
import { apiSearchQuery, facetSearchQuery, readSearch, toggleFacet, writeSearch } from './state';

describe('the knowledge search in the address bar', () => {
  it('keeps several values of a facet and reads them back', () => {
    const state = readSearch('?q=jongeren&kind=handreiking&kind=evaluatie&theme=democratie&page=2');
    expect(state.kind).toEqual(['handreiking', 'evaluatie']);
    expect(state.page).toBe(2);
    expect(readSearch(writeSearch(state))).toEqual(state);
  });

  it('starts at page 1 again when a facet is ticked or unticked', () => {
    const state = readSearch('?kind=handreiking&page=3');
    const ticked = toggleFacet(state, 'kind', 'evaluatie');
    expect(ticked.kind).toEqual(['handreiking', 'evaluatie']);
    expect(ticked.page).toBe(1);
    expect(toggleFacet(ticked, 'kind', 'handreiking').kind).toEqual(['evaluatie']);
  });

  it('asks the API only for what is chosen', () => {
    expect(apiSearchQuery(readSearch('?q=%20&language=de'))).toEqual({ page: 1, pageSize: 10 });
    expect(apiSearchQuery(readSearch('?partner=p1&language=en'))).toEqual({
      page: 1,
      pageSize: 10,
      partner: ['p1'],
      language: 'en',
    });
  });

  it('counts a facet’s values without its own ticks, so a second kind can be added', () => {
    const state = readSearch('?q=klas&kind=report&partner=p1&page=2');
    expect(facetSearchQuery(state, 'kind')).toEqual({ q: 'klas', partner: ['p1'], page: 1, pageSize: 1 });
  });
});

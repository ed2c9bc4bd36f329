import { describe, expect, it } from 'vitest';
import { pageOf } from './paging';

describe('paging a drill-down list', () => {
  const items = Array.from({ length: 53 }, (_, index) => index + 1);

  it('holds the rows of the page asked for, numbered from one', () => {
    expect(pageOf(items, 2, 25)).toMatchObject({ from: 26, to: 50, count: 53, page: 2, pages: 3 });
    expect(pageOf(items, 3, 25).rows).toEqual([51, 52, 53]);
  });

  it('keeps a page number outside the list inside it', () => {
    expect(pageOf(items, 9, 25).page).toBe(3);
    expect(pageOf(items, 0, 25).page).toBe(1);
    expect(pageOf(items, Number.NaN, 25).page).toBe(1);
  });

  it('has one empty page for an empty list', () => {
    expect(pageOf([], 1)).toEqual({ rows: [], from: 0, to: 0, count: 0, page: 1, pages: 1 });
  });
});

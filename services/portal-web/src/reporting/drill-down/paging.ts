/** One page of a list that the API answers whole: which rows it holds, and whether there are more. */
export interface Page<T> {
  rows: T[];
  from: number;
  to: number;
  count: number;
  page: number;
  pages: number;
}

export const PAGE_SIZE = 25;

export function pageOf<T>(items: T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * size;
  const rows = items.slice(start, start + size);
  return {
    rows,
    from: rows.length ? start + 1 : 0,
    to: start + rows.length,
    count: items.length,
    page: current,
    pages,
  };
}

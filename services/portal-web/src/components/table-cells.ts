/** The ARIA role each table element has by nature, set explicitly for the cards. */
const NATIVE_ROLES: Array<[selector: string, role: string]> = [
  ['table', 'table'],
  ['thead, tbody, tfoot', 'rowgroup'],
  ['tr', 'row'],
  ['td', 'cell'],
];

/**
 * The cards need each cell's column header beside it (data-label, shown by app.css) and, as the
 * rows no longer display as table parts, the table's roles written out: Safari (most phones at
 * the door) drops table semantics from table elements shown as blocks. Read from the rendered
 * table rather than passed per cell, so that no page repeats its headers and none can forget one.
 */
export function labelCells(table: HTMLTableElement): void {
  for (const [selector, role] of NATIVE_ROLES) {
    const elements: HTMLElement[] = table.matches(selector) ? [table] : [];
    elements.push(...Array.from(table.querySelectorAll<HTMLElement>(selector)));
    for (const element of elements) {
      if (element.getAttribute('role') !== role) {
        element.setAttribute('role', role);
      }
    }
  }
  for (const header of Array.from(table.querySelectorAll('th'))) {
    const role = header.scope === 'row' ? 'rowheader' : 'columnheader';
    if (header.getAttribute('role') !== role) {
      header.setAttribute('role', role);
    }
  }
  const headers = Array.from(table.querySelectorAll(':scope > thead > tr:last-child > th')).flatMap(
    (header) =>
      Array.from(
        { length: (header as HTMLTableCellElement).colSpan || 1 },
        () => header.textContent?.trim() ?? '',
      ),
  );
  for (const row of Array.from(table.querySelectorAll(':scope > tbody > tr'))) {
    let column = 0;
    for (const cell of Array.from(row.querySelectorAll<HTMLTableCellElement>(':scope > th, :scope > td'))) {
      const label = cell.tagName === 'TD' ? (headers[column] ?? '') : '';
      if (cell.dataset.label !== label) {
        cell.dataset.label = label;
      }
      column += cell.colSpan || 1;
    }
  }
}

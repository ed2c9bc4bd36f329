import { describe, expect, it } from 'vitest';
import { labelCells } from './table-cells';

/** The cells of each body row (happy-dom has no tBodies or rows). */
function bodyCells(element: HTMLTableElement): HTMLTableCellElement[][] {
  return Array.from(element.querySelectorAll('tbody > tr')).map((row) =>
    Array.from(row.querySelectorAll<HTMLTableCellElement>('th, td')),
  );
}

function table(html: string): HTMLTableElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  return holder.querySelector('table')!;
}

const INDICATORS = `
  <table>
    <caption>Indicatoren</caption>
    <thead><tr><th scope="col">Indicator</th><th scope="col">Doel</th><th scope="col">Gerealiseerd</th></tr></thead>
    <tbody>
      <tr><th scope="row">democratiespelen</th><td>ten hoogste 50</td><td><a href="/x">1</a></td></tr>
      <tr><th scope="row">lasten</th><td colspan="2">geen doel</td></tr>
    </tbody>
  </table>`;

describe('labelCells', () => {
  it('heads each body cell with its column header, the row header with none', () => {
    const element = table(INDICATORS);
    labelCells(element);
    const rows = bodyCells(element).map((row) => row.map((cell) => cell.dataset.label));
    expect(rows).toEqual([
      ['', 'Doel', 'Gerealiseerd'],
      ['', 'Doel'],
    ]);
  });

  it('writes out the roles a table has by nature, row and column headers apart', () => {
    const element = table(INDICATORS);
    labelCells(element);
    expect(element.getAttribute('role')).toBe('table');
    expect(element.querySelector('thead')!.getAttribute('role')).toBe('rowgroup');
    expect(element.querySelector('tbody > tr')!.getAttribute('role')).toBe('row');
    expect(element.querySelectorAll('thead th')[1].getAttribute('role')).toBe('columnheader');
    const [first] = bodyCells(element);
    expect(first[0].getAttribute('role')).toBe('rowheader');
    expect(first[1].getAttribute('role')).toBe('cell');
  });

  it('labels rows added later and follows a changed header (another language)', () => {
    const element = table(INDICATORS);
    labelCells(element);
    element.querySelectorAll('thead th')[1].textContent = 'Target';
    const added = document.createElement('tr');
    added.innerHTML = '<th scope="row">nieuw</th><td>5</td><td>0</td>';
    element.querySelector('tbody')!.append(added);
    labelCells(element);
    const rows = bodyCells(element);
    expect(rows[2].map((cell) => cell.dataset.label)).toEqual(['', 'Target', 'Gerealiseerd']);
    expect(rows[0][1].dataset.label).toBe('Target');
  });

  it('leaves cells of a table without column headers unlabelled', () => {
    const element = table(
      '<table><tbody><tr><th scope="row">Begroting</th><td>€ 10</td></tr></tbody></table>',
    );
    labelCells(element);
    expect(bodyCells(element)[0][1].dataset.label).toBe('');
  });
});

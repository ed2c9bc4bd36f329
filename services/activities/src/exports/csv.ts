/** Excel reads a UTF-8 CSV as UTF-8 only with the byte order mark. */
export const UTF8_BOM = '\uFEFF';

export type Cell = string | number | null | undefined;

/**
 * A text cell that a spreadsheet would read as a formula (CSV injection, OWASP) is prefixed
 * with an apostrophe: = + - @ and the tab and carriage return that some programs skip first.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One field per RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  const text = typeof cell === 'number' ? String(cell) : neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 with CRLF line ends, and the BOM so that Excel shows é and ë as they are. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return UTF8_BOM + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

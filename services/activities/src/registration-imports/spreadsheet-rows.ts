import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export type SpreadsheetFormat = 'csv' | 'xlsx';

/** One row of the sheet: its number as a spreadsheet program shows it (the first row is 1), and its cells as text. */
export interface SheetRow {
  number: number;
  cells: string[];
}

/**
 * The format of an upload from its first bytes, whatever its name or declared type says: an
 * XLSX is a ZIP archive; a CSV is UTF-8 text. Undefined for anything else (a PDF, an old .xls,
 * an image).
 */
export function formatOf(head: Buffer): SpreadsheetFormat | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) {
    return 'xlsx';
  }
  const sample = head.subarray(0, 4096);
  if (sample.includes(0)) {
    return undefined;
  }
  try {
    // A multi-byte character cut off at the sample's end is not an error ({ stream: true }).
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'csv';
  } catch {
    return undefined;
  }
}

/**
 * The rows of the file's first sheet, read as a stream: the bytes come in parts and rows go out
 * one at a time, so a file of any length is read in little memory. Empty rows are skipped (their
 * numbers are not reused). Cells are text: numbers as written, dates as ISO 8601.
 */
export async function* sheetRows(
  parts: AsyncIterable<Buffer>,
  format: SpreadsheetFormat,
): AsyncGenerator<SheetRow> {
  const rows = format === 'csv' ? csvRows(parts) : xlsxRows(parts);
  for await (const row of rows) {
    if (row.cells.some((cell) => cell.trim() !== '')) {
      yield row;
    }
  }
}

async function* csvRows(parts: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const decoder = new StringDecoder('utf8');
  const reader = new CsvReader();
  for await (const part of parts) {
    yield* reader.feed(decoder.write(part));
  }
  yield* reader.feed(decoder.end());
  yield* reader.end();
}

async function* xlsxRows(parts: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  // Loaded on the first spreadsheet imported, not at boot (issue 13: some 25 MB resident).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookReader(Readable.from(parts), {
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const worksheet of workbook) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      yield { number: row.number, cells: (row.values as unknown[]).slice(1).map(cellText) };
    }
    // The first sheet only: the others are notes, lists, anything.
    return;
  }
}

/** A cell as the text a person sees in it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'object') {
    const cell = value as {
      text?: unknown;
      result?: unknown;
      richText?: Array<{ text: string }>;
      error?: unknown;
    };
    if (cell.richText) {
      return cell.richText.map((part) => part.text).join('');
    }
    if (cell.text !== undefined) {
      // A hyperlink (an e-mail address often becomes one): its text, which may itself be rich.
      return cellText(cell.text);
    }
    if (cell.result !== undefined) {
      return cellText(cell.result);
    }
    return '';
  }
  return String(value);
}

/**
 * RFC 4180 read in pieces, as Excel and other tools write it: comma or semicolon (taken from the
 * header line: Dutch Excel writes semicolons), quoted fields with doubled quotes and line breaks,
 * CRLF or LF, a byte-order mark. A piece may end anywhere, even between the two quotes of "".
 */
export class CsvReader {
  private delimiter: ',' | ';' | undefined;
  /** Text held back until the header line is complete and the delimiter known. */
  private waiting = '';
  private started = false;
  private cells: string[] = [];
  private field = '';
  private state: 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted' = 'field-start';
  private afterCarriageReturn = false;
  private number = 1;

  *feed(text: string): Generator<SheetRow> {
    if (this.delimiter === undefined) {
      this.waiting += text;
      const lineEnd = this.waiting.search(/[\r\n]/);
      if (lineEnd < 0) {
        return;
      }
      this.decide(this.waiting.slice(0, lineEnd));
      text = this.waiting;
      this.waiting = '';
    }
    yield* this.scan(text);
  }

  *end(): Generator<SheetRow> {
    if (this.delimiter === undefined) {
      this.decide(this.waiting);
      yield* this.scan(this.waiting);
      this.waiting = '';
    }
    if (this.field !== '' || this.cells.length > 0 || this.state !== 'field-start') {
      yield this.endRecord();
    }
  }

  private decide(headerLine: string): void {
    const count = (char: string) => headerLine.split(char).length - 1;
    this.delimiter = count(';') > count(',') ? ';' : ',';
  }

  private *scan(text: string): Generator<SheetRow> {
    let start = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    }
    for (let index = start; index < text.length; index += 1) {
      const char = text[index];
      if (this.afterCarriageReturn) {
        this.afterCarriageReturn = false;
        if (char === '\n') {
          continue;
        }
      }
      if (this.state === 'quoted') {
        if (char === '"') {
          this.state = 'quote-in-quoted';
        } else {
          this.field += char;
        }
        continue;
      }
      if (this.state === 'quote-in-quoted') {
        if (char === '"') {
          this.field += '"';
          this.state = 'quoted';
          continue;
        }
        this.state = 'unquoted';
      }
      if (char === '"' && this.state === 'field-start') {
        this.state = 'quoted';
      } else if (char === this.delimiter) {
        this.cells.push(this.field);
        this.field = '';
        this.state = 'field-start';
      } else if (char === '\n' || char === '\r') {
        this.afterCarriageReturn = char === '\r';
        yield this.endRecord();
      } else {
        this.field += char;
        this.state = 'unquoted';
      }
    }
  }

  private endRecord(): SheetRow {
    this.cells.push(this.field);
    const row = { number: this.number, cells: this.cells };
    this.number += 1;
    this.cells = [];
    this.field = '';
    this.state = 'field-start';
    return row;
  }
}

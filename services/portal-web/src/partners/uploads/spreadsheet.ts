/**
 * Reading a spreadsheet of registrations in the browser: CSV as Excel and other tools write it
 * (comma or semicolon, quoted fields, a byte-order mark), and XLSX through ExcelJS, loaded only
 * when someone chooses an .xlsx file (it is large; nobody else downloads it).
 */
export interface Sheet {
  columns: string[];
  rows: string[][];
  delimiter: ',' | ';';
}

/** RFC 4180 with the delimiter taken from the header line (Dutch Excel writes semicolons). */
export function parseCsv(text: string): Sheet {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter: ',' | ';' =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') {
        index += 1;
      }
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header = [], ...rows] = nonEmpty;
  return { columns: header.map((name, index) => name.trim() || `kolom ${index + 1}`), rows, delimiter };
}

export async function readSpreadsheet(file: File): Promise<Sheet> {
  if (/\.xlsx$/i.test(file.name)) {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const rows: string[][] = [];
    sheet?.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(values.map((value) => cellText(value)));
    });
    const [header = [], ...body] = rows;
    const width = header.length;
    return {
      columns: header.map((name, index) => name.trim() || `kolom ${index + 1}`),
      rows: body.map((row) => Array.from({ length: width }, (_, index) => row[index] ?? '')),
      delimiter: ';',
    };
  }
  return parseCsv(await file.text());
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'object') {
    const cell = value as {
      text?: string;
      result?: unknown;
      richText?: Array<{ text: string }>;
      hyperlink?: string;
    };
    if (cell.richText) {
      return cell.richText.map((part) => part.text).join('');
    }
    if (cell.text !== undefined) {
      return String(cell.text);
    }
    if (cell.result !== undefined) {
      return String(cell.result);
    }
  }
  return String(value).trim();
}

/** A CSV (same delimiter as the upload, so Excel opens it as it was) with a byte-order mark for Excel. */
export function toCsv(columns: string[], rows: string[][], delimiter: ',' | ';'): string {
  const quote = (cell: string) => (/[",;\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `\uFEFF${[columns, ...rows].map((row) => row.map(quote).join(delimiter)).join('\r\n')}\r\n`;
}

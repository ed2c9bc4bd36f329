import ExcelJS from 'exceljs';
import { formatOf, sheetRows, type SheetRow } from './spreadsheet-rows';

async function rowsOf(pieces: Buffer[], format: 'csv' | 'xlsx'): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  async function* parts() {
    yield* pieces;
  }
  for await (const row of sheetRows(parts(), format)) {
    rows.push(row);
  }
  return rows;
}

/** The text cut into pieces of `size` bytes, so that pieces end inside characters, quotes and CRLFs. */
function piecesOf(text: string | Buffer, size: number): Buffer[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    pieces.push(bytes.subarray(at, at + size));
  }
  return pieces;
}

describe('reading a spreadsheet as a stream', () => {
  const csv =
    '\uFEFFNaam;E-mail;Opmerking\r\n' +
    'Eva Smit;eva@example.org;"zegt ""hallo""; en meer"\r\n' +
    '\r\n' +
    'Jos Brink;jos@example.org;"twee\r\nregels"\r\n' +
    'Zoë Ündé;zoe@example.org;';

  it.each([1, 2, 3, 7, 1024])('reads the same rows whatever the piece size (%i bytes)', async (size) => {
    expect(await rowsOf(piecesOf(csv, size), 'csv')).toEqual([
      { number: 1, cells: ['Naam', 'E-mail', 'Opmerking'] },
      { number: 2, cells: ['Eva Smit', 'eva@example.org', 'zegt "hallo"; en meer'] },
      { number: 4, cells: ['Jos Brink', 'jos@example.org', 'twee\r\nregels'] },
      { number: 5, cells: ['Zoë Ündé', 'zoe@example.org', ''] },
    ]);
  });

  it('takes a comma when the heading row has more commas than semicolons', async () => {
    expect(await rowsOf([Buffer.from('name,email\nA;B,c@d.nl\n')], 'csv')).toEqual([
      { number: 1, cells: ['name', 'email'] },
      { number: 2, cells: ['A;B', 'c@d.nl'] },
    ]);
  });

  it('reads the first sheet of a workbook, cells as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Aanmeldingen');
    sheet.addRow(['Naam', 'E-mail', 'Aantal']);
    sheet.addRow(['Eva Smit', { text: 'eva@example.org', hyperlink: 'mailto:eva@example.org' }, 27]);
    workbook.addWorksheet('Notities').addRow(['niet dit']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(formatOf(file)).toBe('xlsx');
    expect(await rowsOf(piecesOf(file, 1000), 'xlsx')).toEqual([
      { number: 1, cells: ['Naam', 'E-mail', 'Aantal'] },
      { number: 2, cells: ['Eva Smit', 'eva@example.org', '27'] },
    ]);
  });

  it('knows a CSV and an XLSX by their bytes, and refuses anything else', () => {
    expect(formatOf(Buffer.from('naam;email\n'))).toBe('csv');
    expect(formatOf(Buffer.from('%PDF-1.7\n\u0000\u0001'))).toBeUndefined();
    expect(formatOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBeUndefined();
  });
});

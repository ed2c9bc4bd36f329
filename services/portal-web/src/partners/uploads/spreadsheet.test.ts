import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './spreadsheet';

describe('reading a CSV as spreadsheets write it', () => {
  it('takes the semicolons of Dutch Excel, quotes, doubled quotes, CRLF and a byte-order mark', () => {
    const sheet = parseCsv(
      '\uFEFFNaam;School;Aantal\r\n"Jansen; J.";"Het ""Lyceum""";27\r\n\r\nBakker;Celeanum;24\r\n',
    );
    expect(sheet.delimiter).toBe(';');
    expect(sheet.columns).toEqual(['Naam', 'School', 'Aantal']);
    expect(sheet.rows).toEqual([
      ['Jansen; J.', 'Het "Lyceum"', '27'],
      ['Bakker', 'Celeanum', '24'],
    ]);
  });

  it('takes commas, a last line without newline and a field spanning lines', () => {
    const sheet = parseCsv('name,note\nAnna,"line one\nline two"\nPiet,x');
    expect(sheet.delimiter).toBe(',');
    expect(sheet.rows).toEqual([
      ['Anna', 'line one\nline two'],
      ['Piet', 'x'],
    ]);
  });

  it('writes what it reads', () => {
    const text = toCsv(['Naam', 'Reden'], [['Jansen; J.', 'e-mail "x" ongeldig']], ';');
    expect(parseCsv(text).rows).toEqual([['Jansen; J.', 'e-mail "x" ongeldig']]);
  });
});

import { csvField, neutraliseFormula, toCsv, UTF8_BOM } from './csv';

describe('CSV (RFC 4180, safe for spreadsheets)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('Zwolle, Overijssel')).toBe('"Zwolle, Overijssel"');
    expect(csvField('De "Jongerenraad"')).toBe('"De ""Jongerenraad"""');
    expect(csvField('regel 1\r\nregel 2')).toBe('"regel 1\r\nregel 2"');
    expect(csvField('gewoon')).toBe('gewoon');
    expect(csvField(null)).toBe('');
    expect(csvField(28)).toBe('28');
  });

  it.each(['=HYPERLINK("http://x")', '+31 6 1234', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralises the formula %j',
    (value) => {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    },
  );

  it('leaves ordinary text and numbers alone', () => {
    expect(neutraliseFormula('Groep 8b')).toBe('Groep 8b');
    expect(csvField(-1)).toBe('-1');
  });

  it('starts with the BOM and ends every record with CRLF', () => {
    const text = toCsv(
      ['naam', 'school'],
      [
        ['Anne de Vries', 'Het Baken, Almelo'],
        ['=cmd', null],
      ],
    );
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1)).toBe('naam,school\r\nAnne de Vries,"Het Baken, Almelo"\r\n\'=cmd,\r\n');
  });
});

import { contentDisposition, fileNameProblem, sniffFileType } from './file-type';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('sniffFileType', () => {
  it('recognises files by their first bytes', () => {
    expect(sniffFileType(Buffer.from('%PDF-1.7\n...'), 'verslag.pdf')?.mediaType).toBe('application/pdf');
    expect(sniffFileType(png, 'foto.png')?.mediaType).toBe('image/png');
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'foto.jpg')?.extensions).toEqual(['jpg', 'jpeg']);
    expect(sniffFileType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'a.webp')?.mediaType).toBe('image/webp');
  });

  it('takes a ZIP container as the office format its name says, and refuses unknown containers', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(sniffFileType(zip, 'plan.docx')?.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffFileType(zip, 'app.jar')).toBeUndefined();
  });

  it('accepts UTF-8 text as csv, txt or md, and refuses HTML, SVG and binaries', () => {
    expect(sniffFileType(Buffer.from('gemeente;deelnemers\nZwolle;30\n'), 'cijfers.csv')?.mediaType).toBe('text/csv; charset=utf-8');
    expect(sniffFileType(Buffer.from('<html><script>alert(1)</script>'), 'x.html')).toBeUndefined();
    expect(sniffFileType(Buffer.from('<svg onload="alert(1)"/>'), 'x.svg')).toBeUndefined();
    expect(sniffFileType(Buffer.from([0x4d, 0x5a, 0x90, 0x00]), 'x.txt')).toBeUndefined();
    expect(sniffFileType(Buffer.from([0xc3, 0x28]), 'x.txt')).toBeUndefined();
  });
});

describe('fileNameProblem', () => {
  it.each(['../../etc/passwd', '..\\boot.ini', 'map/verslag.pdf', '.htaccess', 'a..pdf', 'evil\u202Efdp.exe', 'nul\u0000.pdf', 'geen-extensie', ''])(
    'refuses %j',
    (name) => {
      expect(fileNameProblem(name)).toBeDefined();
    },
  );

  it('accepts an ordinary name, accents included', () => {
    expect(fileNameProblem('Verslag democratiespel – Zwolle (2026).pdf')).toBeUndefined();
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Café "x".pdf')).toBe(`attachment; filename="Caf_ _x_.pdf"; filename*=UTF-8''Caf%C3%A9%20%22x%22.pdf`);
  });
});

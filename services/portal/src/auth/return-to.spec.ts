import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each(['/', '/activiteiten?status=gepland', '/partners/uploads#resultaat'])('keeps the same-origin path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash that browsers read as a slash', '/\\evil.example/'],
    ['a relative path', 'activiteiten'],
    ['a header-splitting attempt', '/a\r\nSet-Cookie: x=y'],
    ['no value', undefined],
    ['a list', ['/a', '/b']],
  ])('turns %s into /', (_case, value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});

import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('search snippets', () => {
  it('turns the marks into marked pieces and the escapes back into characters', () => {
    expect(snippetParts('De <mark>democratie</mark> &#38; het &#60;b&#62;spel')).toEqual([
      { text: 'De ', marked: false },
      { text: 'democratie', marked: true },
      { text: ' & het <b>spel', marked: false },
    ]);
  });

  it('never makes markup of the text: a script in an item stays text', () => {
    const parts = snippetParts('&#60;script&#62;alert(1)&#60;/script&#62; <mark>jongeren</mark>');
    expect(parts[0]).toEqual({ text: '<script>alert(1)</script> ', marked: false });
    expect(parts[1]).toEqual({ text: 'jongeren', marked: true });
  });

  it('ignores a stray closing mark', () => {
    expect(snippetParts('a</mark>b')).toEqual([
      { text: 'a', marked: false },
      { text: 'b', marked: false },
    ]);
  });
});

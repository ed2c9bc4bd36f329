/**
 * The search API's snippet is HTML-escaped text with <mark>…</mark> around the matched words
 * (services/knowledge search/snippet.ts). It is never set as HTML here: it is read back into
 * plain text pieces, marked or not, which React renders as text inside <mark> elements.
 */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Undoes the escaping: numeric (&#60; &#x3c;) and the common named entities; anything else stays as written. */
export function unescapeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The snippet as pieces; an unmatched <mark> or </mark> is ignored rather than shown. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  for (const piece of snippet.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) {
      marked = true;
    } else if (/^<\/mark>$/i.test(piece)) {
      marked = false;
    } else if (piece) {
      parts.push({ text: unescapeText(piece), marked });
    }
  }
  return parts;
}

/** Marks ts_headline puts around matched words; replaced by <mark> only after the text is HTML-escaped. */
const START = '\u0001';
const STOP = '\u0002';

/** The ts_headline options of a search snippet: two fragments of 10 to 25 words, matches between the marks. */
export const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=" … "`;

/** Escapes the snippet as text, then turns the headline marks into <mark>: the body's own markup never becomes HTML. */
export function highlight(headline: string): string {
  const escaped = headline.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return escaped.split(START).join('<mark>').split(STOP).join('</mark>');
}

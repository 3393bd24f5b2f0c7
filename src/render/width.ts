import stringWidth from 'string-width';

/**
 * Display width in terminal columns (East Asian wide characters and emoji
 * count two, marks and escape sequences none), in time linear in the text.
 *
 * string-width is right about each grapheme, but it walks the text with an
 * Intl.Segmenter, and V8's segmenter takes time quadratic in the length of
 * the string it walks: 80,000 characters took it 12 s. So long text is
 * measured in chunks of about CHUNK characters, cut only where a grapheme
 * boundary is certain and never inside an escape sequence, and text made of
 * characters one column wide is counted without segmenting at all.
 */

const CHUNK = 256;

/**
 * Characters string-width counts as exactly one column, one by one (checked
 * by a test), as the inside of a character class: Latin, Greek and Cyrillic
 * letters, typographic punctuation and quotes, no-break spaces, currency,
 * arrows, box drawing. The soft hyphen (zero columns) and combining marks
 * are left out.
 */
export const ONE_COLUMN_CLASS =
  '\\u00a0-\\u00ac\\u00ae-\\u02ff\\u0370-\\u03ff\\u0400-\\u0482\\u048a-\\u04ff\\u2010-\\u2027\\u202f-\\u205e\\u20a0-\\u20c0\\u2100-\\u214f\\u2190-\\u21ff\\u2500-\\u257f';
// Printable ASCII and those: one column each, no segmenter needed.
const ONE_COLUMN = new RegExp(`^[\\x20-\\x7e${ONE_COLUMN_CLASS}]*$`);

/** Display width of text that may hold SGR and OSC 8 sequences. */
export function displayWidth(text: string): number {
  if (ONE_COLUMN.test(text)) return text.length;
  if (text.length <= CHUNK) return stringWidth(text);
  let width = 0;
  for (const chunk of chunks(text)) width += stringWidth(chunk);
  return width;
}

// What may not begin a chunk: marks, joiners, variation selectors, emoji
// modifiers and tags, regional indicators, Hangul jamo; and what may not end
// one: a joiner, a prepended mark, a regional indicator, a leading jamo.
const CANNOT_START = /[\p{M}\u200c\u200d\ufe00-\ufe0f\u{e0020}-\u{e007f}\u{e0100}-\u{e01ef}\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;
const CANNOT_END = /[\u200d\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u{110bd}\u{110cd}\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}\u{1f1e6}-\u{1f1ff}\u1100-\u115f\ua960-\ua97c\x1b]/u;

/**
 * Cuts text into pieces of about CHUNK characters at grapheme boundaries:
 * joined, the pieces are the text, and no grapheme or escape sequence is
 * split between two of them.
 */
export function* chunks(text: string): Generator<string> {
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x1b) {
      i = escapeEnd(text, i);
      continue;
    }
    const code = text.codePointAt(i)!;
    const size = code > 0xffff ? 2 : 1;
    if (i - start >= CHUNK && i > start) {
      const previous = String.fromCodePoint(text.codePointAt(i - 1 - (isLowSurrogate(text.charCodeAt(i - 1)) ? 1 : 0))!);
      if (!CANNOT_START.test(String.fromCodePoint(code)) && !CANNOT_END.test(previous)) {
        yield text.slice(start, i);
        start = i;
      }
    }
    i += size;
  }
  if (start < text.length) yield text.slice(start);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Where the escape sequence starting at `at` ends: CSI to its final byte, OSC to BEL or ST. */
function escapeEnd(text: string, at: number): number {
  const kind = text[at + 1];
  if (kind === '[') {
    let i = at + 2;
    while (i < text.length && !(text.charCodeAt(i) >= 0x40 && text.charCodeAt(i) <= 0x7e)) i++;
    return Math.min(i + 1, text.length);
  }
  if (kind === ']') {
    for (let i = at + 2; i < text.length; i++) {
      if (text[i] === '\x07') return i + 1;
      if (text[i] === '\x1b' && text[i + 1] === '\\') return i + 2;
    }
    return text.length;
  }
  return Math.min(at + 2, text.length);
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The graphemes of text, each with its width, walked chunk by chunk (escape
 * sequences come whole, with width 0). A caller may stop early.
 */
export function* graphemes(text: string): Generator<{ segment: string; width: number }> {
  // Created on first use: an Intl.Segmenter takes 6 ms to make.
  segmenter ??= new Intl.Segmenter();
  for (const chunk of chunks(text)) {
    let i = 0;
    while (i < chunk.length) {
      const escape = chunk.indexOf('\x1b', i);
      const plainEnd = escape === -1 ? chunk.length : escape;
      if (plainEnd > i) {
        for (const { segment } of segmenter.segment(chunk.slice(i, plainEnd))) yield { segment, width: stringWidth(segment) };
      }
      if (escape === -1) break;
      const end = escapeEnd(chunk, escape);
      yield { segment: chunk.slice(escape, end), width: 0 };
      i = end;
    }
  }
}

/** The largest of some numbers, or `floor` for none; without spreading them as arguments (that overflows the stack). */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

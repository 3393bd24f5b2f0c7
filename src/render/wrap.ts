import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

// Stands in for a space that must not become a line break; it is one column
// wide like the space it replaces and is turned back into a space afterwards.
const GLUE = '\uffff';
const SGR = '(?:\\x1b\\[[0-9;]*m)*';
// A space before closing punctuation, or after an opening guillemet or quote.
const BEFORE_CLOSING = new RegExp(` (?=${SGR}[»”?!:;)])`, 'g');
const AFTER_OPENING = new RegExp(`([«“]${SGR}) `, 'g');

export interface WrapOptions {
  /** Break words longer than the width too (table cells); off by default. */
  hard?: boolean;
}

/**
 * Wraps text that may hold SGR styling and OSC 8 links to `width` display
 * columns (wide CJK and emoji count two). Breaks only at ASCII spaces, so
 * no-break spaces hold, and never where French typography forbids: no line
 * starts with `» ” ? ! : ; )` and none ends with `«` or `“`. A word longer than
 * the width stays whole on its own line. Width 0 means no wrapping: only hard
 * breaks (`\n`) end a line.
 */
export function wrap(text: string, width: number, options: WrapOptions = {}): string[] {
  if (width <= 0) return text.split('\n');
  const glued = text.replace(BEFORE_CLOSING, GLUE).replace(AFTER_OPENING, `$1${GLUE}`);
  const wrapped = throughAscii(glued, (ascii) => wrapAnsi(ascii, width, { hard: options.hard ?? false, trim: true, wordWrap: true }));
  return wrapped.split('\n').flatMap((line) => breakWide(line, width).map((part) => part.replaceAll(GLUE, ' ')));
}

/**
 * Characters string-width counts as exactly one column, one by one (checked
 * by a test): Latin, Greek and Cyrillic letters, typographic punctuation and
 * quotes, no-break spaces, currency, arrows, box drawing, and GLUE. The soft
 * hyphen (zero columns) and combining marks are left out.
 */
export const NARROW =
  /[\u00a0-\u00ac\u00ae-\u02ff\u0370-\u03ff\u0400-\u0482\u048a-\u04ff\u2010-\u2027\u202f-\u205e\u20a0-\u20c0\u2100-\u214f\u2190-\u21ff\u2500-\u257f\uffff]/g;
const NON_ASCII = /[^\x00-\x7f]/;
// Printable ASCII that never occurs in the escape sequences wrap-ansi writes.
const STAND_INS = ['~', '^', '|', '`', '@', '$', '%', '&', '{', '}'];

/**
 * string-width is fast on printable ASCII and slow on everything else (a
 * grapheme segmenter per word): wrapping 10 MB of French took 20 s. Text
 * whose only non-ASCII characters are NARROW ones is measured with an ASCII
 * stand-in in their place, which has the same width, and they are put back
 * in order afterwards. Other text (CJK, emoji, combining marks) goes through
 * as it is.
 */
function throughAscii(text: string, wrapAscii: (ascii: string) => string): string {
  if (!NON_ASCII.test(text)) return wrapAscii(text);
  const originals = text.match(NARROW);
  const standIn = STAND_INS.find((char) => !text.includes(char));
  if (!originals || standIn === undefined) return wrapAscii(text);
  const ascii = text.replace(NARROW, standIn);
  if (NON_ASCII.test(ascii)) return wrapAscii(text);
  let next = 0;
  return wrapAscii(ascii).replaceAll(standIn, () => originals[next++]!);
}

// Han, kana, hangul and fullwidth forms: scripts written without spaces, where a
// line may break between any two characters.
const UNSPACED = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** A line still too wide because it holds a run of CJK text is broken between characters. */
function breakWide(line: string, width: number): string[] {
  if (!UNSPACED.test(line) || stringWidth(line) <= width) return [line];
  return wrapAnsi(line, width, { hard: true, trim: true, wordWrap: true }).split('\n');
}

/**
 * Wraps a line of code: indentation kept, long lines broken at spaces, the
 * space at each break dropped, styling carried over. As in prose, a token
 * longer than the width stays whole.
 */
export function wrapCode(line: string, width: number): string[] {
  if (width <= 0) return [line];
  const pieces = wrapAnsi(line, width, { hard: false, trim: false, wordWrap: true }).split('\n');
  return pieces.map((piece, index) => (index < pieces.length - 1 ? piece.replace(TRAILING_SPACES, '$1') : piece));
}

const TRAILING_SPACES = / +((?:\x1b\[[0-9;]*m)*)$/;

/** Tabs to spaces at stops of `size` columns, so widths can be measured. */
export function expandTabs(text: string, size = 4): string {
  if (!text.includes('\t')) return text;
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      for (const char of line) out += char === '\t' ? ' '.repeat(size - (out.length % size)) : char;
      return out;
    })
    .join('\n');
}

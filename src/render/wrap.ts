import wrapAnsi from 'wrap-ansi';
import { ONE_COLUMN_CLASS, displayWidth, graphemes, maxOf } from './width.js';

// Stands in for a space that must not become a line break; it is one column
// wide like the space it replaces and is turned back into a space afterwards.
const GLUE = '\uffff';
const SGR = '(?:\\x1b\\[[0-9;]*m)*';
// A space before closing punctuation, or after an opening guillemet or quote.
// Punctuation only: `:laughing:` and `?q=1` start words, and may start a line.
const BEFORE_CLOSING = new RegExp(` (?=${SGR}[»”?!:;)](?![\\p{L}\\p{N}_]))`, 'gu');
const AFTER_OPENING = new RegExp(`([«“]${SGR}) `, 'g');

/** Text whose spaces `wrap` never breaks at (and shows as spaces): `2 min`, ` ·` before a separator. */
export function unbroken(text: string): string {
  return text.replaceAll(' ', GLUE);
}

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
  const wrapped = wrapLines(glued, width, { hard: options.hard ?? false, trim: true });
  return wrapped.split('\n').flatMap((line) => breakWide(line, width).map((part) => part.replaceAll(GLUE, ' ')));
}

/**
 * wrap-ansi, in time linear in the text. It measures each word with
 * string-width, which is slow on all but printable ASCII (see width.ts): a
 * word longer than LONG_WORD is measured here instead and stands in as ASCII
 * of its width; one that may be broken (hard wrapping, or CJK, which breaks
 * anywhere) is first cut into pieces of the width. Then throughAscii.
 */
function wrapLines(text: string, width: number, options: { hard: boolean; trim: boolean }): string {
  const wrapAscii = (ascii: string): string => oneTerminator(wrapAnsi(ascii, width, { ...options, wordWrap: true }));
  // Stryker disable next-line ConditionalExpression: the long-word path gives the same lines, only later.
  if (!hasLongWord(text)) return throughAscii(text, wrapAscii);
  const standIn = STAND_INS.find((char) => !text.includes(char));
  if (standIn === undefined) return throughAscii(text, wrapAscii);
  const kept: Array<{ word: string; run: string }> = [];
  const parts = text.split(/( |\n)/).map((word) => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a word measured here or by string-width comes out the same; only the time differs.
    if (word.length <= LONG_WORD || ONE_COLUMN_WORD.test(word)) return word;
    if (options.hard || UNSPACED.test(word)) return breakToWidth(word, width).join(' ');
    const run = standIn.repeat(Math.max(1, displayWidth(word)));
    kept.push({ word, run });
    return run;
  });
  const wrapped = throughAscii(parts.join(''), wrapAscii);
  // Stryker disable next-line ConditionalExpression: with no word kept, the loop below puts nothing back.
  if (kept.length === 0) return wrapped;
  // The runs come out of wrap-ansi whole and in order: put the words back in one pass.
  const out: string[] = [];
  let at = 0;
  for (const { word, run } of kept) {
    const found = wrapped.indexOf(run, at);
    out.push(wrapped.slice(at, found), word);
    at = found + run.length;
  }
  out.push(wrapped.slice(at));
  return out.join('');
}

// wrap-ansi ends the OSC 8 links it closes and reopens at a break with BEL.
const BEL_LINK = /\x1b\]8;;([^\x07\x1b]*)\x07/g;

/** Every OSC 8 sequence ended with ST, as kiosk writes its own. */
function oneTerminator(wrapped: string): string {
  // Stryker disable next-line StringLiteral: without a BEL, the replacement finds nothing.
  return wrapped.includes('\x07') ? wrapped.replace(BEL_LINK, '\x1b]8;;$1\x1b\\') : wrapped;
}

/** Words longer than this are measured by width.ts, not by string-width. */
const LONG_WORD = 256;

// Stryker disable all: whether a text has a long word only picks the faster of two paths that give the same lines.
function hasLongWord(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a) run = 0;
    else if (++run > LONG_WORD) return true;
  }
  return false;
}
// Stryker restore all
const ONE_COLUMN_WORD = new RegExp(`^[\\x20-\\x7e${ONE_COLUMN_CLASS}]*$`);

/** A word cut into pieces at most `width` columns wide (a grapheme wider than that is a piece alone). */
function breakToWidth(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const { segment, width: columns } of graphemes(word)) {
    if (used + columns > width && used > 0) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += columns;
  }
  // Stryker disable next-line ConditionalExpression,StringLiteral: the words cut here are long ones, never empty, so the last piece is never empty either.
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** The characters one column wide (see width.ts), and GLUE. */
export const NARROW = new RegExp(`[${ONE_COLUMN_CLASS}\\uffff]`, 'g');
const NON_ASCII = /[^\x00-\x7f]/;
// Printable ASCII that never occurs in the escape sequences wrap-ansi writes.
// Stryker disable next-line StringLiteral: an empty stand-in is passed over (every text includes ''), and one fewer only sends more texts down the slower path, to the same lines.
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
  // Stryker disable ConditionalExpression,LogicalOperator: each of these returns is a shortcut to, or a fallback on, the same lines.
  if (!NON_ASCII.test(text)) return wrapAscii(text);
  const originals = text.match(NARROW);
  const standIn = STAND_INS.find((char) => !text.includes(char));
  if (!originals || standIn === undefined) return wrapAscii(text);
  const ascii = text.replace(NARROW, standIn);
  if (NON_ASCII.test(ascii)) return wrapAscii(text);
  // Stryker restore ConditionalExpression,LogicalOperator
  let next = 0;
  return wrapAscii(ascii).replaceAll(standIn, () => originals[next++]!);
}

// Han, kana, hangul and fullwidth forms: scripts written without spaces, where a
// line may break between any two characters.
const UNSPACED = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** The width of a word's widest part that must stay on one line: the whole word, or the pieces between its CJK characters. */
export function unbreakableWidth(word: string): number {
  if (!UNSPACED.test(word)) return displayWidth(word);
  return maxOf(word.split(UNSPACED).map(displayWidth), 2);
}

/** A line still too wide because it holds a run of CJK text is broken between characters. */
function breakWide(line: string, width: number): string[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a line that fits, wrapped again, is itself.
  if (!UNSPACED.test(line) || displayWidth(line) <= width) return [line];
  return wrapLines(line, width, { hard: true, trim: true }).split('\n');
}

/**
 * Wraps a line of code: indentation kept, long lines broken at spaces, the
 * space at each break dropped, styling carried over. As in prose, a token
 * longer than the width stays whole.
 */
export function wrapCode(line: string, width: number): string[] {
  if (width <= 0) return [line];
  // A break at a space that fills no line leaves a piece of nothing but that space.
  const pieces = wrapLines(line, width, { hard: false, trim: false })
    .split('\n')
    .filter((piece, index) => index === 0 || !BLANK_PIECE.test(piece));
  let spaceDropped = true;
  return pieces.map((piece, index) => {
    // A piece that fills the width leaves the space it broke at to start the next one.
    const start = spaceDropped ? piece : withoutLeadingSpace(piece);
    if (index === pieces.length - 1) return start;
    const kept = withoutTrailingSpaces(start);
    spaceDropped = kept !== start;
    return kept;
  });
}

const SGR_AT_START = /^(?:\x1b\[[0-9;]*m)*/;
const BLANK_PIECE = /^(?:\x1b\[[0-9;]*m| )*$/;

/** A piece without one space at its start, styling before it kept. */
function withoutLeadingSpace(piece: string): string {
  const styles = SGR_AT_START.exec(piece)![0].length;
  return piece[styles] === ' ' ? piece.slice(0, styles) + piece.slice(styles + 1) : piece;
}

const SGR_AT_END = /\x1b\[[0-9;]*m$/;

/** A piece of a line without the spaces at its end, styling that closes after them kept. */
function withoutTrailingSpaces(piece: string): string {
  let styles = piece.length;
  for (let at = piece.lastIndexOf('\x1b[', styles - 1); at !== -1 && SGR_AT_END.test(piece.slice(at, styles)); at = piece.lastIndexOf('\x1b[', at - 1)) {
    styles = at;
  }
  let spaces = styles;
  while (spaces > 0 && piece[spaces - 1] === ' ') spaces--;
  return piece.slice(0, spaces) + piece.slice(styles);
}

/**
 * Tabs to spaces at stops of `size` columns, so widths can be measured. The
 * stops count columns as the terminal shows them: a wide character (東) takes
 * two, a combining mark none.
 */
export function expandTabs(text: string, size = 4): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a text without tabs comes out of the loop as it went in.
  if (!text.includes('\t')) return text;
  return text
    .split('\n')
    .map((line) => {
      const pieces = line.split('\t');
      let out = pieces[0]!;
      let column = displayWidth(out);
      for (let i = 1; i < pieces.length; i++) {
        const spaces = size - (column % size);
        const piece = pieces[i]!;
        out += ' '.repeat(spaces) + piece;
        column += spaces + displayWidth(piece);
      }
      return out;
    })
    .join('\n');
}

/**
 * The command line as a shell holds it while the user presses Tab, read as
 * data: words split and unquoted without ever expanding anything, and
 * candidates quoted back so that the shell inserts them as one literal word.
 * Nothing here runs a shell; a candidate holding `$(…)` stays text.
 */

export type Quote = '' | '"' | "'";

export interface CurrentWord {
  /** The word as typed, quotes and backslashes included. */
  raw: string;
  /** The word as the command will receive it. */
  value: string;
  /** The quote left open at the cursor, if any. */
  quote: Quote;
  /**
   * Where, in `raw`, the text that readline replaces begins: after an open
   * quote, or after the last unquoted word-break character (`=` and `:` in
   * bash's default COMP_WORDBREAKS).
   */
  textStart: number;
  /** The unquoted text from `textStart` on: what readline matches. */
  text: string;
}

export interface SplitLine {
  /** The words before the one being completed, unquoted. */
  words: string[];
  current: CurrentWord;
}

// Unquoted, these end a word for the shell's parser.
const SEPARATORS = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);

/**
 * Splits a command line (up to the cursor) into words as bash's parser
 * would, handling backslashes and single and double quotes, including a
 * quote left open at the end. `wordBreaks` is bash's COMP_WORDBREAKS: inside
 * the last word, readline completes only the text after the last unquoted
 * one of them.
 */
export function splitLine(line: string, wordBreaks = ''): SplitLine {
  const breaks = new Set([...wordBreaks].filter((char) => char !== '"' && char !== "'" && !SEPARATORS.has(char)));
  const words: string[] = [];
  let raw = '';
  let value = '';
  let quote: Quote = '';
  let textStart = 0;
  let textValueStart = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      raw += char;
      if (char === "'") quote = '';
      else value += char;
      continue;
    }
    if (quote === '"') {
      raw += char;
      if (char === '"') quote = '';
      else if (char === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
        raw += line[++i]!;
        if (line[i] !== '\n') value += line[i]!;
      } else value += char;
      continue;
    }
    if (SEPARATORS.has(char)) {
      if (inWord) words.push(value);
      raw = '';
      value = '';
      textStart = 0;
      textValueStart = 0;
      inWord = false;
      continue;
    }
    inWord = true;
    raw += char;
    if (char === '\\') {
      if (i + 1 < line.length) {
        raw += line[++i]!;
        if (line[i] !== '\n') value += line[i]!;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      textStart = raw.length;
      textValueStart = value.length;
    } else {
      value += char;
      if (breaks.has(char)) {
        textStart = raw.length;
        textValueStart = value.length;
      }
    }
  }
  return { words, current: { raw, value, quote, textStart, text: value.slice(textValueStart) } };
}

// Characters that mean something to the shell outside quotes; anything else
// (letters of any script included) is taken literally. `~` and `#` do only at
// the start of a word.
const SPECIAL = /[\s|&;()<>'"\\$`*?[\]{}!^]/;
const SPECIAL_FIRST = /[~#]/;

/**
 * `text` written so that, continuing inside `quote`, the shell reads it
 * literally; `wordStart` when it begins the word.
 */
export function quoteFor(text: string, quote: Quote, wordStart = false): string {
  let out = '';
  for (const char of text) {
    if (quote === "'") out += char === "'" ? `'\\''` : char;
    // `!` inside double quotes starts history expansion, and `\!` keeps its backslash: step out for it.
    else if (quote === '"') out += char === '!' ? `"\\!"` : '$`"\\'.includes(char) ? `\\${char}` : char;
    else out += SPECIAL.test(char) || (wordStart && out === '' && SPECIAL_FIRST.test(char)) ? `\\${char}` : char;
  }
  return out;
}

/**
 * What to put in bash's COMPREPLY for a candidate, given the word typed so
 * far: readline replaces only the text from `current.textStart` on. A
 * candidate that continues what was typed keeps the typing as it is; one
 * matched loosely (case, accents) replaces it, when nothing before the text
 * must stay. Null when it cannot be inserted.
 */
export function bashReply(candidate: string, current: CurrentWord): string | null {
  if (candidate.startsWith(current.value)) {
    const inserted = current.raw + quoteFor(candidate.slice(current.value.length), current.quote, current.raw === '');
    return inserted.slice(current.textStart);
  }
  // Replacing the word whole: only when readline's text is all of it (after an opening quote, if any).
  const whole = current.quote === '' ? current.textStart === 0 : current.raw[0] === current.quote && current.textStart === 1;
  if (!whole) return null;
  return quoteFor(candidate, current.quote, true);
}

import { ACCENT_BLOCKS, foldText, isMark, takesAccents, variantsOf } from '../fold.js';
import type { Term } from './query.js';

/**
 * The regular expressions search finds query words with, case- and
 * accent-insensitive in any script: `electorale` finds `électorale`, `OEUVRE`
 * finds `œuvre`, `москва` finds `Москва`. Instead of folding every article
 * (35 ms a megabyte), each query word becomes a regular expression whose
 * letters match every character that folds to them (see fold.ts), run on
 * the text as it is: matches come with their real positions, ready for
 * snippets. Query words are text, never patterns: `e-mail` and `c++` are
 * found as written.
 */

/**
 * A word as folded for search and for the word index (case, accents,
 * ligatures: `Œuvre` → `oeuvre`). Query words and indexed words fold alike.
 */
export function foldWord(word: string): string {
  return foldText(word);
}

// Accents written as combining marks after a letter (`e` + U+0301) are
// skipped after a Latin, Greek or Cyrillic letter, as the folded query has none.
const ACCENT_MARKS = ACCENT_BLOCKS.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)));

type Render = (chars: readonly string[]) => string;

/**
 * The pattern of a query word: each folded letter becomes what `render`
 * makes of the characters that fold to it, followed by any accent marks
 * when its script takes them; a ligature (`ß`, `œ`, `ﬁ`) stands for the
 * letters it folds to. Letters that ligatures could join are taken as one
 * stretch with every way of reading it (`sss`: `s s s`, `ß s`, `s ß`);
 * stretches are short, so the pattern stays linear in the word.
 */
function patternSource(word: string, render: Render, marks: string): string {
  const units = Array.from(foldWord(word));
  // After a Latin, Greek or Cyrillic letter, and after any mark written on it, accents may follow in the text.
  const tails: string[] = [];
  let accents = false;
  for (const unit of units) {
    if (!isMark(unit)) accents = takesAccents(unit);
    tails.push(accents ? marks : '');
  }
  const ligaturesAt = (i: number): Array<[span: number, source: string]> => {
    const found: Array<[number, string]> = [];
    for (const span of [2, 3]) {
      const chars = i + span <= units.length ? ligaturesOf(units.slice(i, i + span).join('')) : [];
      if (chars.length > 0) found.push([span, render(chars) + tails[i + span - 1]!]);
    }
    return found;
  };
  const letter = (i: number): string => render(variantsOf(units[i]!)) + tails[i]!;

  let source = '';
  for (let start = 0; start < units.length; ) {
    // The stretch that ligatures starting in it reach to.
    let end = start + 1;
    const ligatures = new Map<number, Array<[number, string]>>();
    for (let i = start; i < end; i++) {
      const found = ligaturesAt(i);
      if (found.length > 0) ligatures.set(i, found);
      for (const [span] of found) end = Math.max(end, i + span);
      if (end - start > MAX_STRETCH) break;
    }
    end = Math.min(end, units.length);
    if (ligatures.size === 0 || end - start > MAX_STRETCH) {
      for (let i = start; i < end; i++) source += letter(i);
    } else {
      // Every reading of the stretch, from its end back: ways[i] reads units i to end.
      const ways: string[] = [];
      ways[end] = '';
      for (let i = end - 1; i >= start; i--) {
        const options = [letter(i) + ways[i + 1]!];
        for (const [span, ligature] of ligatures.get(i) ?? []) if (i + span <= end) options.push(ligature + ways[i + span]!);
        ways[i] = options.length === 1 ? options[0]! : `(?:${options.join('|')})`;
      }
      source += ways[start]!;
    }
    start = end;
  }
  return source;
}

/** Ligatures are read in stretches of at most this many letters; past it (`ssssssssss`), letter by letter. */
const MAX_STRETCH = 6;

/**
 * The letters that fold to several letters (`ß` for `ss`, `ﬁ` for `fi`), and
 * the marks to several marks (U+0344 for U+0308 U+0301); not symbols such
 * as `㎲`, which would make every `μs` a ligature.
 */
function ligaturesOf(folded: string): string[] {
  return variantsOf(folded).filter((char) => LETTER_OR_MARK.test(char));
}

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** The expression that finds a query word in any case and with any accents. */
export function wordPattern(word: string): RegExp {
  return new RegExp(patternSource(word, charClass, `${charClass(ACCENT_MARKS)}*`), 'giu');
}

/**
 * Between the words of a phrase: white space, ASCII punctuation and symbols (`**`, `-`), and the
 * punctuation of Latin-1, of the General Punctuation block and of CJK (`«`, `’`, `…`, `、`).
 * Listed, not taken by Unicode category: none of them is a way of writing a letter (`ª`, `¹` and
 * `ⓔ` fold to letters and are left out), so where a word ends and what lies between never
 * overlap, and matching stays linear.
 */
const GAP = '[\\s!-/:-@[-`{-~\\u00a1-\\u00a9\\u00ab-\\u00b1\\u00b4\\u00b6-\\u00b8\\u00bb\\u00bf\\u00d7\\u00f7\\u2010-\\u2027\\u2030-\\u205e\\u3000-\\u3003\\u3008-\\u3011\\u3014-\\u301f]+';
const MARKS = () => `${charClass(ACCENT_MARKS)}*`;

/**
 * The expression of a term of the query language, over text held as a
 * string. A word is found inside longer words, as `wordPattern` finds it; a
 * phrase is its words, each found as a word is, in that order with only
 * spaces and marks between them (the words inside it are therefore whole);
 * a prefix (`pirat*`, `"le pira"*`) is found only where a word starts.
 */
export function termPattern(term: Pick<Term, 'text' | 'kind'>): RegExp {
  if (term.kind === 'word') return wordPattern(term.text);
  const source = wordsOf(term.text).map((word) => `(?:${patternSource(word, charClass, MARKS())})`).join(GAP);
  return new RegExp(term.kind === 'prefix' ? `(?<![\\p{L}\\p{N}\\p{M}])${source}` : source, 'giu');
}

/** The words of a term's text that fold to something: what its pattern is made of, and what makes it worth searching for. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => foldWord(word) !== '');
}

function charClass(chars: readonly string[]): string {
  return chars.length === 1 ? escapeRegExp(chars[0]!) : `[${chars.map(escapeClass).join('')}]`;
}

// With the `u` flag only syntax characters may be escaped: `\-` outside a class is an error.
function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClass(char: string): string {
  return /[\\\]^[-]/.test(char) ? `\\${char}` : char;
}

/**
 * The same search as `wordPattern`, for text held as its UTF-8 bytes, one
 * character a byte (`buffer.toString('latin1')`, twenty times faster than
 * decoding UTF-8). Each letter becomes the byte sequences of every
 * character `wordPattern` lets it match.
 */
export function bytePattern(word: string): RegExp {
  return new RegExp(patternSource(word, byteAlternatives, `${byteAlternatives(ACCENT_MARKS)}*`), 'g');
}

const byteGroups = new Map<string, string>();

function byteAlternatives(chars: readonly string[]): string {
  const key = chars.join('');
  let source = byteGroups.get(key);
  if (source !== undefined) return source;
  // Grouped by all bytes but the last, each group a class: `[pP]`, `\xc3[\xa8-\xab]`. Classes let
  // the regex engine skip ahead fast; UTF-8 being prefix-free, no alternative can shadow another.
  const groups = new Map<string, Set<string>>();
  for (const one of chars) {
    const bytes = Buffer.from(one, 'utf8').toString('latin1');
    const prefix = bytes.slice(0, -1);
    if (!groups.has(prefix)) groups.set(prefix, new Set());
    groups.get(prefix)!.add(bytes.slice(-1));
  }
  const alternatives = [...groups].map(([prefix, lasts]) => escapeRegExp(prefix) + (lasts.size === 1 ? escapeRegExp([...lasts][0]!) : `[${[...lasts].map(escapeClass).join('')}]`));
  source = alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
  byteGroups.set(key, source);
  return source;
}

import { compareArticles, nameKey } from './catalog.js';
import { ACCENT_BLOCKS, foldText, isMark, takesAccents, variantsOf } from '../fold.js';
import type { Article } from '../../types.js';
import { trimChars } from '../../text.js';
import type { Query, Term } from './query.js';

/**
 * Full-text search, case- and accent-insensitive in any script: `electorale`
 * finds `électorale`, `OEUVRE` finds `œuvre`, `москва` finds `Москва`.
 * Instead of folding every article (35 ms a megabyte), each query word
 * becomes a regular expression whose letters match every character that
 * folds to them (see fold.ts), run on the text as it is: matches come with
 * their real positions, ready for snippets. Query words are text, never
 * patterns: `e-mail` and `c++` are found as written.
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
function wordsOf(text: string): string[] {
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

export interface SearchOptions {
  section?: string;
  limit?: number;
  /** FTS5's bm25 of each article (by path relative to the root), lower is better; null to rank without it. */
  ranks?: ReadonlyMap<string, number> | null;
}

export interface SearchHit {
  article: Article;
  score: number;
  /** The article's bm25 for the query, as FTS5 gives it (lower is better); null when the index did not rank it. */
  rank: number | null;
  /** A stretch of the article's text around the first match. */
  snippet: string;
  /** Where the query words appear in the snippet, as [start, end) offsets. */
  highlights: Array<[number, number]>;
}

/** How one article matches a query: what ranks it, and its snippet. */
interface Match {
  titleWords: number;
  headingWords: number;
  frequency: number;
  score: number;
  snippet: string;
  highlights: Array<[number, number]>;
}

/** An article's body for searching: a string, or its UTF-8 bytes one character a byte (see bytePattern). */
export interface Body {
  text: string;
  bytes: boolean;
}

/**
 * The words of a query as typed: `"piratage iran"` and `piratage iran`
 * alike; each word once, and none that folds to nothing (a lone accent).
 */
export function queryWords(query: readonly string[]): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of query.flatMap((part) => part.split(/\s+/))) {
    const key = foldWord(word);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  return words;
}

/** Words taken as they are, none of them query syntax: every one must appear. */
export function plainQuery(words: readonly string[]): Query {
  return queryWords(words).map((text) => [{ text, kind: 'word', field: null, negated: false }]);
}

/** The query without the terms that fold to nothing (a lone accent), and without the groups left empty. */
export function usableQuery(query: Query): Query {
  return query.map((group) => group.filter((term) => wordsOf(term.text).length > 0)).filter((group) => group.length > 0);
}

/**
 * The articles that hold the query, best first (see rank), over bodies
 * fetched one at a time: a body is dropped as soon as its article is
 * matched, so a search holds one text at a time, not the library. `bodyOf`
 * gives null for an article that cannot be read.
 */
export function searchBodies(
  articles: readonly Article[],
  bodyOf: (article: Article) => Body | null,
  query: Query,
  options: SearchOptions = {},
): SearchHit[] {
  const usable = usableQuery(query);
  const chosen = eligible(articles, options);
  // No candidate (a word the index finds nowhere): no patterns to build, whose letter tables take 40 ms.
  if (usable.length === 0 || chosen.length === 0) return [];
  const matches = matcher(usable);
  const found: Array<[Article, Match]> = [];
  for (const article of chosen) {
    const body = bodyOf(article);
    const match = body === null ? null : matches(article, body);
    if (match) found.push([article, match]);
  }
  return rank(found, options);
}

/** The articles a search looks at: no drafts, and only the section asked for. */
function eligible(articles: readonly Article[], options: SearchOptions): Article[] {
  const section = options.section === undefined ? null : nameKey(options.section);
  return articles.filter((article) => !article.draft && (section === null || nameKey(article.section) === section));
}

/**
 * Best first. With the index's bm25 (title above headings above body, see
 * words.ts): by it, then newest. Without it: words in the title, then in
 * headings, then frequency, then newest.
 */
function rank(found: Array<[Article, Match]>, { ranks = null, limit }: SearchOptions): SearchHit[] {
  const rankOf = (article: Article) => ranks?.get(article.relPath) ?? null;
  // An article the index holds no rank for (not indexed yet when it could not be read) comes after those it ranked.
  const bm25 = (article: Article) => rankOf(article) ?? Number.MAX_VALUE;
  found.sort(([articleA, a], [articleB, b]) =>
    ranks
      ? bm25(articleA) - bm25(articleB) || compareArticles(articleA, articleB)
      : b.titleWords - a.titleWords || b.headingWords - a.headingWords || b.frequency - a.frequency || compareArticles(articleA, articleB),
  );
  const hits = found.map(([article, { score, snippet, highlights }]) => ({ article, score, rank: rankOf(article), snippet, highlights }));
  return limit === undefined ? hits : hits.slice(0, limit);
}

/** A term with its expressions: over strings, and (for words) over bytes, made when a body held as bytes comes. */
interface Compiled {
  term: Term;
  pattern: RegExp;
  bytes: RegExp | null;
}

/**
 * Tells whether an article holds the query, and how well it matches. Each
 * group holds when one of its terms does; a term left out (`-word`) holds
 * when the article does not have it. A term without a field is looked for
 * in the title, the body, the tags and the author. Phrases and prefixes are
 * matched on text (a body held as bytes is decoded for them): where a word
 * starts and what lies between two words is a matter of characters, not bytes.
 */
function matcher(query: Query): (article: Article, body: Body) => Match | null {
  const groups: Compiled[][] = query.map((group) => group.map((term) => ({ term, pattern: termPattern(term), bytes: null })));
  const compiled = groups.flat();
  const onText = compiled.some(({ term }) => term.kind !== 'word' && term.field === null);
  // The snippet shows what was looked for in the text.
  const shown = compiled.filter(({ term }) => !term.negated && term.field === null).map(({ pattern }) => pattern);
  return (article, given) => {
    const body = onText && given.bytes ? { text: Buffer.from(given.text, 'latin1').toString('utf8'), bytes: false } : given;
    let titleWords = 0;
    let headingWords = 0;
    let frequency = 0;
    let firstProse = -1;
    let firstHeading = -1;
    for (const group of groups) {
      let holds = false;
      for (const one of group) {
        const { term } = one;
        if (term.field !== null) {
          const found = inField(one.pattern, article, term.field);
          if (found !== term.negated) holds = true;
          if (found && !term.negated && term.field === 'title') titleWords++;
          continue;
        }
        const inTitle = test(one.pattern, article.title);
        const found = scan(body.bytes ? (one.bytes ??= bytePattern(term.text)) : one.pattern, body.text);
        const anywhere = inTitle || found.count > 0 || article.tags.some((tag) => test(one.pattern, tag)) || test(one.pattern, article.author ?? '');
        if (anywhere !== term.negated) holds = true;
        if (term.negated) continue;
        if (inTitle) titleWords++;
        if (found.inHeading) headingWords++;
        frequency += found.count;
        if (found.firstProse !== -1 && (firstProse === -1 || found.firstProse < firstProse)) firstProse = found.firstProse;
        if (found.firstHeading !== -1 && (firstHeading === -1 || found.firstHeading < firstHeading)) firstHeading = found.firstHeading;
      }
      if (!holds) return null;
    }
    const score = titleWords * 10_000 + headingWords * 1_000 + Math.min(frequency, 999);
    return { titleWords, headingWords, frequency, score, ...snippetOf(body, firstProse !== -1 ? firstProse : firstHeading, shown) };
  };
}

function inField(pattern: RegExp, article: Article, field: NonNullable<Term['field']>): boolean {
  switch (field) {
    case 'title':
      return test(pattern, article.title);
    case 'section':
      return test(pattern, article.section);
    case 'tag':
      return article.tags.some((tag) => test(pattern, tag));
    case 'author':
      return test(pattern, article.author ?? '');
  }
}

function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

interface Scan {
  count: number;
  /** Some match is on a heading line. */
  inHeading: boolean;
  /** Where the first match outside headings is, or -1. */
  firstProse: number;
  /** Where the first match in a heading is, or -1. */
  firstHeading: number;
}

/**
 * One pass over a body: how often a word appears, whether in a heading, and
 * where first in the prose. Line starts are found moving forward only, so a
 * body that is one long line costs one pass too.
 */
function scan(pattern: RegExp, body: string): Scan {
  pattern.lastIndex = 0;
  const result: Scan = { count: 0, inHeading: false, firstProse: -1, firstHeading: -1 };
  let lineStart = 0;
  let nextLine = body.indexOf('\n');
  for (let match = pattern.exec(body); match !== null; match = pattern.exec(body)) {
    if (match[0].length === 0) break;
    result.count++;
    if (result.inHeading && result.firstProse !== -1) continue;
    while (nextLine !== -1 && nextLine < match.index) {
      lineStart = nextLine + 1;
      nextLine = body.indexOf('\n', lineStart);
    }
    if (HEADING_START.test(body.slice(lineStart, lineStart + 10))) {
      if (!result.inHeading) result.firstHeading = match.index;
      result.inHeading = true;
    } else if (result.firstProse === -1) {
      result.firstProse = match.index;
    }
  }
  return result;
}

const HEADING_START = /^ {0,3}#{1,6}(?:[ \t]|$)/;

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;
/** A paragraph is looked at this far on each side of the match: a one-line megabyte costs no more than a short one. */
const SNIPPET_WINDOW = 2_000;

/**
 * The paragraph around the first match, preferably in the prose (the title
 * is shown beside the snippet), as plain text, cut to a window around the
 * match; the first paragraph when the words are only in the title.
 */
function snippetOf(body: Body, at: number, patterns: RegExp[]): { snippet: string; highlights: Array<[number, number]> } {
  const region = at === -1 ? firstParagraph(body.text).slice(0, 2 * SNIPPET_WINDOW) : paragraphAround(body.text, at);
  // Lines of code are not a sentence: from a code block, the snippet is the line of the match alone.
  const code = FENCE_LINE.test(region) || INDENTED_START.test(region);
  const around = at !== -1 && code ? lineAround(body.text, at) : region;
  // Held as bytes, only the paragraph of the snippet is decoded; a character cut at the window's edge is dropped.
  const decoded = body.bytes ? trimChars(Buffer.from(around, 'latin1').toString('utf8'), '\ufffd') : around;
  const paragraph = roughText(decoded);
  let first = paragraph.length;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    const match = pattern.exec(paragraph);
    if (match) first = Math.min(first, match.index);
  }
  if (first === paragraph.length) first = 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0) start = paragraph.indexOf(' ', start) + 1 || start;
  let end = Math.min(paragraph.length, start + SNIPPET_LENGTH);
  if (end < paragraph.length) end = paragraph.lastIndexOf(' ', end) > first ? paragraph.lastIndexOf(' ', end) : end;
  const text = paragraph.slice(start, end);
  const prefix = start > 0 ? '…' : '';
  const snippet = prefix + text + (end < paragraph.length ? '…' : '');
  const highlights: Array<[number, number]> = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) break;
      highlights.push([prefix.length + match.index, prefix.length + match.index + match[0].length]);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet, highlights: mergeRanges(highlights) };
}

// A fence anywhere in a paragraph, or an indented block (its first line, after the blank line, is indented).
const FENCE_LINE = /^ {0,3}(?:```|~~~)/m;
const INDENTED_START = /^\n?(?: {4}|\t)/;

/** The line that holds `at`, at most SNIPPET_WINDOW on each side of it. */
function lineAround(body: string, at: number): string {
  const start = Math.max(body.lastIndexOf('\n', at - 1) + 1, at - SNIPPET_WINDOW);
  const end = body.indexOf('\n', at);
  return body.slice(start, Math.min(end === -1 ? body.length : end, at + SNIPPET_WINDOW));
}

const BLANK_LINE = /\n[ \t]*\n/g;
// Blank is spaces and tabs only, as in Markdown: a line of no-break spaces is text. The same
// test holds for a body held as bytes, where a no-break space is two characters.
const HAS_TEXT = /[^ \t\r\n]/;

/** The text between the blank lines around `at`, at most SNIPPET_WINDOW on each side of it. */
function paragraphAround(body: string, at: number): string {
  const floor = Math.max(0, at - SNIPPET_WINDOW);
  let start = body.lastIndexOf('\n', at);
  // Walk back to the nearest blank line.
  while (start > floor) {
    const previous = body.lastIndexOf('\n', start - 1);
    if (!HAS_TEXT.test(body.slice(previous + 1, start))) break;
    start = previous;
  }
  BLANK_LINE.lastIndex = at;
  const next = BLANK_LINE.exec(body);
  return body.slice(Math.max(start, floor), Math.min(next ? next.index : body.length, at + SNIPPET_WINDOW));
}

/** The first paragraph of prose, else the first of anything. */
function firstParagraph(body: string): string {
  const blocks = body.split(/\n[ \t]*\n/, 50);
  return blocks.find((block) => HAS_TEXT.test(block) && !/^[ \t\n]*#{1,6}[ \t]/.test(block)) ?? blocks.find((block) => HAS_TEXT.test(block)) ?? '';
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Markdown reduced to its words for a snippet: marks, link targets and tags dropped, lines joined. */
export function roughText(markdown: string): string {
  return markdown
    .replace(/^ {0,3}(?:```|~~~).*$/gm, '')
    // Each bracket run stops at the next opening one, so a run of `[` or `<` costs one pass.
    .replace(/!?\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/<[^<>]*>/g, '')
    .replace(/^[ \t]*(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/\*\*|__|~~|[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

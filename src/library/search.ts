import transliterate from '@sindresorhus/transliterate';
import { compareArticles, nameKey } from './catalog.js';
import type { Article } from '../types.js';

/**
 * Full-text search, case- and accent-insensitive: `electorale` finds
 * `électorale`, `OEUVRE` finds `œuvre`. Instead of folding every article
 * (35 ms a megabyte), each query word becomes a regular expression whose
 * letters match their accented forms, run on the text as it is: matches
 * come with their real positions, ready for snippets.
 */

/** Every Latin letter with a diacritic, grouped under its base letter. */
const VARIANTS = buildVariants();

function buildVariants(): Map<string, string> {
  const variants = new Map<string, string>();
  const ranges = [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const;
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCodePoint(code);
      const base = char.normalize('NFD')[0]!.toLowerCase();
      if (base >= 'a' && base <= 'z' && base !== char.toLowerCase()) {
        variants.set(base, (variants.get(base) ?? base) + char);
      }
    }
  }
  return variants;
}

// Letters a single character may stand for (œ is o+e).
const LIGATURES: Record<string, string> = { oe: 'œ', ae: 'æ', ss: 'ß' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A word as plain lowercase ASCII where it can be: `Électorale` →
 * `electorale`, `Œuvre` → `oeuvre`. Query words and the words of the word
 * index fold alike.
 */
export function foldWord(word: string): string {
  return transliterate(word).toLowerCase();
}

/** The expression that finds a query word in any case and with any accents. */
export function wordPattern(word: string): RegExp {
  const folded = foldWord(word);
  let source = '';
  for (let i = 0; i < folded.length; i++) {
    const pair = folded.slice(i, i + 2);
    const ligature = LIGATURES[pair];
    const one = letterClass(folded[i]!);
    if (ligature) {
      source += `(?:${one}${letterClass(folded[i + 1]!)}|${ligature})`;
      i++;
    } else {
      source += one;
    }
  }
  return new RegExp(source, 'giu');
}

function letterClass(char: string): string {
  const variants = VARIANTS.get(char);
  return variants ? `[${variants}]` : escapeRegExp(char);
}

/**
 * The same search as `wordPattern`, for text held as its UTF-8 bytes, one
 * character a byte (`buffer.toString('latin1')`, twenty times faster than
 * decoding UTF-8). Each letter becomes the byte sequences of every
 * character `wordPattern` lets it match, in any case.
 */
export function bytePattern(word: string): RegExp {
  // By code point: a character outside the BMP is one letter here, as it is to wordPattern's `u` flag.
  const chars = Array.from(foldWord(word));
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const ligature = LIGATURES[chars[i]! + (chars[i + 1] ?? '')];
    const one = byteAlternatives(chars[i]!);
    if (ligature) {
      source += `(?:${one}${byteAlternatives(chars[i + 1]!)}|${byteAlternatives(ligature)})`;
      i++;
    } else {
      source += one;
    }
  }
  return new RegExp(source, 'g');
}

function byteAlternatives(char: string): string {
  // Exactly the characters wordPattern's class for this letter matches, in any case (ſ and K included).
  const found = char.length === 1 ? everyCharacter().match(new RegExp(letterClass(char), 'giu')) : null;
  const chars = new Set(found ?? [char]);
  // Grouped by all bytes but the last, each group a class: `[pP]`, `\xc3[\xa8-\xab]`. Classes let
  // the regex engine skip ahead fast; UTF-8 being prefix-free, no alternative can shadow another.
  const groups = new Map<string, Set<string>>();
  for (const one of chars) {
    const bytes = Buffer.from(one, 'utf8').toString('latin1');
    const prefix = bytes.slice(0, -1);
    if (!groups.has(prefix)) groups.set(prefix, new Set());
    groups.get(prefix)!.add(bytes.slice(-1));
  }
  const alternatives = [...groups].map(([prefix, lasts]) => escapeRegExp(prefix) + `[${[...lasts].map(escapeClass).join('')}]`);
  return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
}

let allCharacters: string | null = null;

/** Every character of the Basic Multilingual Plane but surrogates, once: a class is tried on all of them at native speed. */
function everyCharacter(): string {
  if (allCharacters === null) {
    const codes: number[] = [];
    for (let code = 0; code < 0x10000; code++) if (code < 0xd800 || code > 0xdfff) codes.push(code);
    let text = '';
    for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
    allCharacters = text;
  }
  return allCharacters;
}

function escapeClass(char: string): string {
  return /[\\\]^-]/.test(char) ? `\\${char}` : char;
}

export interface SearchOptions {
  section?: string;
  limit?: number;
}

export interface SearchHit {
  article: Article;
  score: number;
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

/** The words of a query as typed: `"piratage iran"` and `piratage iran` alike. */
function queryWords(query: readonly string[]): string[] {
  return query.flatMap((part) => part.split(/\s+/)).filter(Boolean);
}

/**
 * Articles where every word appears (title, headings or body), ranked by the
 * number of words in the title, then in headings, then by how often they
 * appear, then newest first.
 */
export function search(articles: readonly Article[], query: readonly string[], options: SearchOptions = {}): SearchHit[] {
  return searchBodies(articles, (article) => ({ text: article.body, bytes: false }), query, options);
}

/**
 * The same search over bodies fetched one at a time: a body is dropped as
 * soon as its article is matched, so a search holds one text at a time, not
 * the library. `bodyOf` gives null for an article that cannot be read.
 */
export function searchBodies(
  articles: readonly Article[],
  bodyOf: (article: Article) => Body | null,
  query: readonly string[],
  options: SearchOptions = {},
): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const matches = matcher(words);
  const found: Array<[Article, Match]> = [];
  for (const article of eligible(articles, options)) {
    const body = bodyOf(article);
    const match = body === null ? null : matches(article.title, body);
    if (match) found.push([article, match]);
  }
  return rank(found, options.limit);
}

/** The articles a search looks at: no drafts, and only the section asked for. */
function eligible(articles: readonly Article[], options: SearchOptions): Article[] {
  const section = options.section === undefined ? null : nameKey(options.section);
  return articles.filter((article) => !article.draft && (section === null || nameKey(article.section) === section));
}

/** Best first: words in the title, then in headings, then frequency, then newest. */
function rank(found: Array<[Article, Match]>, limit?: number): SearchHit[] {
  found.sort(
    ([articleA, a], [articleB, b]) =>
      b.titleWords - a.titleWords || b.headingWords - a.headingWords || b.frequency - a.frequency || compareArticles(articleA, articleB),
  );
  const hits = found.map(([article, { score, snippet, highlights }]) => ({ article, score, snippet, highlights }));
  return limit === undefined ? hits : hits.slice(0, limit);
}

/**
 * Tells whether an article (its title and body) holds every word, and how
 * well it matches. The patterns are built once for a search; those for bodies
 * held as bytes only when one is.
 */
function matcher(words: readonly string[]): (title: string, body: Body) => Match | null {
  const patterns = words.map(wordPattern);
  let bytePatterns: RegExp[] | null = null;
  return (title, body) => {
    const scanned = body.bytes ? (bytePatterns ??= words.map(bytePattern)) : patterns;
    let titleWords = 0;
    let headingWords = 0;
    let frequency = 0;
    let firstProse = -1;
    let firstHeading = -1;
    for (let i = 0; i < patterns.length; i++) {
      const inTitle = test(patterns[i]!, title);
      const found = scan(scanned[i]!, body.text);
      if (!inTitle && found.count === 0) return null;
      if (inTitle) titleWords++;
      if (found.inHeading) headingWords++;
      frequency += found.count;
      if (found.firstProse !== -1 && (firstProse === -1 || found.firstProse < firstProse)) firstProse = found.firstProse;
      if (found.firstHeading !== -1 && (firstHeading === -1 || found.firstHeading < firstHeading)) firstHeading = found.firstHeading;
    }
    const score = titleWords * 10_000 + headingWords * 1_000 + Math.min(frequency, 999);
    return { titleWords, headingWords, frequency, score, ...snippetOf(body, firstProse !== -1 ? firstProse : firstHeading, patterns) };
  };
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

/** One pass over a body: how often a word appears, whether in a heading, and where first in the prose. */
function scan(pattern: RegExp, body: string): Scan {
  pattern.lastIndex = 0;
  const result: Scan = { count: 0, inHeading: false, firstProse: -1, firstHeading: -1 };
  for (let match = pattern.exec(body); match !== null; match = pattern.exec(body)) {
    if (match[0].length === 0) break;
    result.count++;
    if (result.inHeading && result.firstProse !== -1) continue;
    const lineStart = body.lastIndexOf('\n', match.index) + 1;
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

/**
 * The paragraph around the first match, preferably in the prose (the title
 * is shown beside the snippet), as plain text, cut to a window around the
 * match; the first paragraph when the words are only in the title.
 */
function snippetOf(body: Body, at: number, patterns: RegExp[]): { snippet: string; highlights: Array<[number, number]> } {
  const around = at === -1 ? firstParagraph(body.text) : paragraphAround(body.text, at);
  // Held as bytes, only the paragraph of the snippet is decoded.
  const paragraph = roughText(body.bytes ? Buffer.from(around, 'latin1').toString('utf8') : around);
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

const BLANK_LINE = /\n[ \t]*\n/g;
// Blank is spaces and tabs only, as in Markdown: a line of no-break spaces is text. The same
// test holds for a body held as bytes, where a no-break space is two characters.
const HAS_TEXT = /[^ \t\r\n]/;

/** The text between the blank lines around `at`. */
function paragraphAround(body: string, at: number): string {
  let start = body.lastIndexOf('\n', at);
  // Walk back to the nearest blank line.
  while (start > 0) {
    const previous = body.lastIndexOf('\n', start - 1);
    if (!HAS_TEXT.test(body.slice(previous + 1, start))) break;
    start = previous;
  }
  BLANK_LINE.lastIndex = at;
  const next = BLANK_LINE.exec(body);
  return body.slice(Math.max(start, 0), next ? next.index : body.length);
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
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/^[ \t]*(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/\*\*|__|~~|[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

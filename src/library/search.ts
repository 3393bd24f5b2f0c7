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

interface Ranked {
  hit: SearchHit;
  titleWords: number;
  headingWords: number;
  frequency: number;
}

/**
 * Articles where every word appears (title, headings or body), ranked by the
 * number of words in the title, then in headings, then by how often they
 * appear, then newest first.
 */
export function search(articles: readonly Article[], query: readonly string[], options: SearchOptions = {}): SearchHit[] {
  const words = query.flatMap((part) => part.split(/\s+/)).filter(Boolean);
  if (words.length === 0) return [];
  const patterns = words.map(wordPattern);
  const section = options.section === undefined ? null : nameKey(options.section);
  const ranked: Ranked[] = [];
  for (const article of articles) {
    if (article.draft || (section !== null && nameKey(article.section) !== section)) continue;
    let titleWords = 0;
    let headingWords = 0;
    let frequency = 0;
    let firstProse = -1;
    let firstHeading = -1;
    let everyWord = true;
    for (const pattern of patterns) {
      const inTitle = test(pattern, article.title);
      const body = scan(pattern, article.body);
      if (!inTitle && body.count === 0) {
        everyWord = false;
        break;
      }
      if (inTitle) titleWords++;
      if (body.inHeading) headingWords++;
      frequency += body.count;
      if (body.firstProse !== -1 && (firstProse === -1 || body.firstProse < firstProse)) firstProse = body.firstProse;
      if (body.firstHeading !== -1 && (firstHeading === -1 || body.firstHeading < firstHeading)) firstHeading = body.firstHeading;
    }
    if (!everyWord) continue;
    const score = titleWords * 10_000 + headingWords * 1_000 + Math.min(frequency, 999);
    ranked.push({ hit: { article, score, ...snippetOf(article.body, firstProse !== -1 ? firstProse : firstHeading, patterns) }, titleWords, headingWords, frequency });
  }
  ranked.sort(
    (a, b) =>
      b.titleWords - a.titleWords ||
      b.headingWords - a.headingWords ||
      b.frequency - a.frequency ||
      compareArticles(a.hit.article, b.hit.article),
  );
  const hits = ranked.map((entry) => entry.hit);
  return options.limit === undefined ? hits : hits.slice(0, options.limit);
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
function snippetOf(body: string, at: number, patterns: RegExp[]): { snippet: string; highlights: Array<[number, number]> } {
  const paragraph = roughText(at === -1 ? firstParagraph(body) : paragraphAround(body, at));
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

/** The text between the blank lines around `at`. */
function paragraphAround(body: string, at: number): string {
  let start = body.lastIndexOf('\n', at);
  // Walk back to the nearest blank line.
  while (start > 0) {
    const previous = body.lastIndexOf('\n', start - 1);
    if (body.slice(previous + 1, start).trim() === '') break;
    start = previous;
  }
  BLANK_LINE.lastIndex = at;
  const next = BLANK_LINE.exec(body);
  return body.slice(Math.max(start, 0), next ? next.index : body.length);
}

/** The first paragraph of prose, else the first of anything. */
function firstParagraph(body: string): string {
  const blocks = body.split(/\n[ \t]*\n/, 50);
  return blocks.find((block) => block.trim() !== '' && !/^\s*#{1,6}[ \t]/.test(block)) ?? blocks.find((block) => block.trim() !== '') ?? '';
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

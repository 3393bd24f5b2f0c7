/** Full-text search over article bodies: which articles hold every term of a query, ranked, each with its snippet. */
import { compareArticles, nameKey } from './catalog.js';
import type { Article } from '../../types.js';
import type { Query, Term } from './query.js';
import { bytePattern, foldWord, termPattern, wordsOf } from './patterns.js';
import { snippetOf } from './snippet.js';

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

import { distance } from 'fastest-levenshtein';
import { fold } from './slug.js';
import type { Article, Warning } from '../types.js';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Newest first; articles without a date after dated ones; then by title. */
export function compareArticles(a: Article, b: Article): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return collator.compare(a.title, b.title) || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);
}

export interface SectionGroup {
  name: string;
  articles: Article[];
}

/** The key two spellings of a name share: `Monde` and `monde`, `Cybersécurité` and `cybersecurite`. */
export function nameKey(section: string): string {
  return fold(section) || section.toLowerCase();
}

/** Sections sorted by name, each with its articles sorted newest first. */
export function groupBySection(articles: readonly Article[]): SectionGroup[] {
  const groups = new Map<string, SectionGroup>();
  for (const article of articles) {
    const key = nameKey(article.section);
    let group = groups.get(key);
    if (!group) {
      group = { name: article.section, articles: [] };
      groups.set(key, group);
    }
    group.articles.push(article);
  }
  const sorted = [...groups.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1));
  for (const group of sorted) group.articles.sort(compareArticles);
  return sorted;
}

export interface ListFilter {
  section?: string;
  drafts?: boolean;
  tag?: string;
  /** Part of the author's name. */
  author?: string;
  /** ISO date: only articles dated this day or later. */
  since?: string;
}

/**
 * Articles a listing shows: drafts only when asked; a section, a tag, part of
 * an author's name (case and accents ignored); dated on or after `since`.
 */
export function filterArticles(articles: readonly Article[], filter: ListFilter): Article[] {
  const section = filter.section === undefined ? null : nameKey(filter.section);
  const tag = filter.tag === undefined ? null : nameKey(filter.tag);
  const author = filter.author === undefined ? null : nameKey(filter.author);
  const since = filter.since ?? null;
  return articles.filter(
    (article) =>
      (filter.drafts || !article.draft) &&
      (section === null || nameKey(article.section) === section) &&
      (tag === null || article.tags.some((t) => nameKey(t) === tag)) &&
      (author === null || (article.author !== null && nameKey(article.author).includes(author))) &&
      (since === null || (article.date !== null && article.date >= since)),
  );
}

/** The distinct section names of a library, sorted. */
export function sectionNames(articles: readonly Article[]): string[] {
  return groupBySection(articles).map((group) => group.name);
}

/**
 * Articles whose slug is exactly the query, or `section/slug`. Several results
 * mean the slug is shared by several files.
 */
export function findExact(articles: readonly Article[], query: string): Article[] {
  const bySlug = articles.filter((article) => article.slug === query);
  if (bySlug.length > 0) return bySlug;
  const split = splitSectionQuery(query);
  if (!split) return [];
  return articles.filter((article) => article.slug === split.slug && nameKey(article.section) === split.section);
}

/**
 * The looser matches, tried once the exact ones and files have failed: a
 * prefix of a slug, then the same ignoring case and accents (`Électorale`).
 * A `section/` in front narrows to that section.
 */
export function findLoose(articles: readonly Article[], query: string): Article[] {
  const split = splitSectionQuery(query);
  const pool = split ? articles.filter((article) => nameKey(article.section) === split.section) : articles;
  const raw = split ? split.slug : query;
  for (const key of [raw, fold(raw)]) {
    if (key === '') continue;
    const exact = pool.filter((article) => article.slug === key);
    if (exact.length > 0) return exact;
    const prefixed = pool.filter((article) => article.slug.startsWith(key));
    if (prefixed.length > 0) return prefixed;
  }
  return [];
}

/** `section/slug` → the section's key and the slug part as typed. */
function splitSectionQuery(query: string): { section: string; slug: string } | null {
  const slash = query.lastIndexOf('/');
  if (slash <= 0 || slash === query.length - 1) return null;
  return { section: nameKey(query.slice(0, slash)), slug: query.slice(slash + 1) };
}

/** Up to `max` candidates closest to the query, for "did you mean". */
export function closest(query: string, candidates: readonly string[], max = 3): string[] {
  const key = fold(query) || query.toLowerCase();
  const limit = Math.max(2, Math.floor(key.length * 0.4));
  return [...new Set(candidates)]
    .map((candidate) => {
      const folded = fold(candidate) || candidate.toLowerCase();
      // A half-typed slug is close to the start of the one it means; a whole match still ranks first.
      let score = distance(key, folded);
      for (let length = key.length - 1; length <= key.length + 2; length++) {
        if (length > 0 && length < folded.length) score = Math.min(score, distance(key, folded.slice(0, length)) + 0.5);
      }
      return { candidate, score };
    })
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || collator.compare(a.candidate, b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** `section/slug`, the name that tells apart articles sharing a slug. */
function qualifiedSlug(article: Article): string {
  return `${nameKey(article.section)}/${article.slug}`;
}

/**
 * Names that tell articles apart: `section/slug`, or the file's path when two
 * share a section too.
 */
export function distinctNames(articles: readonly Article[]): string[] {
  const qualified = articles.map(qualifiedSlug);
  return articles.map((article, index) =>
    qualified.indexOf(qualified[index]!) === qualified.lastIndexOf(qualified[index]!) ? qualified[index]! : article.relPath,
  );
}

/** One warning per slug used by more than one file, naming every file. */
export function duplicateWarnings(articles: readonly Article[]): Warning[] {
  const bySlug = new Map<string, Article[]>();
  for (const article of articles) {
    const same = bySlug.get(article.slug);
    if (same) same.push(article);
    else bySlug.set(article.slug, [article]);
  }
  const warnings: Warning[] = [];
  for (const [slug, same] of bySlug) {
    if (same.length < 2) continue;
    const [first, ...others] = same;
    warnings.push({
      file: first!.path,
      reason: `slug "${slug}" is also used by ${others.map((a) => a.relPath).join(', ')}; read them as ${distinctNames(same).join(' or ')}`,
    });
  }
  return warnings;
}

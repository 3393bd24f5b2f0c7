import type { Article, Warning } from '../../types.js';
import { fileStem, trimChars } from '../../text.js';
import { foldChar, foldText } from '../fold.js';

/**
 * Orders names as a reader expects: case and accents ignored, numbers by
 * value (`Part 2` before `Part 10`). Intl.Collator does the same but takes
 * 12 ms to create, a third of Node's whole start-up; this folds character by
 * character, only as far as two names differ.
 */
export function compareNames(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      const startA = i;
      const startB = j;
      while (i < a.length && isDigit(a.charCodeAt(i))) i++;
      while (j < b.length && isDigit(b.charCodeAt(j))) j++;
      const numberA = a.slice(startA, i).replace(/^0+(?=\d)/, '');
      const numberB = b.slice(startB, j).replace(/^0+(?=\d)/, '');
      if (numberA.length !== numberB.length) return numberA.length - numberB.length;
      if (numberA !== numberB) return numberA < numberB ? -1 : 1;
      continue;
    }
    const x = foldChar(a[i]!);
    const y = foldChar(b[j]!);
    if (x !== y) return x < y ? -1 : 1;
    i++;
    j++;
  }
  return a.length - i - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Newest first; articles without a date after dated ones; then by title. */
export function compareArticles(a: Article, b: Article): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return compareNames(a.title, b.title) || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);
}

export interface SectionGroup {
  name: string;
  articles: Article[];
}

/** The key two spellings of a name share: `Monde` and `monde`, `Cybersécurité` and `cybersecurite`. */
const keys = new Map<string, string>();

export function nameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = foldName(name);
    keys.set(name, key);
  }
  return key;
}

function foldName(name: string): string {
  // Folded as search folds (fold.ts), which costs nothing to load (the slug
  // transliterator takes 20 ms to build its tables); what is neither letter,
  // digit nor a mark kept by folding (a vowel sign) becomes one dash.
  const key = foldText(name).replace(/[^\p{L}\p{N}\p{M}]+/gu, '-');
  return trimChars(key, '-') || name.toLowerCase();
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
  const sorted = [...groups.values()].sort((a, b) => compareNames(a.name, b.name));
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
 * Articles whose slug is exactly the query, or `section/slug`, or whose file
 * is named so. Several results mean the name is shared by several files.
 */
export function findExact(articles: readonly Article[], query: string): Article[] {
  const bySlug = articles.filter((article) => article.slug === query);
  if (bySlug.length > 0) return bySlug;
  const split = splitSectionQuery(query);
  const bySection = split ? articles.filter((article) => article.slug === split.slug && nameKey(article.section) === split.section) : [];
  if (bySection.length > 0) return bySection;
  // The file's own name, for names no slug can hold (`!`, `((`).
  return articles.filter((article) => fileStem(article.relPath) === query);
}

/** `section/slug` → the section's key and the slug part as typed. */
export function splitSectionQuery(query: string): { section: string; slug: string } | null {
  const slash = query.lastIndexOf('/');
  if (slash <= 0 || slash === query.length - 1) return null;
  return { section: nameKey(query.slice(0, slash)), slug: query.slice(slash + 1) };
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

/**
 * One warning per slug that more than one file of the same section uses,
 * naming every file. The same slug in two sections is no problem:
 * `section/slug` tells them apart (`common/cd`, `linux/cd`).
 */
export function duplicateWarnings(articles: readonly Article[]): Warning[] {
  const byName = new Map<string, Article[]>();
  for (const article of articles) {
    const name = qualifiedSlug(article);
    const same = byName.get(name);
    if (same) same.push(article);
    else byName.set(name, [article]);
  }
  const warnings: Warning[] = [];
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const [first, ...others] = same;
    warnings.push({
      library: true,
      file: first!.path,
      reason: `slug "${first!.slug}" of section "${first!.section}" is also used by ${others.map((a) => a.relPath).join(', ')}; read them by path: ${same.map((a) => a.relPath).join(' or ')}`,
    });
  }
  return warnings;
}

/**
 * The shortest name `kiosk read` takes for each article, for a listing to
 * show beside its title: the first words of its slug that no other slug
 * starts with (`trump` for `trump-menace-l-iran-…`), whole words so that it
 * still reads as a name; `section/slug` for a slug two sections share; the
 * file's path for one a section shares. Sorted slugs and binary search keep
 * it O(n log n) for any library.
 */
export function shortNames(articles: readonly Article[]): Map<Article, string> {
  const sorted = articles.map((article) => article.slug).sort();
  // How many slugs start with `prefix`.
  const starting = (prefix: string): number => lowerBound(sorted, `${prefix}\uffff`) - lowerBound(sorted, prefix);
  const stems = new Map<string, number>();
  for (const article of articles) {
    const stem = fileStem(article.relPath);
    stems.set(stem, (stems.get(stem) ?? 0) + 1);
  }
  const qualified = new Map<string, number>();
  for (const article of articles) qualified.set(qualifiedSlug(article), (qualified.get(qualifiedSlug(article)) ?? 0) + 1);
  const names = new Map<Article, string>();
  for (const article of articles) {
    const { slug } = article;
    if (lowerBound(sorted, `${slug}\u0000`) - lowerBound(sorted, slug) > 1) {
      names.set(article, qualified.get(qualifiedSlug(article)) === 1 ? `${nameKey(article.section)}/${slug}` : article.relPath);
      continue;
    }
    let name = slug;
    for (let end = slug.indexOf('-'); end !== -1; end = slug.indexOf('-', end + 1)) {
      const prefix = slug.slice(0, end);
      // Read tries a file's own name before a slug's start: a prefix that is another file's name would find that file.
      const ownName = fileStem(article.relPath) === prefix;
      if (starting(prefix) === 1 && (stems.get(prefix) ?? 0) === (ownName ? 1 : 0)) {
        name = prefix;
        break;
      }
    }
    names.set(article, name);
  }
  return names;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

import { distance } from 'fastest-levenshtein';
import type { Article } from '../../types.js';
import { compareNames, nameKey, splitSectionQuery } from './catalog.js';
import { fold } from '../read/slug.js';

/**
 * What `read` and error messages need beyond the catalog: loose matching and
 * "did you mean". They fold text the way slugs are made, which loads the
 * transliterator, so they live apart from what every listing loads.
 */

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

export interface Suggesting {
  /** How a candidate is written in the message: `#part`, a command line. */
  show?: (candidate: string) => string;
  /** What to say when no candidate is close. */
  otherwise?: string;
  max?: number;
}

/** `; did you mean a, b?` for the candidates closest to the query; `otherwise` when none is close. */
export function didYouMean(query: string, candidates: readonly string[], { show = (c) => c, otherwise = '', max = 3 }: Suggesting = {}): string {
  const near = closest(query, candidates, max);
  return near.length > 0 ? `; did you mean ${near.map(show).join(', ')}?` : otherwise;
}

/** Up to `max` candidates closest to the query, for "did you mean". */
export function closest(query: string, candidates: readonly string[], max = 3): string[] {
  const key = fold(query) || query.toLowerCase();
  const limit = Math.max(2, Math.floor(key.length * 0.4));
  return [...new Set(candidates)]
    .map((candidate) => {
      const folded = fold(candidate) || candidate.toLowerCase();
      // A half-typed slug is close to the start of the one it means, up to a letter longer than typed; a whole match still ranks first.
      let score = distance(key, folded);
      for (let length = key.length - 1; length <= key.length + 1; length++) {
        if (length > 0 && length < folded.length) score = Math.min(score, distance(key, folded.slice(0, length)) + 0.5);
      }
      return { candidate, score };
    })
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || compareNames(a.candidate, b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

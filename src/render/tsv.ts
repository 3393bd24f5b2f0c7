import type { SearchHit } from '../library/find/search.js';
import type { Article } from '../types.js';
import { isSafeLine, sanitizeLine } from './sanitize.js';

/**
 * Output for the next program in a pipe: one record a line, fields separated
 * by a TAB, stable for `cut`, `awk` and `fzf`.
 */

/** `section TAB slug TAB date TAB title`, one article a line. */
export function renderPlainList(articles: readonly Article[]): string {
  return articles.map((a) => [a.section, a.slug, a.date ?? '', a.title].map(field).join('\t') + '\n').join('');
}

/** `section TAB count`, one section a line. */
export function renderPlainSections(sections: ReadonlyArray<{ name: string; count: number }>): string {
  return sections.map((s) => `${field(s.name)}\t${s.count}\n`).join('');
}

/** `section TAB slug TAB title TAB snippet`, one result a line. */
export function renderPlainSearch(hits: readonly SearchHit[]): string {
  return hits.map((hit) => [hit.article.section, hit.article.slug, hit.article.title, hit.snippet].map(field).join('\t') + '\n').join('');
}

/** A field: tabs and line breaks inside it become spaces, controls visible marks. */
function field(value: string): string {
  // Most fields hold nothing to change, and one test is cheaper than two replaces.
  return isSafeLine(value) ? value : sanitizeLine(value.replace(/[\t\r\n]+/g, ' '));
}

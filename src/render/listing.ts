import { displayWidth, graphemes, maxOf } from './width.js';
import type { SectionGroup } from '../library/catalog.js';
import type { SearchHit } from '../library/search.js';
import { sanitizeLine } from './sanitize.js';
import type { Theme } from './theme.js';

const DATE_WIDTH = 10;
const SLUG_CAP = 32;
const INDENT = '  ';

/**
 * The listing for a person at a terminal: one block per section with its
 * count, then aligned rows of date, slug and title cut to `width` (0: uncut).
 */
export function renderListing(groups: readonly SectionGroup[], theme: Theme, width: number): string {
  const hasDates = groups.some((g) => g.articles.some((a) => a.date !== null));
  const dateWidth = hasDates ? DATE_WIDTH + 2 : 0;
  // On a narrow terminal the slug gets at most half of what the date leaves, so titles stay legible.
  const cap = width > 0 ? Math.min(SLUG_CAP, Math.max(12, Math.floor((width - INDENT.length - dateWidth - 2) / 2))) : SLUG_CAP;
  const slugWidth = Math.min(cap, maxOf(groups.flatMap((g) => g.articles.map((a) => displayWidth(sanitizeLine(a.slug)))), 4));
  const out: string[] = [];
  for (const group of groups) {
    if (out.length > 0) out.push('');
    out.push(cut(`${theme.section(sanitizeLine(group.name))} ${theme.date(`(${group.articles.length})`)}`, width));
    for (const article of group.articles) {
      const date = hasDates ? `${(article.date ?? '').padEnd(DATE_WIDTH)}  ` : '';
      const slug = pad(truncate(sanitizeLine(article.slug), slugWidth), slugWidth);
      const fixed = displayWidth(INDENT + date + slug) + 2;
      const title = width > 0 ? truncate(sanitizeLine(article.title), Math.max(width - fixed, 0)) : sanitizeLine(article.title);
      const row = `${INDENT}${theme.date(date)}${theme.slug(slug)}  ${title}`.trimEnd();
      out.push(width > 0 && displayWidth(row) > width ? cut(row, width) : row);
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

export interface SectionCount {
  name: string;
  count: number;
}

export function renderSections(sections: readonly SectionCount[], theme: Theme): string {
  const width = maxOf(sections.map((s) => displayWidth(sanitizeLine(s.name))));
  return sections.map((s) => `${theme.section(pad(sanitizeLine(s.name), width))}  ${String(s.count).padStart(3)}\n`).join('');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Cuts plain text to `width` display columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment, width: w } of graphemes(text)) {
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** Cuts styled text to `width` columns by dropping the overflow of its plain form. */
function cut(styled: string, width: number): string {
  if (width <= 0 || displayWidth(styled) <= width) return styled;
  // eslint-disable-next-line no-control-regex
  return truncate(styled.replace(/\x1b\[[0-9;]*m/g, ''), width);
}

/**
 * Search results for a person: section, slug and title on one line, the
 * snippet below with the matches highlighted, each cut to `width`.
 */
export function renderSearch(hits: readonly SearchHit[], theme: Theme, width: number): string {
  const out: string[] = [];
  for (const hit of hits) {
    const { article } = hit;
    const head = `${sanitizeLine(article.section)}  ${sanitizeLine(article.slug)}  `;
    const title = width > 0 ? truncate(sanitizeLine(article.title), Math.max(width - displayWidth(head), 8)) : sanitizeLine(article.title);
    out.push(`${theme.section(sanitizeLine(article.section))}  ${theme.slug(sanitizeLine(article.slug))}  ${title}`);
    out.push(`  ${highlight(hit, theme, width > 0 ? width - 2 : 0)}`, '');
  }
  return out.join('\n');
}

function highlight(hit: SearchHit, theme: Theme, width: number): string {
  const snippet = width > 0 ? truncate(hit.snippet, width) : hit.snippet;
  let out = '';
  let at = 0;
  for (const [start, end] of hit.highlights) {
    if (start >= snippet.length) break;
    const stop = Math.min(end, snippet.length);
    out += sanitizeLine(snippet.slice(at, start)) + theme.highlight(sanitizeLine(snippet.slice(start, stop)));
    at = stop;
  }
  return out + sanitizeLine(snippet.slice(at));
}

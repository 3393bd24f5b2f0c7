import { displayWidth, maxOf } from './width.js';
import type { SectionGroup } from '../library/find/catalog.js';
import type { Article } from '../types.js';
import { wrap } from './wrap.js';
import type { SearchHit } from '../library/find/search.js';
import { sanitizeLine } from './sanitize.js';
import type { Theme } from './theme.js';

const DATE_WIDTH = 10;
const INDENT = '  ';
/** Narrower than this, a title column is hard to read: each article takes two lines instead. */
const MIN_TITLE = 24;

/**
 * The listing for a person at a terminal: one block per section with its
 * count, then a row per article of date, the shortest name `read` takes
 * (`names`) and the title, whole, wrapped in its column. Too narrow for
 * that, each article is its title, then its name and date below. Width 0:
 * no wrapping.
 */
export function renderListing(groups: readonly SectionGroup[], theme: Theme, width: number, names: ReadonlyMap<Article, string>): string {
  const hasDates = groups.some((g) => g.articles.some((a) => a.date !== null));
  const dateWidth = hasDates ? DATE_WIDTH + 2 : 0;
  const nameOf = (article: Article): string => sanitizeLine(names.get(article) ?? article.slug);
  const nameWidth = maxOf(groups.flatMap((g) => g.articles.map((a) => displayWidth(nameOf(a)))), 4);
  const titleWidth = width > 0 ? width - INDENT.length - dateWidth - nameWidth - 2 : 0;
  const stacked = width > 0 && titleWidth < MIN_TITLE;
  const out: string[] = [];
  for (const group of groups) {
    if (out.length > 0) out.push('');
    out.push(...wrap(`${theme.section(sanitizeLine(group.name))} ${theme.date(`(${group.articles.length})`)}`, width));
    for (const article of group.articles) {
      const title = sanitizeLine(article.title);
      if (stacked) {
        out.push(...wrap(title, width - INDENT.length).map((line) => INDENT + line));
        const meta = `${theme.slug(nameOf(article))}${article.date ? `  ${theme.date(article.date)}` : ''}`;
        out.push(...wrap(meta, width - 2 * INDENT.length).map((line) => INDENT + INDENT + line));
        continue;
      }
      const date = hasDates ? `${(article.date ?? '').padEnd(DATE_WIDTH)}  ` : '';
      const lead = `${INDENT}${theme.date(date)}${theme.slug(pad(nameOf(article), nameWidth))}  `;
      const lines = titleWidth > 0 ? wrap(title, titleWidth) : [title];
      const hang = ' '.repeat(INDENT.length + dateWidth + nameWidth + 2);
      lines.forEach((line, index) => out.push(`${index === 0 ? lead : hang}${line}`.trimEnd()));
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

export interface SectionCount {
  name: string;
  count: number;
}

const COUNT_WIDTH = 3;

/**
 * Each section and its count, aligned. A name too long for the width wraps
 * in its column, the count beside its first line. Width 0: no wrapping.
 */
export function renderSections(sections: readonly SectionCount[], theme: Theme, width: number): string {
  const names = sections.map((s) => sanitizeLine(s.name));
  const widest = maxOf(names.map(displayWidth));
  const column = width > 0 ? Math.max(Math.min(widest, width - COUNT_WIDTH - 2), 1) : widest;
  return sections
    .map((s, at) => {
      const [first, ...rest] = width > 0 ? wrap(names[at]!, column) : [names[at]!];
      const count = String(s.count).padStart(COUNT_WIDTH);
      return [`${theme.section(pad(first!, column))}  ${count}`, ...rest.map((line) => theme.section(line))].map((line) => `${line}\n`).join('');
    })
    .join('');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** At most this many lines of a snippet, so that each result stays short. */
const SNIPPET_LINES = 2;

/**
 * Search results for a person: the title, whole; below it the shortest name
 * `read` takes and the section; then the snippet with the matches
 * highlighted, wrapped (never inside a match) to at most two lines.
 */
export function renderSearch(hits: readonly SearchHit[], theme: Theme, width: number, names: ReadonlyMap<Article, string>): string {
  const out: string[] = [];
  const inner = width > 0 ? Math.max(width - INDENT.length, 1) : 0;
  for (const hit of hits) {
    const { article } = hit;
    out.push(...wrap(theme.title(sanitizeLine(article.title)), width));
    const where = `${theme.slug(sanitizeLine(names.get(article) ?? article.slug))} · ${theme.byline(sanitizeLine(article.section))}`;
    out.push(...wrap(where, inner).map((line) => INDENT + line));
    const snippet = wrap(highlight(hit, theme), inner);
    const shown = snippet.slice(0, SNIPPET_LINES);
    if (snippet.length > SNIPPET_LINES) shown[SNIPPET_LINES - 1] = ellipsis(shown[SNIPPET_LINES - 1]!, inner);
    out.push(...shown.map((line) => INDENT + line), '');
  }
  return out.join('\n');
}

/** A line that goes on: `…` at its end, in its last column when it is full. */
function ellipsis(line: string, width: number): string {
  if (line.endsWith('…')) return line;
  if (displayWidth(line) < width) return `${line}…`;
  const cut = line.lastIndexOf(' ');
  return cut > 0 ? `${line.slice(0, cut)} …` : line;
}

function highlight(hit: SearchHit, theme: Theme): string {
  const { snippet } = hit;
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

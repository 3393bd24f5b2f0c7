/**
 * A saved web page made into Markdown: linkedom parses it (no script runs,
 * nothing is fetched), Mozilla's Readability finds the article in the page's
 * chrome, and turndown writes the article as Markdown. Title, author, date,
 * section, tags and language come from the page's metadata where it has them.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { isoDate } from '../library/read/dates.js';
import { sameText } from '../library/fold.js';
import type { Imported } from './article.js';
import { escapeMarkdown } from './escape.js';
import { limitNesting } from './nesting.js';

export interface HtmlHints {
  title?: string;
}

export function htmlToArticle(page: string, hints: HtmlHints = {}): Imported {
  const { html, limit } = limitNesting(page);
  // A fragment (paragraphs pasted from a page) gets a page around it, or the parser leaves it without a body.
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`);
  // Read before Readability, which takes the document apart. It keeps classes: turndown reads a code block's language from `language-…`.
  const meta = metadata(document);
  const heading = clean(document.querySelector('h1')?.textContent);
  const found = new Readability(document, { charThreshold: 100, keepClasses: true }).parse();
  const title = clean(hints.title) ?? meta.title ?? clean(found?.title) ?? heading;
  const content = found?.content ?? document.body?.innerHTML ?? '';
  const author = meta.author ?? byline(found?.byline);
  let markdown = toMarkdown(content).trim();
  if (title !== null) markdown = withoutLeadingTitle(markdown, title);
  if (author !== null) markdown = withoutLeadingByline(markdown, author);
  const parts = [title !== null ? `# ${escapeMarkdown(title)}` : '', markdown].filter((part) => part !== '');
  return {
    title,
    section: meta.section,
    body: parts.length > 0 ? `${parts.join('\n\n')}\n` : '',
    text: found?.textContent ?? document.body?.textContent ?? '',
    author,
    date: meta.date ?? (found?.publishedTime ? isoDate(found.publishedTime) : null),
    lang: language(document.documentElement?.getAttribute('lang') ?? found?.lang),
    tags: meta.tags,
    warnings: limit !== null ? [`elements nested more than ${limit} deep; the deeper tags were dropped and their text kept`] : [],
  };
}

interface Metadata {
  title: string | null;
  author: string | null;
  date: string | null;
  section: string | null;
  tags: string[];
}

type Doc = ReturnType<typeof parseHTML>['document'];

function metadata(document: Doc): Metadata {
  const content = (...selectors: string[]): string | null => {
    for (const selector of selectors) {
      const value = clean(document.querySelector(selector)?.getAttribute('content'));
      if (value !== null) return value;
    }
    return null;
  };
  const linked = linkedData(document);
  const dateText =
    content('meta[property="article:published_time"]', 'meta[name="date"]', 'meta[itemprop="datePublished"]', 'meta[name="DC.date.issued"]', 'meta[name="dc.date"]') ??
    clean(document.querySelector('time[datetime]')?.getAttribute('datetime')) ??
    linked.datePublished;
  const author = content('meta[name="author"]', 'meta[property="article:author"]') ?? linked.author;
  return {
    title: content('meta[property="og:title"]', 'meta[name="twitter:title"]') ?? linked.headline,
    // An author given as an address (article:author often is) is not a name.
    author: author !== null && /^https?:/i.test(author) ? linked.author : author,
    date: dateText !== null ? isoDate(dateText) : null,
    section: content('meta[property="article:section"]') ?? linked.articleSection,
    tags: Array.from(document.querySelectorAll('meta[property="article:tag"]'))
      .map((node) => clean(node.getAttribute('content')))
      .filter((tag): tag is string => tag !== null),
  };
}

interface LinkedData {
  headline: string | null;
  author: string | null;
  datePublished: string | null;
  articleSection: string | null;
}

/** The first schema.org article in the page's JSON-LD, where there is one. */
function linkedData(document: Doc): LinkedData {
  const empty: LinkedData = { headline: null, author: null, datePublished: null, articleSection: null };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const items = (Array.isArray(data) ? data : [data]).flatMap((item: unknown) => (isRecord(item) && Array.isArray(item['@graph']) ? item['@graph'] : [item]));
    const article = items.find((item): item is Record<string, unknown> => isRecord(item) && /Article|Posting/.test(String(item['@type'] ?? '')));
    if (!article) continue;
    return {
      headline: text(article.headline),
      author: text(Array.isArray(article.author) ? article.author[0] : article.author),
      datePublished: text(article.datePublished),
      articleSection: text(Array.isArray(article.articleSection) ? article.articleSection[0] : article.articleSection),
    };
  }
  return empty;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON-LD value as text: a string, or the name of a thing. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return clean(value);
  if (isRecord(value)) return text(value.name);
  return null;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

/** Readability's byline, without the "By" or "Par" a page puts before the name. */
function byline(value: string | null | undefined): string | null {
  const name = clean(value)?.replace(/^(?:by|par|von|por|di)\s+/i, '');
  return name && name.length <= 100 ? name : null;
}

function language(value: string | null | undefined): string | null {
  const tag = clean(value);
  if (tag === null) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

function toMarkdown(html: string): string {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  // Readability keeps only the article; what it keeps that a reader cannot use goes too.
  service.remove(['script', 'style', 'noscript', 'iframe', 'form', 'button']);
  addTableRules(service);
  return service.turndown(html);
}

/**
 * HTML tables as GFM pipe tables, one row a line. The first row is the
 * header row (GFM needs one), followed by the delimiter row; a cell spanning
 * columns is followed by empty cells. A cell's blocks are joined by spaces
 * and its pipes escaped, so a cell never ends the row. (The gfm plugins of
 * turndown keep as HTML any table that holds `<code>`, common in docs.)
 */
function addTableRules(service: TurndownService): void {
  const span = (node: unknown): number => Math.min(Math.max(Number((node as Element).getAttribute('colspan')) || 1, 1), 100);
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content, node) => ` ${content.replace(/\s+/g, ' ').trim().replaceAll('|', '\\|')} |${' |'.repeat(span(node) - 1)}`,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      if (!isFirstRow(node as unknown as Element)) return `|${content}\n`;
      const cells = Array.from((node as unknown as Element).children).reduce((sum, cell) => sum + span(cell), 0);
      return `|${content}\n|${' --- |'.repeat(Math.max(cells, 1))}\n`;
    },
  });
  // By its neighbours, not by searching the table from each row, which is quadratic in the rows.
  const isFirstRow = (row: Element): boolean => {
    if (row.previousElementSibling) return false;
    const parent = row.parentElement;
    if (!parent || parent.nodeName === 'TABLE') return true;
    let before = parent.previousElementSibling;
    while (before && (before.nodeName === 'CAPTION' || before.nodeName === 'COLGROUP')) before = before.previousElementSibling;
    return before === null;
  };
  service.addRule('tableSection', { filter: ['thead', 'tbody', 'tfoot'], replacement: (content) => content });
  service.addRule('table', { filter: 'table', replacement: (content) => `\n\n${content.trim()}\n\n` });
}

/** A first paragraph that only names the author ("Par Claire Martin"): the author field says it. */
function withoutLeadingByline(markdown: string, author: string): string {
  const end = markdown.indexOf('\n\n');
  const first = end === -1 ? markdown : markdown.slice(0, end);
  // As read: emphasis marks and link addresses set aside (`*By [Claire Martin](/claire)*`).
  const read = first.replace(/\]\([^()\s]*\)/g, ']').replace(/[*_[\]]/g, '');
  const name = byline(unescaped(read));
  return name !== null && sameText(name, author) ? markdown.slice(first.length).trimStart() : markdown;
}

/** The article's own first heading, when it only repeats the title. */
function withoutLeadingTitle(markdown: string, title: string): string {
  const match = /^#{1,6} (.*)\n*/.exec(markdown);
  if (match && sameText(unescaped(match[1]!), unescaped(title))) return markdown.slice(match[0].length);
  return markdown;
}

/** Markdown's backslash escapes taken off: `\*` is `*`. */
function unescaped(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

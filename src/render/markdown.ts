/**
 * Markdown to text for a reader: the public entry points (an article, a
 * body, its outline, one part) and what frames the blocks: the title, the
 * footnotes and the numbered links at the end (blocks.ts renders the rest).
 */
import type { Token } from 'marked';
import { TooDeep, lex, type FootnoteItem } from '../library/read/lexer.js';
import { inlineText } from '../library/read/plain-text.js';
import { sameText } from '../library/fold.js';
import { slugify } from '../library/read/slug.js';
import type { Article, Heading } from '../types.js';
import { sanitizeBody, sanitizeLine } from './sanitize.js';
import type { Theme } from './theme.js';
import { unbroken, wrap } from './wrap.js';
import { displayWidth, maxOf } from './width.js';
import { joinLines } from '../text.js';
import { blocks, deeper, flattened, type Context } from './blocks.js';
import { osc8, superscript } from './inline.js';

/** Colours a code block; null when the language is unknown. */
export type Highlighter = (code: string, lang: string) => string | null;

export interface RenderOptions {
  /** Columns to wrap to; 0 turns wrapping off. */
  width: number;
  theme: Theme;
  /** Wrap link labels in OSC 8 hyperlinks. */
  hyperlinks: boolean;
  highlight?: Highlighter;
}

/** A footnote as JSON gives it: its number, its label as written, its text. */
export interface RenderedFootnote {
  number: number;
  label: string;
  text: string;
}

export interface Rendered {
  text: string;
  headings: Heading[];
  footnotes: RenderedFootnote[];
  /** Problems met while rendering, without the file name. */
  warnings: string[];
}

/** The rule above the notes, as wide as a note number column is narrow: short, so it reads as the notes' own. */
const NOTES_RULE = 12;

/** The article as a person reads it: a title block, then the body. */
export function renderArticle(article: Article, options: RenderOptions): Rendered {
  const body = renderBody(article.body, options, article.title);
  return { ...body, text: finish([...titleBlock(article, options), '', ...body.lines]) };
}

/** The body alone, for Markdown that is not an article. */
export function renderMarkdown(markdown: string, options: RenderOptions): Rendered {
  const body = renderBody(markdown, options, null);
  return { ...body, text: finish(body.lines) };
}

/** The outline of a body, for `--toc`. */
export function outlineOf(markdown: string): Heading[] {
  try {
    return outline(lex(sanitizeBody(markdown)).tokens);
  } catch (error) {
    if (error instanceof TooDeep) return [];
    throw error;
  }
}

export type Part = { found: true; markdown: string } | { found: false; slugs: string[] };

/**
 * The part of a body under the heading with this slug: the heading and what
 * follows, up to the next heading of the same or a higher level. Link
 * definitions of the whole body come along, so references still resolve.
 */
export function partOf(markdown: string, slug: string): Part {
  let tokens: Token[];
  try {
    tokens = lex(sanitizeBody(markdown)).tokens;
  } catch (error) {
    if (error instanceof TooDeep) return { found: false, slugs: [] };
    throw error;
  }
  const headings = outline(tokens);
  const index = headings.findIndex((heading) => heading.slug === slug);
  if (index === -1) return { found: false, slugs: headings.map((heading) => heading.slug) };
  const level = headings[index]!.level;
  let seen = -1;
  let inside = false;
  let part = '';
  let definitions = '';
  // Token sources laid end to end give back the Markdown as written.
  for (const token of tokens) {
    if (token.type === 'heading') {
      seen++;
      if (seen === index) inside = true;
      else if (inside && token.depth <= level) inside = false;
    }
    if (inside) part += token.raw;
    else if (token.type === 'def' || token.type === 'footnote') definitions += `${token.raw.trimEnd()}\n\n`;
  }
  part = part.trimEnd() + '\n';
  return { found: true, markdown: definitions === '' ? part : `${part}\n${definitions}` };
}

interface Body {
  lines: string[];
  headings: Heading[];
  footnotes: RenderedFootnote[];
  warnings: string[];
}


function renderBody(markdown: string, options: RenderOptions, title: string | null): Body {
  try {
    const { tokens, footnotes, warnings } = lex(sanitizeBody(markdown));
    const first = tokens.find((token) => token.type !== 'space');
    // A first heading that is the title (a level-1 one, or any level for a file outside a library) is shown as the title.
    const repeatsTitle = title !== null && first?.type === 'heading' && sameText(inlineText(first.tokens ?? []), title);
    const shown = repeatsTitle ? tokens.filter((token) => token !== first) : tokens;
    return { ...renderTokens(shown, footnotes, options), headings: outline(tokens), warnings };
  } catch (error) {
    // Hundreds of nested quotes or lists (see lexer.ts), or a renderer that
    // recursed past the stack all the same: the text is still shown.
    if (!(error instanceof TooDeep) && !isStackOverflow(error)) throw error;
    return { lines: plainText(markdown, options.width), headings: [], footnotes: [], warnings: [error instanceof TooDeep ? error.message : new TooDeep().message] };
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Markdown shown as it is, paragraph by paragraph: the fallback that loses nothing. */
function plainText(markdown: string, width: number): string[] {
  return sanitizeBody(markdown)
    .split(/\n[ \t]*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .flatMap((paragraph, index) => [...(index > 0 ? [''] : []), ...wrap(joinLines(paragraph).trim(), width)]);
}

function finish(lines: string[]): string {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function renderTokens(tokens: Token[], footnotes: FootnoteItem[], options: RenderOptions): { lines: string[]; footnotes: RenderedFootnote[] } {
  const context: Context = { options, theme: options.theme, links: [], depth: 0, listDepth: 0 };
  const lines = blocks(tokens, options.width, context);
  const notes = renderFootnotes(footnotes, options.width, context);
  if (notes.lines.length > 0) lines.push('', ...notes.lines);
  if (context.links.length > 0) {
    lines.push('');
    context.links.forEach((href, index) => {
      const line = context.theme.address(`[${index + 1}] ${href}`);
      lines.push(options.hyperlinks ? osc8(href, line) : line);
    });
  }
  return { lines, footnotes: notes.footnotes };
}

/**
 * The notes at the end, as GitHub shows them: under a rule of their own, in
 * order of first reference, each with its number and its blocks (lists,
 * code) indented after it. Notes that nothing refers to are left out, as
 * GitHub leaves them out. Links in notes join the link list that follows.
 */
function renderFootnotes(items: FootnoteItem[], width: number, context: Context): { lines: string[]; footnotes: RenderedFootnote[] } {
  if (items.length === 0) return { lines: [], footnotes: [] };
  const { theme } = context;
  const markers = items.map((item) => superscript(item.id));
  const markerWidth = maxOf(markers.map(displayWidth));
  const flat = flattened(width, markerWidth + 1, context);
  const noteWidth = flat || width <= 0 ? width : width - markerWidth - 1;
  const lines = [theme.rule('─'.repeat(width > 0 ? Math.min(NOTES_RULE, width) : NOTES_RULE))];
  const footnotes: RenderedFootnote[] = [];
  let spacious = false;
  items.forEach((item, index) => {
    const content = deeper(context, () => blocks(item.content, noteWidth, context));
    // JSON keeps the label as written; its output escapes what a terminal would act on.
    footnotes.push({ number: Number(item.id), label: item.label, text: finish([...content]) });
    const marker = theme.marker(markers[index]!.padEnd(markerWidth));
    // A note of several blocks is set apart from the next, as loose list items are.
    const blocky = content.includes('');
    if (index > 0 && (blocky || spacious)) lines.push('');
    spacious = blocky;
    if (content.length === 0) lines.push(marker);
    else if (flat) lines.push(marker, ...content);
    else content.forEach((line, at) => lines.push(at === 0 ? `${marker} ${line}` : line === '' ? '' : ' '.repeat(markerWidth + 1) + line));
  });
  return { lines, footnotes };
}

function titleBlock(article: Article, options: RenderOptions): string[] {
  const { theme, width } = options;
  const parts = [article.section, article.date, article.author, article.readingMinutes > 0 ? unbroken(`${article.readingMinutes} min`) : null];
  // A line may break after a `·`, never before it, nor inside `2 min`.
  const byline = parts
    .filter((part): part is string => part !== null && part !== '')
    .map(sanitizeLine)
    .join(`${unbroken(' ')}· `);
  return [
    ...wrap(theme.title(sanitizeLine(article.title)), width),
    ...wrap(theme.byline(byline), width),
  ];
}

/** The document outline: top-level headings with unique slugs for `#part` links. */
export function outline(tokens: Token[]): Heading[] {
  const seen = new Map<string, number>();
  const headings: Heading[] = [];
  for (const token of tokens) {
    if (token.type !== 'heading') continue;
    const text = inlineText(token.tokens ?? []).replace(/\s+/g, ' ').trim();
    const base = slugify(text) || 'section';
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({ level: token.depth, text, slug: count === 0 ? base : `${base}-${count}` });
  }
  return headings;
}

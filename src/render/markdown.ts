import type { Token, Tokens } from 'marked';
import { TooDeep, lex, type FootnoteItem } from './lexer.js';
import { children, decodeEntities, inlineText } from '../library/plain-text.js';
import { sameText } from '../library/fold.js';
import { slugify } from '../library/slug.js';
import type { Article, Heading } from '../types.js';
import { sanitizeBody, sanitizeLine } from './sanitize.js';
import type { AlertKind, Theme } from './theme.js';
import { expandTabs, unbroken, unbreakableWidth, wrap, wrapCode } from './wrap.js';
import { displayWidth, maxOf } from './width.js';
import { joinLines, tagEnd, trimChars } from '../text.js';

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

/** Width of a rule or other full-width element when wrapping is off. */
const UNWRAPPED_RULE = 80;
/**
 * Quotes and lists nest visibly this deep, and only while their text keeps at
 * least MIN_WIDTH columns (half the width on narrow screens); deeper levels are flattened (no further indent or
 * bar), never dropped, so no line outgrows the width and output stays small.
 */
const MAX_NESTING = 8;
const MIN_WIDTH = 16;
const BULLETS = ['•', '◦', '▪'] as const;
// The hierarchy stays visible without colour: H1 and H2 are underlined, H3
// underlined lightly, H4–H6 marked in front.
const UNDERLINES: Record<number, string> = { 1: '═', 2: '─', 3: '┈' };
const MINOR_HEADING = '▸ ';

interface Context {
  options: RenderOptions;
  theme: Theme;
  /** Link addresses in order of first use, for the numbered list at the end. */
  links: string[];
  /** How many quotes and lists enclose the block being rendered. */
  depth: number;
  /** How many lists enclose it: picks the bullet. */
  listDepth: number;
}

// Footnote markers: superscript numbers, apart from the link list's [n].
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** The rule above the notes, as wide as a note number column is narrow: short, so it reads as the notes' own. */
const NOTES_RULE = 12;

function superscript(id: string): string {
  return id.replace(/[0-9]/g, (digit) => SUPERSCRIPTS[Number(digit)]!);
}

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
    return outline(lex(markdown).tokens);
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
    tokens = lex(markdown).tokens;
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
    const { tokens, footnotes, warnings } = lex(markdown);
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

/** Adds lines one by one: `push(...lines)` overflows the stack past a few hundred thousand. */
function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

/** Text without its leading and trailing blank lines. */
function withoutBlankEdges(text: string): string {
  const first = text.search(/\S/);
  if (first === -1) return '';
  let last = text.length - 1;
  while (/\s/.test(text[last]!)) last--;
  const start = text.lastIndexOf('\n', first) + 1;
  const end = text.indexOf('\n', last);
  return text.slice(start, end === -1 ? text.length : end);
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

/** Whether a container at this depth, indenting by `by` columns, must be flattened. */
function flattened(width: number, by: number, context: Context): boolean {
  return context.depth >= MAX_NESTING || (width > 0 && width - by < Math.min(MIN_WIDTH, Math.ceil(width / 2)));
}

/** Renders nested blocks one level deeper. */
function deeper<T>(context: Context, render: () => T): T {
  context.depth++;
  try {
    return render();
  } finally {
    context.depth--;
  }
}

const BLANK = /^(?:\s|\x1b\[[0-9;]*m)*$/;

function blocks(tokens: Token[], width: number, context: Context, separator = true): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const lines = block(token, width, context);
    if (lines.length === 0) continue;
    if (out.length > 0 && separator) out.push('');
    append(out, lines);
  }
  return out;
}

function block(token: Token, width: number, context: Context): string[] {
  const { theme } = context;
  switch (token.type) {
    case 'space':
    case 'def':
    case 'footnote':
      return [];
    case 'heading':
      return heading(token as Tokens.Heading, width, context);
    case 'paragraph': {
      // A paragraph of tags alone (`<a id="x"></a>`) shows nothing, not a blank line.
      const text = inlineRun(token.tokens ?? [], context);
      return BLANK.test(text) ? [] : wrap(text, width);
    }
    case 'text': {
      const text = token.tokens ? inlineRun(token.tokens, context) : visible(token.text);
      return wrap(text, width);
    }
    case 'blockquote':
      return blockquote(token as Tokens.Blockquote, width, context);
    case 'list':
      return list(token as Tokens.List, width, context);
    case 'code':
      return code(token as Tokens.Code, width, context);
    case 'table':
      return table(token as Tokens.Table, width, context);
    case 'hr':
      return [theme.rule('─'.repeat(width > 0 ? width : UNWRAPPED_RULE))];
    case 'html': {
      const grid = htmlTable(token.text);
      if (grid) return table(grid, width, context);
      const title = htmlHeading(token.text);
      if (title) return heading(title, width, context);
      const { lines, verbatim } = htmlBlock(token.text);
      return lines.flatMap((line) => (verbatim ? wrapCode(expandTabs(visible(line)), width) : wrap(visible(line), width)));
    }
    default:
      // Tokens from extensions kiosk does not know: keep their text.
      return 'text' in token && typeof token.text === 'string' ? wrap(visible(token.text), width) : [];
  }
}

function heading(token: Tokens.Heading, width: number, context: Context): string[] {
  const level = Math.min(Math.max(token.depth, 1), 6);
  const style = context.theme.heading[level - 1]!;
  const underline = UNDERLINES[level];
  const text = inlineRun(token.tokens, context);
  const lines = wrap(underline ? style(text) : style(MINOR_HEADING + text), width);
  if (!underline) return lines;
  const longest = maxOf(lines.map(displayWidth));
  return [...lines, context.theme.rule(underline.repeat(longest))];
}

const ATTRIBUTION = /^\s*(?:—|--)/;

/** Each kind of GitHub alert: its label and its mark, which tells the kinds apart without colour. */
const ALERTS: Record<AlertKind, { label: string; mark: string }> = {
  note: { label: 'Note', mark: 'ℹ' },
  tip: { label: 'Tip', mark: '✦' },
  important: { label: 'Important', mark: '❢' },
  warning: { label: 'Warning', mark: '▲' },
  caution: { label: 'Caution', mark: '✖' },
};
const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/i;

/**
 * A quote whose first line is `[!NOTE]` alone (or TIP, IMPORTANT, WARNING,
 * CAUTION), as GitHub reads it: the kind, and the quote's blocks without
 * that line. The line is taken off the paragraph's inline tokens, which
 * begin with its text.
 */
function splitAlert(tokens: Token[]): { kind: AlertKind; tokens: Token[] } | null {
  const first = tokens[0];
  if (first?.type !== 'paragraph') return null;
  const match = ALERT.exec((first as Tokens.Paragraph).raw);
  if (!match) return null;
  let skip = match[0].length;
  const inline = [...((first as Tokens.Paragraph).tokens ?? [])];
  while (skip > 0 && inline.length > 0) {
    const next = inline[0]!;
    if (next.raw.length <= skip) {
      skip -= next.raw.length;
      inline.shift();
      continue;
    }
    // Only plain text can straddle the line's end.
    if (next.type !== 'text' || children(next) || next.raw !== next.text) return null;
    inline[0] = { ...next, raw: next.raw.slice(skip), text: next.text.slice(skip) };
    skip = 0;
  }
  const rest = (first as Tokens.Paragraph).raw.slice(match[0].length);
  const blocks = inline.length > 0 ? [{ ...first, raw: rest, text: rest, tokens: inline } as Tokens.Paragraph, ...tokens.slice(1)] : tokens.slice(1);
  return { kind: match[1]!.toLowerCase() as AlertKind, tokens: blocks };
}

function blockquote(token: Tokens.Blockquote, width: number, context: Context): string[] {
  const alert = splitAlert(token.tokens);
  if (alert) return alertQuote(alert.kind, alert.tokens, width, context);
  const { theme } = context;
  const { tokens, attribution } = splitAttribution(token.tokens);
  const flat = flattened(width, 2, context);
  const innerWidth = flat || width <= 0 ? width : width - 2;
  const inner = deeper(context, () => blocks(tokens, innerWidth, context));
  // Flattened levels add nothing: the enclosing quote already styles the text.
  const lines = flat
    ? inner
    : inner.map((line) => (line === '' ? theme.quoteBar('│') : `${theme.quoteBar('│')} ${theme.quoteText(line)}`));
  if (attribution !== null) {
    const indent = flat ? '' : '  ';
    for (const line of wrap(inlineRun(attribution, context), innerWidth)) lines.push(`${indent}${theme.attribution(line)}`);
  }
  return lines;
}

/** An alert: a quote with its kind's bar, then its mark and label, then its blocks. */
function alertQuote(kind: AlertKind, tokens: Token[], width: number, context: Context): string[] {
  const { theme } = context;
  const style = theme.alert[kind];
  const { label, mark } = ALERTS[kind];
  const flat = flattened(width, 2, context);
  const innerWidth = flat || width <= 0 ? width : width - 2;
  const inner = [...wrap(theme.strong(style(`${mark} ${label}`)), innerWidth), ...deeper(context, () => blocks(tokens, innerWidth, context))];
  return flat ? inner : inner.map((line) => (line === '' ? style('│') : `${style('│')} ${line}`));
}

/**
 * A quote whose last line starts with `—` or `--` names its author: that line
 * is set apart. The paragraph's own inline tokens are cut at the line's start
 * (never lexed again, so footnote markers and the lexer's bounds hold); where
 * the line starts inside a span, the quote is left whole.
 */
function splitAttribution(tokens: Token[]): { tokens: Token[]; attribution: Token[] | null } {
  const none = { tokens, attribution: null };
  const lastIndex = tokens.findLastIndex((token) => token.type !== 'space');
  const last = tokens[lastIndex];
  if (!last || last.type !== 'paragraph') return none;
  const paragraph = last as Tokens.Paragraph;
  if (!ATTRIBUTION.test(paragraph.text.slice(paragraph.text.lastIndexOf('\n') + 1))) return none;
  const inline = paragraph.tokens ?? [];
  const at = inline.findLastIndex((token) => token.raw.includes('\n'));
  let before: Token[] = [];
  let attribution = inline;
  if (at !== -1) {
    const token = inline[at]!;
    if (token.type === 'br') {
      before = inline.slice(0, at);
      attribution = inline.slice(at + 1);
    } else if (token.type === 'text' && !children(token) && token.raw === token.text) {
      const cut = token.raw.lastIndexOf('\n');
      const head = token.raw.slice(0, cut);
      const tail = token.raw.slice(cut + 1).trimStart();
      before = [...inline.slice(0, at), ...(head ? [{ ...token, raw: head, text: head }] : [])];
      attribution = [...(tail ? [{ ...token, raw: tail, text: tail }] : []), ...inline.slice(at + 1)];
    } else {
      return none;
    }
  }
  const kept = tokens.slice(0, lastIndex);
  if (before.length > 0) {
    const raw = before.map((token) => token.raw).join('');
    kept.push({ ...paragraph, raw, text: raw, tokens: before });
  }
  return { tokens: kept, attribution };
}

function list(token: Tokens.List, width: number, context: Context): string[] {
  const { theme } = context;
  const start = typeof token.start === 'number' ? token.start : 1;
  const markers = token.items.map((item, index) => {
    const marker = token.ordered ? `${start + index}.` : BULLETS[context.listDepth % BULLETS.length]!;
    return item.task ? `${marker} ${item.checked ? '[x]' : '[ ]'}` : marker;
  });
  const markerWidth = maxOf(markers.map(displayWidth));
  const flat = flattened(width, markerWidth + 1, context);
  const indent = flat ? '' : ' '.repeat(markerWidth + 1);
  const itemWidth = flat || width <= 0 ? width : width - markerWidth - 1;
  const out: string[] = [];
  token.items.forEach((item, index) => {
    if (index > 0 && token.loose) out.push('');
    context.listDepth++;
    const content = deeper(context, () => listItem(item, itemWidth, context));
    context.listDepth--;
    const marker = markers[index]!;
    const padded = token.ordered ? marker.padStart(markerWidth) : marker.padEnd(markerWidth);
    if (content.length === 0) {
      out.push(theme.marker(padded));
      return;
    }
    if (flat) {
      // No room to indent: the marker takes a line of its own above the item.
      out.push(theme.marker(padded), ...content);
      return;
    }
    content.forEach((line, lineIndex) => {
      if (lineIndex === 0) out.push(`${theme.marker(padded)} ${line}`);
      else out.push(line === '' ? '' : indent + line);
    });
  });
  return out;
}

function listItem(item: Tokens.ListItem, width: number, context: Context): string[] {
  const out: string[] = [];
  let previous: Token | null = null;
  for (const child of item.tokens) {
    if (child.type === 'checkbox' || child.type === 'space') continue;
    const lines = block(child, width, context);
    if (lines.length === 0) continue;
    // Tight items keep their text and a nested list together; loose ones breathe.
    if (previous !== null && (item.loose || (child.type !== 'list' && previous.type !== 'text'))) out.push('');
    append(out, lines);
    previous = child;
  }
  return out;
}

const CODE_INDENT = '    ';

function code(token: Tokens.Code, width: number, context: Context): string[] {
  const text = expandTabs(trimChars(token.text, '\n', 'end'));
  const lang = (token.lang ?? '').trim().split(/\s+/)[0] ?? '';
  const highlighted = lang && context.theme.color ? context.options.highlight?.(text, lang) : null;
  // Unhighlighted code keeps the terminal's own colour: a whole block in the inline-code colour is too loud.
  const lines = (highlighted ?? text).split('\n');
  const indent = width <= 0 || width > 2 * CODE_INDENT.length ? CODE_INDENT : '';
  // A wrapped line goes on after a mark in the margin, so it is never read as a line of its own.
  const mark = context.theme.marker(CONTINUED);
  const codeWidth = width <= 0 ? 0 : width - (indent === '' ? CONTINUED.length + 1 : indent.length);
  const margin = indent === '' ? `${mark} ` : `${' '.repeat(indent.length - CONTINUED.length - 1)}${mark} `;
  const out: string[] = [];
  for (const line of lines) {
    wrapCode(line, codeWidth).forEach((piece, index) => out.push(index > 0 ? margin + piece : piece === '' ? '' : indent + piece));
  }
  return out;
}

const CONTINUED = '↪';

function table(token: Tokens.Table, width: number, context: Context): string[] {
  const { theme } = context;
  const box = theme.color;
  const header = token.header.map((cell) => theme.strong(inlineRun(cell.tokens, context)));
  const rows = token.rows.map((row) => row.map((cell) => inlineRun(cell.tokens, context)));
  const columns = header.length;
  const all = [header, ...rows];
  const natural = Array.from({ length: columns }, (_, col) =>
    maxOf(all.map((row) => maxOf((row[col] ?? '').split('\n').map(displayWidth))), 1),
  );
  const gap = box ? 3 : 2;
  const overhead = box ? gap * (columns - 1) + 4 : gap * (columns - 1);
  const minimum = Array.from({ length: columns }, (_, col) =>
    maxOf(all.map((row) => maxOf((row[col] ?? '').split(/\s+/).map(unbreakableWidth))), 1),
  );
  const available = width - overhead;
  // Not even each column's longest word fits: a grid would break words, so each row becomes a block.
  if (width > 0 && minimum.reduce((sum, w) => sum + w, 0) > available) return tableAsBlocks(header, rows, width, context);
  const widths = width > 0 ? fitColumns(natural, minimum, available) : natural;
  const align = token.align;

  const renderRow = (cells: string[]): string[] => {
    const wrapped = widths.map((w, col) => wrap(cells[col] ?? '', w, { hard: true }));
    const height = maxOf(wrapped.map((lines) => lines.length));
    const lines: string[] = [];
    for (let i = 0; i < height; i++) {
      const parts = widths.map((w, col) => pad(wrapped[col]![i] ?? '', w, align[col] ?? null));
      lines.push(box ? `${theme.rule('│')} ${parts.join(` ${theme.rule('│')} `)} ${theme.rule('│')}` : parts.join(' '.repeat(gap)).trimEnd());
    }
    return lines;
  };
  const rule = (left: string, middle: string, right: string): string =>
    theme.rule(left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right);

  if (box) {
    return [rule('┌', '┬', '┐'), ...renderRow(header), rule('├', '┼', '┤'), ...rows.flatMap(renderRow), rule('└', '┴', '┘')];
  }
  return [...renderRow(header), widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap)), ...rows.flatMap(renderRow)];
}

/**
 * Fits columns into the available width, which holds every column's longest
 * word: the widest column gives up a column at a time, never below its
 * longest word, so the room goes where the content is.
 */
function fitColumns(natural: number[], minimum: number[], available: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((sum, w) => sum + w, 0);
  while (total > available) {
    let widest = -1;
    widths.forEach((w, col) => {
      if (w > minimum[col]! && (widest === -1 || w > widths[widest]!)) widest = col;
    });
    if (widest === -1) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/**
 * A table too narrow for a grid: each row a block of `header: value` lines,
 * rows apart by a blank line, a value's wrapped lines indented under it.
 * An empty cell keeps its header, which says so.
 */
function tableAsBlocks(header: string[], rows: string[][], width: number, context: Context): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (out.length > 0) out.push('');
    header.forEach((name, col) => {
      const value = row[col] ?? '';
      const lines = wrap(`${name}${context.theme.rule(':')}${value.trim() === '' ? '' : ` ${value}`}`, width > 4 ? width - 2 : width);
      lines.forEach((line, at) => out.push(at === 0 || width <= 4 ? line : `  ${line}`));
    });
  }
  return out;
}

function pad(text: string, width: number, align: 'left' | 'right' | 'center' | null): string {
  const space = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(space - Math.floor(space / 2));
  return text + ' '.repeat(space);
}

/**
 * Raw HTML as a browser shows it: comments (`<!-->` too), processing
 * instructions and declarations, which HTML reads as comments up to the
 * first `>`, and tags, whose quoted attributes may hold a `>`, are dropped;
 * their text is kept, and `<br>` is a line break. A tag left open at the
 * end swallows the rest, as in a browser. One pass, by hand: a pattern for
 * tags retried at every `<` of an unclosed quote takes quadratic time.
 */
function stripTags(html: string, onTag: (tag: string) => string = tagText): string {
  if (!html.includes('<')) return html;
  let out = '';
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) break;
    out += html.slice(i, open);
    const next = html[open + 1] ?? '';
    let end: number;
    if (html.startsWith('<!--', open)) {
      end = html.startsWith('<!-->', open) ? open + 5 : html.startsWith('<!--->', open) ? open + 6 : closing(html.indexOf('-->', open + 4), 3);
    } else if (next === '?' || next === '!') {
      end = closing(html.indexOf('>', open + 2), 1);
    } else if (/[A-Za-z]/.test(next) || (next === '/' && /[A-Za-z]/.test(html[open + 2] ?? ''))) {
      end = tagEnd(html, open + 1);
      out += onTag(html.slice(open, end));
    } else {
      out += '<';
      i = open + 1;
      continue;
    }
    i = end;
  }
  return out + html.slice(i);

  function closing(at: number, length: number): number {
    return at === -1 ? html.length : at + length;
  }
}

// Where a browser starts a new line, or a new paragraph, in a block of HTML.
const LINE_TAG = /^<\/?(?:div|li|tr|dt|dd|figcaption|caption|summary|center|address|nav|header|footer|main|article)(?=[\s/>]|$)/i;
const PARAGRAPH_TAG = /^<\/?(?:p|h[1-6]|figure|details|blockquote|table|ul|ol|dl|section|aside|hr)(?=[\s/>]|$)/i;
// A block holding these keeps its lines as written.
const VERBATIM = /<(?:pre|listing|textarea|xmp|plaintext|script|style)(?=[\s/>]|$)/i;
// Stand-ins for breaks while a block's text is laid out: a body holds no C0 controls (sanitizeBody).
const LINE = '\x01';
const PARAGRAPH = '\x02';
const HARD = '\x03';
const BREAKS = /([\x01-\x03])/;
// HTML's white space, which collapses; a no-break space does not.
const HTML_SPACES = /[ \t\n\f\r]+/g;
const blank = (text: string): boolean => text.replace(HTML_SPACES, '') === '';

/**
 * A block of raw HTML laid out as a browser does, before entities are
 * decoded: the source's line breaks are spaces, `<br>` ends a line, block
 * tags start a new line or paragraph. A block with preformatted text keeps
 * its lines and their indentation.
 */
function htmlBlock(html: string): { lines: string[]; verbatim: boolean } {
  if (VERBATIM.test(html)) {
    const text = withoutBlankEdges(stripTags(html));
    return { lines: text.trim() === '' ? [] : text.split('\n'), verbatim: true };
  }
  const marked = stripTags(html, (tag) => {
    if (LINE_TAG.test(tag)) return tag.slice(0, 8).toLowerCase() === '<summary' ? `${LINE}▸ ` : LINE;
    if (PARAGRAPH_TAG.test(tag)) return PARAGRAPH;
    const text = tagText(tag);
    return text === '\n' ? HARD : text;
  });
  const lines: string[] = [];
  let current = '';
  let pending = '';
  for (const piece of marked.split(BREAKS)) {
    if (piece === HARD) {
      lines.push(current);
      current = '';
      pending = '';
    } else if (piece === LINE || piece === PARAGRAPH) {
      if (pending !== PARAGRAPH) pending = piece;
    } else if (!blank(piece)) {
      if (pending !== '' && !blank(current)) {
        lines.push(current);
        current = '';
      }
      if (pending === PARAGRAPH && lines.length > 0 && !blank(lines.at(-1)!)) lines.push('');
      pending = '';
      current += piece;
    } else {
      current += ' ';
    }
  }
  lines.push(current);
  const tidy = lines.map((line) => line.replace(HTML_SPACES, ' ').replace(/^ | $/g, ''));
  const first = tidy.findIndex((line) => line !== '');
  const last = tidy.findLastIndex((line) => line !== '');
  return { lines: first === -1 ? [] : tidy.slice(first, last + 1), verbatim: false };
}

const HEADING_OPEN = /^\s*<h([1-6])(?=[\s>])/i;
const HEADING_CLOSE = /<\/h([1-6])>\s*$/i;

/** A block of raw HTML that is one heading (`<h1 align="center">Name</h1>`), as a heading token. */
function htmlHeading(html: string): Tokens.Heading | null {
  const open = HEADING_OPEN.exec(html);
  const close = open && HEADING_CLOSE.exec(html);
  if (!open || !close || open[1] !== close[1]) return null;
  const inner = html.slice(tagEnd(html, html.indexOf('<') + 1), close.index);
  // One heading only: no other heading or block inside.
  if (/<\/?(?:h[1-6]|p|div|table|ul|ol|pre)(?=[\s/>])/i.test(inner)) return null;
  const text = stripTags(inner).replace(HTML_SPACES, ' ').trim();
  if (text === '') return null;
  return { type: 'heading', raw: html, depth: Number(open[1]), text, tokens: [{ type: 'text', raw: text, text } as Tokens.Text] };
}

const TABLE_TAG = /^<(\/?)(table|tr|td|th)(?=[\s/>]|$)/i;

/**
 * A block of raw HTML that is one table, as a table token: each `<tr>` a
 * row, each `<td>` or `<th>` a cell of its text (entities are decoded as
 * the cell is shown), the first row the header. Null when the block is not
 * a table alone. One pass over the tags, as stripTags makes it.
 */
function htmlTable(html: string): Tokens.Table | null {
  if (!/^\s*<table[\s>]/i.test(html)) return null;
  const rows: string[][] = [];
  let cell: string | null = null;
  let depth = 0;
  let after = -1;
  for (let i = 0; i < html.length; ) {
    const open = html.indexOf('<', i);
    const text = html.slice(i, open === -1 ? html.length : open);
    if (cell !== null) cell += text;
    if (open === -1) break;
    const end = tagEnd(html, open + 1);
    const tag = TABLE_TAG.exec(html.slice(open, Math.min(end, open + 12)));
    const name = tag?.[2]?.toLowerCase();
    const closing = tag?.[1] === '/';
    if (name === 'table') {
      depth += closing ? -1 : 1;
      // A table inside a cell is more than a grid can show.
      if (depth > 1) return null;
      if (depth === 0) {
        after = end;
        break;
      }
    } else if (name === 'tr') {
      // Closing tags of cells and rows may be left out, as HTML allows.
      if (cell !== null) rows.at(-1)?.push(cell);
      cell = null;
      if (!closing) rows.push([]);
    } else if ((name === 'td' || name === 'th') && rows.length > 0) {
      if (cell !== null) rows.at(-1)!.push(cell);
      cell = closing ? null : '';
    } else if (cell !== null) {
      cell += tagText(html.slice(open, end));
    }
    i = end;
  }
  if (cell !== null) rows.at(-1)?.push(cell);
  if (after === -1 || html.slice(after).trim() !== '' || rows.length === 0) return null;
  const columns = maxOf(rows.map((row) => row.length));
  if (columns === 0) return null;
  const cellToken = (raw: string, header: boolean): Tokens.TableCell => {
    const text = raw.replace(/\s+/g, ' ').trim();
    return { text, tokens: [{ type: 'text', raw: text, text } as Tokens.Text], header, align: null };
  };
  const [first, ...rest] = rows.map((row) => Array.from({ length: columns }, (_, col) => row[col] ?? ''));
  return {
    type: 'table',
    raw: html,
    align: new Array<null>(columns).fill(null),
    header: first!.map((raw) => cellToken(raw, true)),
    rows: rest.map((row) => row.map((raw) => cellToken(raw, false))),
  };
}

/** GFM's tag filter: these tags are shown as written, never read as HTML (GFM example 653). */
const DISALLOWED = /^<\/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?=[\s/>]|$)/i;
const TAG_NAME = /^<\/?([A-Za-z][A-Za-z0-9-]*)/;
const IMAGE_TAG = /^<img(?=[\s/>]|$)/i;
const ATTRIBUTE = /[\s"'](alt|src)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/**
 * What a tag adds to the text around it, as a browser shows it: a line
 * break for `<br>`, the description and address of an image (as for a
 * Markdown image), a mark before a `<summary>` and a line break after it,
 * the tag itself for a tag that GFM does not allow, and nothing otherwise.
 */
function tagText(tag: string): string {
  if (DISALLOWED.test(tag)) return tag;
  const name = TAG_NAME.exec(tag)?.[1]?.toLowerCase();
  const closing = tag[1] === '/';
  if (name === 'br') return '\n';
  if (name === 'summary') return closing ? '\n' : '▸ ';
  if (name !== 'img' || closing) return '';
  const values: Record<string, string> = {};
  for (const [, key, ...value] of tag.matchAll(ATTRIBUTE)) values[key!.toLowerCase()] ??= value.find((v) => v !== undefined) ?? '';
  // Entities stay as written: every caller decodes the text it shows once, then sanitises it.
  const alt = (values.alt ?? '').replace(/\s+/g, ' ').trim();
  const src = displayUrl((values.src ?? '').trim());
  if (alt === '' && src === '') return '';
  return `[image: ${alt}]${src ? ` (${src})` : ''}`;
}

// Inline rendering -------------------------------------------------------------

interface QuoteState {
  /** 1 for each character of the run's text inside a quotation, marks included. */
  inside: Uint8Array;
  offset: number;
}

/**
 * Renders a run of inline tokens (a paragraph, a heading, a cell). Quotations
 * are found on the run's whole text first, so a quotation that spans emphasis
 * or a link is still styled as one.
 */
function inlineRun(tokens: Token[], context: Context): string {
  const text = flatText(tokens);
  const state: QuoteState = { inside: quotations(text), offset: 0 };
  return inline(tokens, context, state);
}

/** The text pieces of a run in the order `inline` consumes them. */
function flatText(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    const inner = children(token);
    if (token.type === 'text' && !inner) out += leafText(token as Tokens.Text);
    else if (token.type === 'escape') out += (token as Tokens.Escape).text;
    else if (token.type !== 'image' && inner) out += flatText(inner);
  }
  return out;
}

/**
 * Text from the article as it may be shown: entities decoded, then sanitised
 * again, since `&#27;` decodes to a real ESC after the body was sanitised.
 */
function visible(text: string): string {
  return sanitizeBody(decodeEntities(text));
}

/** A piece of text as shown: entities decoded, soft line breaks and tabs made spaces. */
function leafText(token: Tokens.Text): string {
  return joinLines(visible(token.text)).replaceAll('\t', ' ');
}

const CLOSERS: Record<string, readonly string[]> = {
  '“': ['”'],
  '«': ['»'],
  '„': ['“', '”'],
  '"': ['"'],
};

/** Marks each character that lies between a matching pair of quotation marks. */
export function quotations(text: string): Uint8Array {
  const inside = new Uint8Array(text.length);
  // The next position of each closing mark, found once and reused, so that a
  // run of unmatched openers costs one scan rather than one per opener.
  const nextCloser = new Map<string, number>();
  const find = (closer: string, from: number): number => {
    const known = nextCloser.get(closer);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = text.indexOf(closer, from);
    nextCloser.set(closer, at);
    return at;
  };
  for (let i = 0; i < text.length; i++) {
    const closers = CLOSERS[text[i]!];
    if (!closers) continue;
    if (text[i] === '"' && !/[\s([{—–-]/.test(text[i - 1] ?? ' ')) continue;
    // Guillemets take a (no-break) space inside; the other marks hug the words.
    if (text[i] !== '«' && /\s/.test(text[i + 1] ?? ' ')) continue;
    let end = -1;
    for (const closer of closers) {
      const at = find(closer, i + 1);
      if (at !== -1 && (end === -1 || at < end)) end = at;
    }
    if (end === -1 || !/\S/.test(text.slice(i + 1, end))) continue;
    inside.fill(1, i, end + 1);
    i = end;
  }
  return inside;
}

function styleQuotations(piece: string, state: QuoteState, context: Context): string {
  const start = state.offset;
  state.offset += piece.length;
  if (!state.inside.subarray(start, start + piece.length).includes(1)) return piece;
  let out = '';
  let runStart = 0;
  for (let i = 1; i <= piece.length; i++) {
    if (i === piece.length || state.inside[start + i] !== state.inside[start + runStart]) {
      const run = piece.slice(runStart, i);
      out += state.inside[start + runStart] ? context.theme.quotation(run) : run;
      runStart = i;
    }
  }
  return out;
}

function inline(tokens: Token[], context: Context, state: QuoteState): string {
  let out = '';
  for (const token of tokens) out += inlineToken(token, context, state);
  return out;
}

function inlineToken(token: Token, context: Context, state: QuoteState): string {
  const { theme } = context;
  switch (token.type) {
    case 'text': {
      const inner = children(token);
      return inner ? inline(inner, context, state) : styleQuotations(leafText(token as Tokens.Text), state, context);
    }
    case 'escape':
      return styleQuotations(token.text, state, context);
    case 'strong':
      return theme.strong(inline(token.tokens ?? [], context, state));
    case 'em':
      return theme.emphasis(inline(token.tokens ?? [], context, state));
    case 'del':
      return theme.strike(inline(token.tokens ?? [], context, state));
    case 'codespan':
      return theme.code(sanitizeBody(token.text));
    case 'br':
      return '\n';
    case 'html': {
      const shown = visible(stripTags(token.text));
      // An image in HTML looks as a Markdown image does.
      return shown !== '' && IMAGE_TAG.test(token.text) ? theme.address(shown) : shown;
    }
    case 'link':
      return link(token as Tokens.Link, context, state);
    case 'footnoteRef':
      return theme.marker(superscript(String((token as Token & { id?: unknown }).id ?? '')));
    case 'image': {
      const alt = sanitizeLine(inlineText((token as Tokens.Image).tokens ?? []));
      const href = sanitizeLine(decodeEntities(token.href));
      return theme.address(`[image: ${alt}]${href ? ` (${href})` : ''}`);
    }
    default: {
      const inner = children(token);
      if (inner) return inline(inner, context, state);
      return 'text' in token && typeof token.text === 'string' ? visible(token.text) : '';
    }
  }
}

function link(token: Tokens.Link, context: Context, state: QuoteState): string {
  const { theme } = context;
  const label = inline(token.tokens, context, state);
  const href = displayUrl(sanitizeLine(token.autolink ? token.href : decodeEntities(token.href)));
  const labelText = inlineText(token.tokens);
  const styled = context.options.hyperlinks && href !== '' ? osc8(href, theme.link(label)) : theme.link(label);
  // The label is the address itself: nothing hides behind it.
  if (href === '' || labelText === href || `mailto:${labelText}` === href) return styled;
  let number = context.links.indexOf(href) + 1;
  if (number === 0) number = context.links.push(href);
  return `${styled}${theme.marker(`[${number}]`)}`;
}

/** An address as a reader can copy it: spaces, backslashes, quotes and angle brackets percent-encoded, as browsers send them. */
function displayUrl(href: string): string {
  return href.replace(/[\s\\"<>`]/g, (char) => encodeURIComponent(char));
}

/** An OSC 8 hyperlink; the address is made a URI so that nothing in it can end the sequence. */
function osc8(href: string, label: string): string {
  const uri = encodeURI(href.toWellFormed()).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
  return `\x1b]8;;${uri}\x1b\\${label}\x1b]8;;\x1b\\`;
}

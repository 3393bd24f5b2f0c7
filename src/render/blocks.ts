/** The blocks of a body, each as lines of at most the width: headings, paragraphs, quotes and alerts, lists, code. */
import type { MarkedToken, Token, Tokens } from 'marked';
import { children } from '../library/read/plain-text.js';
import type { AlertKind, Theme } from './theme.js';
import { expandTabs, wrap, wrapCode } from './wrap.js';
import { displayWidth, maxOf } from './width.js';
import { trimChars } from '../text.js';
import type { RenderOptions } from './markdown.js';
import { inlineRun, visible } from './inline.js';
import { table } from './table.js';
import { htmlBlock, htmlHeading, htmlTable } from './html.js';

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

export interface Context {
  options: RenderOptions;
  theme: Theme;
  /** Link addresses in order of first use, for the numbered list at the end. */
  links: string[];
  /** How many quotes and lists enclose the block being rendered. */
  depth: number;
  /** How many lists enclose it: picks the bullet. */
  listDepth: number;
}

/** Adds lines one by one: `push(...lines)` overflows the stack past a few hundred thousand. */
export function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

/** Whether a container at this depth, indenting by `by` columns, must be flattened. */
export function flattened(width: number, by: number, context: Context): boolean {
  return context.depth >= MAX_NESTING || (width > 0 && width - by < Math.min(MIN_WIDTH, Math.ceil(width / 2)));
}

/** Renders nested blocks one level deeper. */
export function deeper<T>(context: Context, render: () => T): T {
  context.depth++;
  try {
    return render();
  } finally {
    context.depth--;
  }
}

const BLANK = /^(?:\s|\x1b\[[0-9;]*m)*$/;

export function blocks(tokens: Token[], width: number, context: Context, separator = true): string[] {
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
  // Footnotes are rendered at the end; marked's own tokens are told apart by their type.
  if (token.type === 'footnote') return [];
  const known = token as MarkedToken;
  switch (known.type) {
    case 'space':
    case 'def':
      return [];
    case 'heading':
      return heading(known, width, context);
    case 'paragraph': {
      // A paragraph of tags alone (`<a id="x"></a>`) shows nothing, not a blank line.
      const text = inlineRun(known.tokens ?? [], context);
      return BLANK.test(text) ? [] : wrap(text, width);
    }
    case 'text': {
      const text = known.tokens ? inlineRun(known.tokens, context) : visible(known.text);
      return wrap(text, width);
    }
    case 'blockquote':
      return blockquote(known, width, context);
    case 'list':
      return list(known, width, context);
    case 'code':
      return code(known, width, context);
    case 'table':
      return table(known, width, context);
    case 'hr':
      return [theme.rule('─'.repeat(width > 0 ? width : UNWRAPPED_RULE))];
    case 'html': {
      const grid = htmlTable(known.text);
      if (grid) return table(grid, width, context);
      const title = htmlHeading(known.text);
      if (title) return heading(title, width, context);
      const { lines, verbatim } = htmlBlock(known.text);
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
  const first = tokens[0] as MarkedToken | undefined;
  if (first?.type !== 'paragraph') return null;
  const match = ALERT.exec(first.raw);
  if (!match) return null;
  let skip = match[0].length;
  const inline = [...(first.tokens ?? [])];
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
  const rest = first.raw.slice(match[0].length);
  const blocks = inline.length > 0 ? [{ ...first, raw: rest, text: rest, tokens: inline }, ...tokens.slice(1)] : tokens.slice(1);
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
  const paragraph = tokens[lastIndex] as MarkedToken | undefined;
  if (paragraph?.type !== 'paragraph') return none;
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

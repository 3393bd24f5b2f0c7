/** The inline content of a block as one styled string: emphasis, code, links, quotations, footnote marks. */
import type { MarkedToken, Token, Tokens } from 'marked';
import { children, decodeEntities, inlineText } from '../library/read/plain-text.js';
import { sanitizeBody, sanitizeLine } from './sanitize.js';
import { joinLines } from '../text.js';
import type { Context } from './blocks.js';
import { IMAGE_TAG, displayUrl, stripTags } from './html.js';

// Footnote markers: superscript numbers, apart from the link list's [n].
const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export function superscript(id: string): string {
  return id.replace(/[0-9]/g, (digit) => SUPERSCRIPTS[Number(digit)]!);
}

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
export function inlineRun(tokens: Token[], context: Context): string {
  const text = flatText(tokens);
  const state: QuoteState = { inside: quotations(text), offset: 0 };
  return inline(tokens, context, state);
}

/** The text pieces of a run in the order `inline` consumes them. */
function flatText(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    const inner = children(token);
    const known = token as MarkedToken;
    if (known.type === 'text' && !inner) out += leafText(known);
    else if (known.type === 'escape') out += known.text;
    else if (known.type !== 'image' && inner) out += flatText(inner);
  }
  return out;
}

/**
 * Text from the article as it may be shown: entities decoded, then sanitised
 * again, since `&#27;` decodes to a real ESC after the body was sanitised.
 */
export function visible(text: string): string {
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
  // The one token of an extension: a footnote's mark, which lexer.ts numbers.
  if (token.type === 'footnoteRef') return theme.marker(superscript(String(token.id ?? '')));
  const known = token as MarkedToken;
  switch (known.type) {
    case 'text': {
      const inner = children(known);
      return inner ? inline(inner, context, state) : styleQuotations(leafText(known), state, context);
    }
    case 'escape':
      return styleQuotations(known.text, state, context);
    case 'strong':
      return theme.strong(inline(known.tokens ?? [], context, state));
    case 'em':
      return theme.emphasis(inline(known.tokens ?? [], context, state));
    case 'del':
      return theme.strike(inline(known.tokens ?? [], context, state));
    case 'codespan':
      return theme.code(sanitizeBody(known.text));
    case 'br':
      return '\n';
    case 'html': {
      const shown = visible(stripTags(known.text));
      // An image in HTML looks as a Markdown image does.
      return shown !== '' && IMAGE_TAG.test(known.text) ? theme.address(shown) : shown;
    }
    case 'link':
      return link(known, context, state);
    case 'image': {
      const alt = sanitizeLine(inlineText(known.tokens ?? []));
      const href = sanitizeLine(decodeEntities(known.href));
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


/** An OSC 8 hyperlink; the address is made a URI so that nothing in it can end the sequence. */
export function osc8(href: string, label: string): string {
  const uri = encodeURI(href.toWellFormed()).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
  return `\x1b]8;;${uri}\x1b\\${label}\x1b]8;;\x1b\\`;
}

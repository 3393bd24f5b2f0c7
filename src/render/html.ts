/** Raw HTML in Markdown, shown as a browser would show its text: blocks, a lone heading, a lone table. */
import type { Tokens } from 'marked';
import { maxOf } from './width.js';
import { tagEnd } from '../text.js';

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

/**
 * Raw HTML as a browser shows it: comments (`<!-->` too), processing
 * instructions and declarations, which HTML reads as comments up to the
 * first `>`, and tags, whose quoted attributes may hold a `>`, are dropped;
 * their text is kept, and `<br>` is a line break. A tag left open at the
 * end swallows the rest, as in a browser. One pass, by hand: a pattern for
 * tags retried at every `<` of an unclosed quote takes quadratic time.
 */
export function stripTags(html: string, onTag: (tag: string) => string = tagText): string {
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
export function htmlBlock(html: string): { lines: string[]; verbatim: boolean } {
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
export function htmlHeading(html: string): Tokens.Heading | null {
  const open = HEADING_OPEN.exec(html);
  const close = open && HEADING_CLOSE.exec(html);
  if (!open || !close || open[1] !== close[1]) return null;
  const inner = html.slice(tagEnd(html, html.indexOf('<') + 1), close.index);
  // One heading only: no other heading or block inside.
  if (/<\/?(?:h[1-6]|p|div|table|ul|ol|pre)(?=[\s/>])/i.test(inner)) return null;
  const text = stripTags(inner).replace(HTML_SPACES, ' ').trim();
  if (text === '') return null;
  return { type: 'heading', raw: html, depth: Number(open[1]), text, tokens: [{ type: 'text', raw: text, text }] };
}

const TABLE_TAG = /^<(\/?)(table|tr|td|th)(?=[\s/>]|$)/i;

/**
 * A block of raw HTML that is one table, as a table token: each `<tr>` a
 * row, each `<td>` or `<th>` a cell of its text (entities are decoded as
 * the cell is shown), the first row the header. Null when the block is not
 * a table alone. One pass over the tags, as stripTags makes it.
 */
export function htmlTable(html: string): Tokens.Table | null {
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
    return { text, tokens: [{ type: 'text', raw: text, text }], header, align: null };
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
export const IMAGE_TAG = /^<img(?=[\s/>]|$)/i;
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

/** An address as a reader can copy it: spaces, backslashes, quotes and angle brackets percent-encoded, as browsers send them. */
export function displayUrl(href: string): string {
  return href.replace(/[\s\\"<>`]/g, (char) => encodeURIComponent(char));
}

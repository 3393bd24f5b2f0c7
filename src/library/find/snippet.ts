/** A search hit's snippet: the paragraph around its first match, as plain text, cut to a window, with the matches marked. */
import { trimChars } from '../../text.js';
import type { Body } from './search.js';

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;
/** A paragraph is looked at this far on each side of the match: a one-line megabyte costs no more than a short one. */
const SNIPPET_WINDOW = 2_000;

/**
 * The paragraph around the first match, preferably in the prose (the title
 * is shown beside the snippet), as plain text, cut to a window around the
 * match; the first paragraph when the words are only in the title.
 */
export function snippetOf(body: Body, at: number, patterns: RegExp[]): { snippet: string; highlights: Array<[number, number]> } {
  const region = at === -1 ? firstParagraph(body.text).slice(0, 2 * SNIPPET_WINDOW) : paragraphAround(body.text, at);
  // Lines of code are not a sentence: from a code block, the snippet is the line of the match alone.
  const code = FENCE_LINE.test(region) || INDENTED_START.test(region);
  const around = at !== -1 && code ? lineAround(body.text, at) : region;
  // Held as bytes, only the paragraph of the snippet is decoded; a character cut at the window's edge is dropped.
  const decoded = body.bytes ? trimChars(Buffer.from(around, 'latin1').toString('utf8'), '\ufffd') : around;
  const paragraph = roughText(decoded);
  let first = paragraph.length;
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    const match = pattern.exec(paragraph);
    if (match) first = Math.min(first, match.index);
  }
  if (first === paragraph.length) first = 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0) start = paragraph.indexOf(' ', start) + 1 || start;
  let end = Math.min(paragraph.length, start + SNIPPET_LENGTH);
  if (end < paragraph.length) end = paragraph.lastIndexOf(' ', end) > first ? paragraph.lastIndexOf(' ', end) : end;
  const text = paragraph.slice(start, end);
  const prefix = start > 0 ? '…' : '';
  const snippet = prefix + text + (end < paragraph.length ? '…' : '');
  const highlights: Array<[number, number]> = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) break;
      highlights.push([prefix.length + match.index, prefix.length + match.index + match[0].length]);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet, highlights: mergeRanges(highlights) };
}

// A fence anywhere in a paragraph, or an indented block (its first line, after the blank line, is indented).
const FENCE_LINE = /^ {0,3}(?:```|~~~)/m;
const INDENTED_START = /^\n?(?: {4}|\t)/;

/** The line that holds `at`, at most SNIPPET_WINDOW on each side of it. */
function lineAround(body: string, at: number): string {
  const start = Math.max(body.lastIndexOf('\n', at - 1) + 1, at - SNIPPET_WINDOW);
  const end = body.indexOf('\n', at);
  return body.slice(start, Math.min(end === -1 ? body.length : end, at + SNIPPET_WINDOW));
}

const BLANK_LINE = /\n[ \t]*\n/g;
// Blank is spaces and tabs only, as in Markdown: a line of no-break spaces is text. The same
// test holds for a body held as bytes, where a no-break space is two characters.
const HAS_TEXT = /[^ \t\r\n]/;

/** The text between the blank lines around `at`, at most SNIPPET_WINDOW on each side of it. */
function paragraphAround(body: string, at: number): string {
  const floor = Math.max(0, at - SNIPPET_WINDOW);
  let start = body.lastIndexOf('\n', at);
  // Walk back to the nearest blank line.
  while (start > floor) {
    const previous = body.lastIndexOf('\n', start - 1);
    if (!HAS_TEXT.test(body.slice(previous + 1, start))) break;
    start = previous;
  }
  BLANK_LINE.lastIndex = at;
  const next = BLANK_LINE.exec(body);
  return body.slice(Math.max(start, floor), Math.min(next ? next.index : body.length, at + SNIPPET_WINDOW));
}

/** The first paragraph of prose, else the first of anything. */
function firstParagraph(body: string): string {
  const blocks = body.split(/\n[ \t]*\n/, 50);
  return blocks.find((block) => HAS_TEXT.test(block) && !/^[ \t\n]*#{1,6}[ \t]/.test(block)) ?? blocks.find((block) => HAS_TEXT.test(block)) ?? '';
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Markdown reduced to its words for a snippet: marks, link targets and tags dropped, lines joined. */
export function roughText(markdown: string): string {
  return markdown
    .replace(/^ {0,3}(?:```|~~~).*$/gm, '')
    // Each bracket run stops at the next opening one, so a run of `[` or `<` costs one pass.
    .replace(/!?\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/<[^<>]*>/g, '')
    .replace(/^[ \t]*(?:#{1,6}|>+|[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    .replace(/\*\*|__|~~|[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * HTML nested beyond reason, made shallow before it is parsed. The HTML
 * parser looks back through the open elements at each tag, Readability and
 * turndown recurse once per level, and Readability measures the text under
 * each block it weighs, so its work grows with the sum of the elements'
 * depths: 2,000 nested `<div>` took 53 s to import, 10,000 overflowed the
 * stack, and 20,000 `<ul><li>` 128 deep took a minute. Tags past MAX_DEPTH
 * levels are dropped here, their text kept; when the elements' depths still
 * add up past DEPTH_BUDGET, the limit is lowered until they do not.
 *
 * Only elements that nest are counted: `<p>`, `<li>`, `<td>` and their kind
 * close the one before them, and void elements (`<br>`, `<img>`) hold
 * nothing. The content of `<script>`, `<style>` and the like is text to the
 * parser, and is skipped whole. Each pass is linear in the text.
 */
import { tagEnd } from '../text.js';

export const MAX_DEPTH = 64;
/** The elements' depths may add up to this (a long real page: 8,000 elements 30 deep). */
const DEPTH_BUDGET = 250_000;
const MIN_DEPTH = 8;

const SELF_CLOSING = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rt', 'rp', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame', 'keygen']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

const NAME = /[A-Za-z][A-Za-z0-9:-]*/y;

export interface Shallow {
  html: string;
  /** The depth past which tags were dropped, or null when none was. */
  limit: number | null;
}

export function limitNesting(html: string): Shallow {
  const first = drop(html, MAX_DEPTH);
  let total = 0;
  first.depths.forEach((count, depth) => (total += count * depth));
  if (total <= DEPTH_BUDGET) return { html: first.html, limit: first.limited ? MAX_DEPTH : null };
  // The deepest limit whose depths, each cut at it, fit the budget.
  let limit = MAX_DEPTH;
  const cut = (at: number) => first.depths.reduce((sum, count, depth) => sum + count * Math.min(depth, at), 0);
  while (limit > MIN_DEPTH && cut(limit) > DEPTH_BUDGET) limit = Math.max(MIN_DEPTH, Math.floor(limit * 0.8));
  return { html: drop(html, limit).html, limit };
}

/** The text with tags past `limit` levels dropped, and how many elements are kept at each depth. */
function drop(html: string, limit: number): { html: string; limited: boolean; depths: number[] } {
  const depths = new Array<number>(limit + 2).fill(0);
  const out: string[] = [];
  let depth = 0;
  // Opening tags dropped and not yet closed: their closing tags go too.
  let dropped = 0;
  let limited = false;
  let copied = 0;
  let i = html.indexOf('<');
  while (i !== -1 && i < html.length) {
    const closing = html[i + 1] === '/';
    NAME.lastIndex = i + (closing ? 2 : 1);
    const name = NAME.exec(html)?.[0].toLowerCase();
    let end: number;
    if (html.startsWith('<!--', i)) {
      end = after(html, '-->', i + 4);
    } else if (html[i + 1] === '!' || html[i + 1] === '?') {
      end = after(html, '>', i + 2);
    } else if (name === undefined) {
      i = html.indexOf('<', i + 1);
      continue;
    } else {
      end = tagEnd(html, NAME.lastIndex);
      const selfClosed = html[end - 2] === '/';
      const nests = !SELF_CLOSING.has(name) && !VOID.has(name) && !selfClosed;
      let drop = false;
      if (closing && nests) {
        if (dropped > 0) {
          dropped--;
          drop = true;
        } else depth = Math.max(0, depth - 1);
      } else if (!closing && nests) {
        if (depth >= limit) {
          dropped++;
          drop = true;
        } else depth++;
      }
      if (!closing && !drop) depths[nests ? depth : depth + 1]!++;
      if (drop) {
        out.push(html.slice(copied, i));
        copied = end;
        limited = true;
      }
      if (!closing && RAW_TEXT.has(name)) {
        // Up to its closing tag, whatever it holds.
        const close = closingTag(name);
        close.lastIndex = end;
        end = close.exec(html)?.index ?? html.length;
      }
    }
    i = html.indexOf('<', end);
  }
  if (!limited) return { html, limited, depths };
  out.push(html.slice(copied));
  return { html: out.join(''), limited, depths };
}

const closingTags = new Map<string, RegExp>();

function closingTag(name: string): RegExp {
  let pattern = closingTags.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}`, 'gi');
    closingTags.set(name, pattern);
  }
  return pattern;
}

function after(html: string, close: string, from: number): number {
  const at = html.indexOf(close, from);
  return at === -1 ? html.length : at + close.length;
}

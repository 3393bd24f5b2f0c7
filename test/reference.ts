import { parseFragment } from 'parse5';

/**
 * The yardstick of the spec and corpus tests: what a browser shows for a
 * reference HTML rendering, and the words and marks that kiosk's output must
 * keep or must not leak when compared with it.
 */

interface HtmlNode {
  nodeName: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: HtmlNode[];
  content?: HtmlNode;
}

const attr = (node: HtmlNode, name: string): string | undefined => node.attrs?.find((a) => a.name === name)?.value;

/** Parts of a footnote section that are a browser's navigation, not the text: the hidden label, the back links, the markers. */
const navigation = (node: HtmlNode): boolean =>
  attr(node, 'data-footnote-backref') !== undefined ||
  attr(node, 'data-footnote-ref') !== undefined ||
  (attr(node, 'class') ?? '').split(' ').includes('sr-only');

const BLOCKS = new Set(['p', 'div', 'li', 'details', 'summary', 'figure', 'figcaption', 'td', 'th', 'tr', 'br', 'pre', 'blockquote', 'section', 'aside', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The text a browser shows for the reference HTML, read with a real HTML parser. */
export function referenceText(html: string): string {
  const collect = (node: HtmlNode): string => {
    if (node.nodeName === '#text') return node.value ?? '';
    if (node.nodeName === '#comment' || navigation(node)) return '';
    // kiosk shows an image as [image: alt], so its alt text is text here.
    if (node.nodeName === 'img') return ` ${attr(node, 'alt') ?? ''} `;
    // kiosk shows a task's checkbox as [x] or [ ].
    if (node.nodeName === 'input') return node.attrs?.some((a) => a.name === 'checked') ? '[x] ' : '[ ] ';
    const inner = node.content ?? node;
    const text = (inner.childNodes ?? []).map(collect).join('');
    // A browser sets a block on lines of its own.
    return BLOCKS.has(node.nodeName) ? ` ${text} ` : text;
  };
  return collect(parseFragment(html) as unknown as HtmlNode);
}

/** GFM's tag filter, which kiosk follows where CommonMark's own HTML keeps these tags as HTML. */
export function tagFilter(html: string): string {
  return html.replace(/<(\/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?=[\s/>]|$))/gi, '&lt;$1');
}

export const ESCAPES = /\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\/g;

/** Marks that must never appear in the output more often than in the reference text. */
export const MARKUP = ['**', '__', '](', '![', '``', '~~', '\\', '<', '>', '&amp;', '&lt;', '&gt;', '&quot;', '&#', '&copy', '# ', '[x]', '[ ]'];

/** kiosk's own link markers, [1], set aside on both sides. */
const LINK_MARKER = /\[\d+\]/g;

const UNSPACED = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/** Whether the characters of `word` appear in `text` in order, from the first place its first one does. */
function inOrder(text: string, word: string): boolean {
  const chars = [...word];
  let at = text.indexOf(chars[0]!);
  if (at === -1) return false;
  for (const char of chars) {
    at = text.indexOf(char, at);
    if (at === -1) return false;
    at += char.length;
  }
  return true;
}

export function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Words of the reference text that the rendered output (escapes and all)
 * lacks, and marks it shows more often than the reference does.
 */
export function lostAndLeaked(rendered: string, reference: string, marks: readonly string[] = MARKUP, loose = false): string[] {
  const flat = rendered.replace(ESCAPES, '').replace(LINK_MARKER, '').replace(/\s+/g, ' ');
  const plain = reference.replace(LINK_MARKER, '');
  const flatReference = plain.replace(/\s+/g, ' ');
  const found: string[] = [];
  // CJK text breaks between any two characters, and a table's columns interleave the pieces: with
  // `loose`, such a word need only appear in order, line breaks and margins aside (check it whole at width 0).
  let squeezed: string | undefined;
  for (const word of new Set(plain.split(/\s+/).filter(Boolean))) {
    if (count(flat, word) >= count(flatReference, word)) continue;
    squeezed ??= flat.replace(/[\s│]/g, '');
    if (!loose || !UNSPACED.test(word) || !inOrder(squeezed, word)) found.push(`missing ${JSON.stringify(word)}`);
  }
  for (const mark of marks) {
    if (count(flat, mark) > count(flatReference, mark)) found.push(`leaks ${JSON.stringify(mark)}`);
  }
  return found;
}

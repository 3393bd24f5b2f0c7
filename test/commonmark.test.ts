import { createRequire } from 'node:module';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { renderArticle, renderMarkdown } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';

/**
 * Every example of the CommonMark specification and of GFM's extensions, rendered in text and ansi:
 * no word of the reference HTML's text may be missing, and no Markdown or
 * HTML markup may leak (a mark the reader would see but the HTML does not).
 */
interface Example {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const require = createRequire(import.meta.url);
// The specs write tabs as → so they can be seen.
const withTabs = (tests: Example[]): Example[] =>
  tests.map((example) => ({ ...example, markdown: example.markdown.replaceAll('→', '\t'), html: example.html.replaceAll('→', '\t') }));
const examples = withTabs((require('commonmark-spec') as { tests: Example[] }).tests);
// GFM's extensions (tables, task lists, strikethrough, autolinks, disallowed raw HTML), from cmark-gfm's spec.
const gfm = withTabs((require('./fixtures/gfm-extensions.json') as { examples: Example[] }).examples);

interface HtmlNode {
  nodeName: string;
  value?: string;
  childNodes?: HtmlNode[];
  content?: HtmlNode;
}

/** The text a browser shows for the reference HTML, read with a real HTML parser. */
export function referenceText(html: string): string {
  const collect = (node: HtmlNode): string => {
    if (node.nodeName === '#text') return node.value ?? '';
    if (node.nodeName === '#comment') return '';
    // kiosk shows an image as [image: alt], so its alt text is text here.
    if (node.nodeName === 'img') return ` ${(node as { attrs?: Array<{ name: string; value: string }> }).attrs?.find((a) => a.name === 'alt')?.value ?? ''} `;
    // kiosk shows a task's checkbox as [x] or [ ].
    if (node.nodeName === 'input') return (node as { attrs?: Array<{ name: string }> }).attrs?.some((a) => a.name === 'checked') ? '[x] ' : '[ ] ';
    const inner = node.content ?? node;
    return (inner.childNodes ?? []).map(collect).join('');
  };
  return collect(parseFragment(html) as unknown as HtmlNode);
}

// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\/g;

/** Marks that must never appear in the output more often than in the reference text. */
const MARKUP = ['**', '__', '](', '![', '``', '~~', '\\', '<', '>', '&amp;', '&lt;', '&gt;', '&quot;', '&#', '&copy', '# ', '[x]', '[ ]'];

const LINK_MARKER = /\[\d+\]/g;

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** GFM's tag filter, which kiosk follows where CommonMark's own HTML keeps these tags as HTML. */
function tagFilter(html: string): string {
  return html.replace(/<(\/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?=[\s/>]|$))/gi, '&lt;$1');
}

export function problems(markdown: string, html: string, level: 0 | 1, asArticle = false): string[] {
  const options = { width: 80, theme: createTheme(level), hyperlinks: level > 0 };
  // As a file, its top goes through front matter first; the title block's file name is set aside.
  const text = asArticle
    ? renderArticle(parseArticle({ path: '/x/untitled-file.md', relPath: 'untitled-file.md', text: markdown }).article, options).text.replace(/^.*\n.*\n/, '')
    : renderMarkdown(markdown, options).text;
  // kiosk's own link markers ([1]) are set aside on both sides.
  const rendered = text
    .replace(ESCAPES, '')
    .replace(LINK_MARKER, '');
  const reference = referenceText(tagFilter(html)).replace(LINK_MARKER, '');
  const flat = rendered.replace(/\s+/g, ' ');
  const flatReference = reference.replace(/\s+/g, ' ');
  const found: string[] = [];
  for (const word of new Set(reference.split(/\s+/).filter(Boolean))) {
    if (count(flat, word) < count(flatReference, word)) found.push(`missing ${JSON.stringify(word)}`);
  }
  for (const mark of MARKUP) {
    if (count(flat, mark) > count(flatReference, mark)) found.push(`leaks ${JSON.stringify(mark)}`);
  }
  return found;
}

describe.each([
  ['CommonMark spec', examples],
  ['GFM extensions', gfm],
] as const)('%s', (_suite, suite) => {
  describe.each([
    ['text', 0],
    ['ansi', 1],
  ] as const)('in %s', (_format, level) => {
    it.each(suite.map((e) => [e.number, e.section, e] as const))('example %i (%s)', (_number, _section, example) => {
      expect(problems(example.markdown, example.html, level), `markdown: ${JSON.stringify(example.markdown)}\nhtml: ${JSON.stringify(example.html)}`).toEqual([]);
    });
  });
});

// An article file that starts as these examples do must not lose their text to front matter.
describe('CommonMark examples that start with ---, as article files', () => {
  const starting = examples.filter((example) => example.markdown.startsWith('---'));
  it.each(starting.map((e) => [e.number, e] as const))('example %i', (_number, example) => {
    expect(problems(example.markdown, example.html, 0, true), `markdown: ${JSON.stringify(example.markdown)}`).toEqual([]);
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { renderArticle, renderMarkdown } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import { lostAndLeaked, referenceText, tagFilter } from './reference.js';

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

function problems(markdown: string, html: string, level: 0 | 1, asArticle = false): string[] {
  const options = { width: 80, theme: createTheme(level), hyperlinks: level > 0 };
  // As a file, its top goes through front matter first; the title block's file name is set aside.
  const text = asArticle
    ? renderArticle(parseArticle({ path: '/x/untitled-file.md', relPath: 'untitled-file.md', text: markdown }).article, options).text.replace(/^.*\n.*\n/, '')
    : renderMarkdown(markdown, options).text;
  return lostAndLeaked(text, referenceText(tagFilter(html)));
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

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { loadHighlighter } from '../src/render/highlight.js';
import { renderArticle, renderMarkdown, type Highlighter } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import { ROOT, SEED_PATH, SEED_SLUG } from './helpers.js';

/**
 * Golden files: content in, expected output beside it. `UPDATE_GOLDEN=1 npm
 * test` rewrites them; read every one (`cat -v` shows the escapes) before
 * committing it.
 */
const GOLDEN = join(ROOT, 'test', 'golden');
const RENDER = join(GOLDEN, 'render');

function matchGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

let highlight: Highlighter;
beforeAll(async () => {
  highlight = await loadHighlighter(1);
});

describe('the seed article', () => {
  it.each([
    ['seed.80.text.txt', 0],
    ['seed.80.ansi.txt', 1],
  ] as const)('%s', (name, level) => {
    const { article } = parseArticle({ path: SEED_PATH, relPath: `monde/${SEED_SLUG}.md`, text: readFileSync(SEED_PATH, 'utf8') });
    matchGolden(join(GOLDEN, name), renderArticle(article, { width: 80, theme: createTheme(level), hyperlinks: false }).text);
  });
});

const families = readdirSync(RENDER)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -3));
const cases = families.flatMap((family) =>
  [40, 80].flatMap((width) => (['text', 'ansi'] as const).map((format) => [family, width, format] as const)),
);

describe('each family of constructs', () => {
  it.each(cases)('%s at %i columns, %s', (family, width, format) => {
    const markdown = readFileSync(join(RENDER, `${family}.md`), 'utf8');
    const ansi = format === 'ansi';
    const rendered = renderMarkdown(markdown, { width, theme: createTheme(ansi ? 1 : 0), hyperlinks: false, highlight: ansi ? highlight : undefined });
    matchGolden(join(RENDER, `${family}.${width}.${format}.txt`), rendered.text);
  });

  const SGR = /\x1b\[[0-9;]*m/g;

  it.each(cases.filter(([family, , format]) => format === 'ansi' && !family.startsWith('tables')))(
    '%s at %i columns: ansi without its escapes is the text layout',
    (family, width) => {
      const ansi = readFileSync(join(RENDER, `${family}.${width}.ansi.txt`), 'utf8');
      expect(ansi.replace(SGR, '')).toBe(readFileSync(join(RENDER, `${family}.${width}.text.txt`), 'utf8'));
    },
  );

  it('links as OSC 8 hyperlinks', () => {
    const markdown = readFileSync(join(RENDER, 'links.md'), 'utf8');
    matchGolden(join(RENDER, 'links.80.hyperlinks.txt'), renderMarkdown(markdown, { width: 80, theme: createTheme(1), hyperlinks: true }).text);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { renderArticle } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import type { ColorLevel } from '../src/types.js';
import { ROOT, SEED_PATH, SEED_SLUG } from './helpers.js';

/**
 * Golden files: the seed article rendered at a fixed width, without and with
 * colour. `UPDATE_GOLDEN=1 npm test` rewrites them; read every one
 * (`cat -v` shows the escapes) before committing it.
 */
const GOLDEN = join(ROOT, 'test', 'golden');

function render(path: string, relPath: string, width: number, level: ColorLevel): string {
  const { article } = parseArticle({ path, relPath, text: readFileSync(path, 'utf8') });
  return renderArticle(article, { width, theme: createTheme(level), hyperlinks: false }).text;
}

function matchGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden files', () => {
  it.each([
    ['seed.80.text.txt', 0],
    ['seed.80.ansi.txt', 1],
  ] as const)('%s', (name, level) => {
    matchGolden(name, render(SEED_PATH, `monde/${SEED_SLUG}.md`, 80, level));
  });
});

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { groupBySection } from '../src/library/catalog.js';
import { renderListing, truncate } from '../src/render/listing.js';
import { createTheme } from '../src/render/theme.js';

const articles = [
  ['monde/long.md', 'title: Trump menace l’Iran après le piratage de sa campagne électorale\nsection: Monde\nslug: trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale'],
  ['guide/start.md', 'title: Getting started\nsection: Guide\ndate: 2026-11-29'],
  ['guide/cjk.md', 'title: 東京の記事と絵文字 😀 のタイトル\nsection: Guide\nslug: tokyo'],
].map(([relPath, front]) => parseArticle({ path: `/lib/${relPath}`, relPath: relPath!, text: `---\n${front}\n---\n` }).article);

describe('renderListing', () => {
  it('prints each section with its count, then aligned rows', () => {
    expect(renderListing(groupBySection(articles), createTheme(0), 80)).toBe(
      [
        'Guide (2)',
        '  2026-11-29  start                             Getting started',
        '              tokyo                             東京の記事と絵文字 😀 のタイトル',
        '',
        'Monde (1)',
        '              trump-menace-l-iran-apres-le-pi…  Trump menace l’Iran après le pi…',
        '',
      ].join('\n'),
    );
  });

  it.each([30, 40, 50, 60, 80, 120])('cuts every row to the width (%i columns), wide characters counted twice', (width) => {
    for (const level of [0, 1] as const) {
      const lines = renderListing(groupBySection(articles), createTheme(level), width).trimEnd().split('\n');
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    }
  });
});

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a longer title', 8, 'a longe…'],
    ['東京東京', 5, '東京…'],
    ['😀😀😀', 4, '😀…'],
  ])('%j at %i → %j', (text, width, expected) => {
    expect(truncate(text, width)).toBe(expected);
    expect(stringWidth(truncate(text, width))).toBeLessThanOrEqual(width);
  });
});

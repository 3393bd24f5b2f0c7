import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { groupBySection, shortNames } from '../src/library/find/catalog.js';
import type { SearchHit } from '../src/library/find/search.js';
import { renderListing, renderSearch } from '../src/render/listing.js';
import { createTheme } from '../src/render/theme.js';

const articles = [
  ['monde/long.md', 'title: Trump menace l’Iran après le piratage de sa campagne électorale\nsection: Monde\nslug: trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale'],
  ['monde/trumpet.md', 'title: La trompette\nsection: Monde\nslug: trumpet-solo'],
  ['guide/start.md', 'title: Getting started\nsection: Guide\ndate: 2026-11-29'],
  ['guide/cjk.md', 'title: 東京の記事と絵文字 😀 のタイトル\nsection: Guide\nslug: tokyo'],
  ['common/cd.md', 'title: cd in common\nsection: common\nslug: cd'],
  ['linux/cd.md', 'title: cd in linux\nsection: linux\nslug: cd'],
].map(([relPath, front]) => parseArticle({ path: `/lib/${relPath}`, relPath: relPath!, text: `---\n${front}\n---\n` }).article);
const names = shortNames(articles);
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('shortNames', () => {
  it('gives the first words of a slug that no other slug starts with, section/slug for a shared slug', () => {
    // `trump` starts `trumpet-solo` too.
    expect(articles.map((article) => names.get(article))).toEqual(['trump-menace', 'trumpet', 'start', 'tokyo', 'common/cd', 'linux/cd']);
  });

  it('keeps the whole slug when a shorter start is another slug, or another file name', () => {
    const more = [
      ['a/report.md', 'slug: report'],
      ['a/report-2024.md', 'slug: report-2024'],
      ['a/intro.md', 'slug: intro-note'],
      ['a/mixed.md', 'slug: intro-and-more'],
    ].map(([relPath, front]) => parseArticle({ path: `/lib/${relPath}`, relPath: relPath!, text: `---\n${front}\n---\n` }).article);
    expect([...shortNames(more).values()]).toEqual(['report', 'report-2024', 'intro-note', 'intro-and']);
  });
});

describe('renderListing', () => {
  it('prints each section with its count, then date, name and the whole title', () => {
    expect(renderListing(groupBySection(articles), createTheme(0), 80, names)).toBe(
      [
        'common (1)',
        '              common/cd     cd in common',
        '',
        'Guide (2)',
        '  2026-11-29  start         Getting started',
        '              tokyo         東京の記事と絵文字 😀 のタイトル',
        '',
        'linux (1)',
        '              linux/cd      cd in linux',
        '',
        'Monde (2)',
        '              trumpet       La trompette',
        '              trump-menace  Trump menace l’Iran après le piratage de sa campagne',
        '                            électorale',
        '',
      ].join('\n'),
    );
  });

  it('puts name and date under the title when a title column would be too narrow', () => {
    const lines = renderListing(groupBySection(articles.slice(2, 3)), createTheme(0), 30, names).split('\n');
    expect(lines.slice(0, 3)).toEqual(['Guide (1)', '  Getting started', '    start  2026-11-29']);
  });

  it.each([20, 40, 80, 200])('keeps every line within %i columns and every word of every title', (width) => {
    for (const level of [0, 1] as const) {
      const out = renderListing(groupBySection(articles), createTheme(level), width, names);
      for (const line of out.trimEnd().split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width);
      const shown = words(plain(out));
      for (const article of articles) for (const word of words(article.title)) expect(shown).toContain(word);
    }
  });
});

describe('renderSearch', () => {
  const hit = (index: number, snippet: string, highlights: Array<[number, number]>): SearchHit =>
    ({ article: articles[index]!, score: 1, snippet, highlights }) as SearchHit;
  const snippet = '…piratage orchestré par le gouvernement iranien, selon des informations fournies par la campagne du candidat républicain à la présidentielle…';
  const at = (word: string): [number, number] => [snippet.indexOf(word), snippet.indexOf(word) + word.length];
  const hits = [hit(0, snippet, [at('orchestré'), at('iranien')]), hit(2, 'Getting started with kiosk, a reader', [[0, 7]])];

  it('shows the title whole, then name and section, then the snippet', () => {
    expect(renderSearch(hits, createTheme(0), 80, names).split('\n').slice(0, 5)).toEqual([
      'Trump menace l’Iran après le piratage de sa campagne électorale',
      '  trump-menace · Monde',
      '  …piratage orchestré par le gouvernement iranien, selon des informations',
      '  fournies par la campagne du candidat républicain à la présidentielle…',
      '',
    ]);
  });

  it.each([20, 40, 80, 200])('keeps every line within %i columns, never cuts a match, at most two lines of snippet', (width) => {
    const out = renderSearch(hits, createTheme(1), width, names);
    for (const line of out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    // Each highlighted match starts and ends on one line.
    const matches = [...out.matchAll(/\x1b\[7m([^\x1b\n]*)\x1b\[27m/g)].map((m) => m[1]);
    expect(matches).toEqual(expect.arrayContaining(width < 40 ? ['orchestré', 'Getting'] : ['orchestré', 'iranien', 'Getting']));
  });
});

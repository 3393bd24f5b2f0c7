import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { foldWord, roughText, search, wordPattern } from '../src/library/search.js';

describe('wordPattern', () => {
  it.each([
    ['electorale', 'la campagne électorale', 'électorale'],
    ['ÉLECTORALE', 'Électorale', 'Électorale'],
    ['oeuvre', 'une œuvre', 'œuvre'],
    ['strasse', 'die Straße', 'Straße'],
    ['naive', 'NAÏVE', 'NAÏVE'],
    ['c++', 'c++ et c', 'c++'],
    ['東京', '東京都', '東京'],
  ])('%j finds %j', (word, text, found) => {
    const match = wordPattern(word).exec(text);
    expect(match?.[0]).toBe(found);
  });

  it('folds a query word to plain lowercase', () => {
    expect(foldWord('Électorale')).toBe('electorale');
  });
});

describe('roughText', () => {
  it('keeps the words of Markdown, not its marks', () => {
    expect(roughText('## Title\n\nSome *emphasis*, a [link](https://x.example) and `code`.\n\n> quote')).toBe(
      'Title Some emphasis, a link and code. quote',
    );
  });
});

describe('search', () => {
  const article = (name: string, text: string) => parseArticle({ path: `/lib/${name}.md`, relPath: `${name}.md`, text }).article;
  const articles = [
    article('body', '---\ntitle: One\ndate: 2024-01-01\n---\nLe piratage, encore le piratage.\n'),
    article('title', '---\ntitle: Le piratage\n---\nRien.\n'),
    article('heading', '---\ntitle: Two\n---\n## Un piratage\n\nTexte.\n'),
    article('draft', '---\ntitle: Piratage\ndraft: true\n---\n'),
  ];

  it('ranks title, headings, then frequency, and leaves drafts out', () => {
    expect(search(articles, ['Piratage']).map((hit) => hit.article.slug)).toEqual(['title', 'heading', 'body']);
  });

  it('needs every word', () => {
    expect(search(articles, ['piratage', 'encore']).map((hit) => hit.article.slug)).toEqual(['body']);
    expect(search(articles, ['piratage zeppelin'])).toEqual([]);
  });

  it('gives a snippet with the matches marked', () => {
    const [hit] = search(articles, ['encore']);
    expect(hit!.snippet).toBe('Le piratage, encore le piratage.');
    expect(hit!.highlights).toEqual([[13, 19]]);
  });
});

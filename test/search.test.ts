import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { bytePattern, foldWord, roughText, search, searchBodies, wordPattern } from '../src/library/search.js';

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

const article = (name: string, text: string) => parseArticle({ path: `/lib/${name}.md`, relPath: `${name}.md`, text }).article;

describe('search', () => {
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

describe('search over bytes', () => {
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

  it.each([
    ['electorale', 'la campagne ÉLECTORALE', 1],
    ['oeuvre', 'une Œuvre, une oeuvre', 2],
    ['strasse', 'die STRASSE, die Straße', 2],
    ['kelvin', '5 \u212aELVIN', 1],
    ['東京', '東京都', 1],
    ['été', 'ÉTÉ, ete, Été', 3],
  ])('bytePattern(%j) finds what wordPattern finds in %j', (word, text, count) => {
    expect(text.match(wordPattern(word))).toHaveLength(count);
    expect(latin1(text).match(bytePattern(word))).toHaveLength(count);
  });

  // Bodies and words from letters in every case and accent, ligatures,
  // CJK, the Kelvin sign and long s, markup and spaces: held as bytes or as
  // a string, a search must find, rank and quote the same.
  const letter = fc.constantFrom('a', 'E', 'é', 'È', 'ê', 'o', 'e', 'œ', 'Œ', 's', 'ß', 'ſ', 'k', '\u212a', 'i', 'Ï', 'ç', 'C', '東', 'ж', 'Ж', 'z', 'ǅ', '😀', '𝒜', 'σ', 'ς');
  const word = fc.array(letter, { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));
  const filler = fc.constantFrom(' ', ' ', '\n', '\n\n', '## ', '*', ', ', '\u00a0', '[', '](x)');
  const body = fc.array(fc.oneof(word, filler), { maxLength: 40 }).map((parts) => parts.join(''));

  it('finds, ranks and quotes the same as over strings', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 6 }), fc.array(word, { minLength: 1, maxLength: 2 }), (bodies, query) => {
        const articles = bodies.map((text, i) => article(`a${i}`, `---\ntitle: T${i}\n---\n${text}`));
        const strings = search(articles, query);
        const bytes = searchBodies(articles, (one) => ({ text: latin1(one.body), bytes: true }), query);
        expect(bytes.map(({ article: a, ...rest }) => [a.slug, rest])).toEqual(strings.map(({ article: a, ...rest }) => [a.slug, rest]));
      }),
      { numRuns: 1500 },
    );
  });
});

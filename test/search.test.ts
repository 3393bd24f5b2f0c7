import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/article.js';
import { bytePattern, foldWord, roughText, search, searchBodies, wordPattern } from '../src/library/search.js';
import { indexCandidates, inProcess, library } from './helpers.js';

describe('wordPattern', () => {
  it.each([
    ['electorale', 'la campagne électorale', 'électorale'],
    ['ÉLECTORALE', 'Électorale', 'Électorale'],
    ['oeuvre', 'une œuvre', 'œuvre'],
    ['strasse', 'die Straße', 'Straße'],
    ['naive', 'NAÏVE', 'NAÏVE'],
    ['c++', 'c++ et c', 'c++'],
    ['東京', '東京都', '東京'],
    ['e-mail', 'par E-mail.', 'E-mail'],
    ['Jean-Luc', 'jean-luc', 'jean-luc'],
    ['(a+)+$', 'x (a+)+$ y', '(a+)+$'],
    ['[\\]^-', 'a[\\]^-b', '[\\]^-'],
    ['москва', 'В Москва-Сити', 'Москва'],
    ['МОСКВЕ', 'о москве', 'москве'],
    ['αθηνα', 'Η ΑΘΉΝΑ', 'ΑΘΉΝΑ'],
    ['σοφος', 'ΣΟΦΌΣ σοφός', 'ΣΟΦΌΣ'],
    ['lodz', 'w Łódź', 'Łódź'],
    ['Łódź', 'w LODZ', 'LODZ'],
    ['électorale', 'e\u0301lectorale', 'e\u0301lectorale'],
    ['हिन्दी', 'मैं हिन्दी बोलता', 'हिन्दी'],
    ['서울', '서울특별시', '서울'],
    ['fin', 'la \ufb01n', '\ufb01n'],
  ])('%j finds %j', (word, text, found) => {
    const match = wordPattern(word).exec(text);
    expect(match?.[0]).toBe(found);
  });

  it('folds a query word to lowercase without accents, in its own script', () => {
    expect(foldWord('Électorale')).toBe('electorale');
    expect(foldWord('Œuvre STRASSE ﬁn')).toBe('oeuvre strasse fin');
    expect(foldWord('МОСКВА Αθήνα ς')).toBe('москва αθηνα σ');
    // Marks that write sounds in other scripts are part of the word.
    expect(foldWord('हिन्दी')).toBe('हिन्दी');
  });

  it('skips only blocks where no character changes when folded', async () => {
    const { UNCHANGING, foldText } = await import('../src/library/fold.js');
    for (const [from, to] of UNCHANGING) {
      if (from >= 0xd800) continue;
      for (let code = from; code <= to; code++) expect(foldText(String.fromCharCode(code))).toBe(String.fromCharCode(code));
    }
  });

  it('runs in linear time on text built to make it backtrack', () => {
    const time = (n: number): number => {
      const text = `${'e\u0301'.repeat(n)}${'\u0301'.repeat(n)}${'é'.repeat(n)}x`;
      const start = performance.now();
      for (const word of ['eee\u0301y', 'ééy', 'ssy']) text.match(wordPattern(word));
      return performance.now() - start;
    };
    time(1_000);
    expect(time(200_000) / time(20_000)).toBeLessThan(25);
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

describe('search in any script', () => {
  // Letters of many scripts, with the marks some of them write vowels with, and astral characters.
  const ranges: Array<[number, number]> = [
    [0x61, 0x7a], [0x41, 0x5a], [0xc0, 0xd6], [0xd8, 0xff], [0x100, 0x17f], // Latin
    [0x386, 0x38f], [0x391, 0x3a9], [0x3ac, 0x3ce], // Greek
    [0x400, 0x44f], [0x451, 0x45f], // Cyrillic
    [0x531, 0x556], [0x561, 0x586], [0x10d0, 0x10fa], // Armenian, Georgian
    [0x5d0, 0x5ea], [0x5b0, 0x5bc], // Hebrew and its points
    [0x621, 0x64a], [0x64b, 0x652], // Arabic and its vowel marks
    [0x905, 0x939], [0x93e, 0x94d], // Devanagari and its vowel signs
    [0xe01, 0xe2e], [0xe31, 0xe3a], // Thai
    [0x4e00, 0x9fff], [0x3041, 0x3096], [0xac00, 0xd7a3], // CJK, hiragana, hangul
    [0x1f600, 0x1f64f], [0x20000, 0x2a6df], // emoji, CJK extension B
    [0x300, 0x36f], // combining accents, written apart
  ];
  const char = fc.integer({ min: 0, max: ranges.length - 1 }).chain((r) => fc.integer({ min: ranges[r]![0], max: ranges[r]![1] }).map((code) => String.fromCodePoint(code)));
  const token = fc.array(char, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
  const noise = fc.constantFrom('**', '# ', '> ', '\n\n', '- ', '`', '“', '»', '\u00a0');
  const body = fc.array(fc.oneof({ weight: 5, arbitrary: token }, { weight: 1, arbitrary: noise }), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(' '));

  it('finds an article by any word taken from its text, over strings, over bytes and through the word index', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), async (bodies, which, pick) => {
        const articles = bodies.map((text, i) => article(`a${i}`, `---\ntitle: T${i}\n---\n${text}\n`));
        const target = articles[which % articles.length]!;
        const words = target.body.split(/\s+/).filter((word) => foldWord(word) !== '');
        fc.pre(words.length > 0);
        const query = [words[pick % words.length]!];
        expect(search(articles, query).map((hit) => hit.article.slug)).toContain(target.slug);
        const bytes = searchBodies(articles, (one) => ({ text: latin1(one.body), bytes: true }), query);
        expect(bytes.map((hit) => hit.article.slug)).toContain(target.slug);
        const holders = await indexCandidates(articles.map((one) => ({ relPath: one.relPath, title: one.title, text: one.body })), query);
        if (holders !== null) expect([...holders]).toContain(target.relPath);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('kiosk search, whatever the query', () => {
  const root = () =>
    library({
      'monde/moscou.md': '---\ntitle: Москва в августе\n---\nΗ Αθήνα και η Μόσχα. Un week-end à Moscou avec Jean-Luc, par e-mail (a+)+$.\n',
    });

  it.each([
    [['e-mail'], 0],
    [['week-end', 'JEAN-LUC'], 0],
    [['москва'], 0],
    [['МОСКВА', 'августе'], 0],
    [['αθηνα'], 0],
    [['(a+)+$'], 0],
    [['.*', '[', '\\', '(?<x>'], 1],
    [['\u0000'], 1],
    [['\u0301'], 1],
  ])('%j → exit %i, one line at most on stderr', async (words, status) => {
    const result = await inProcess(['search', ...words, '--dir', root()]);
    expect(result.status).toBe(status);
    if (status === 0) expect(result.stdout).toMatch(/^monde\tmoscou\tМосква в августе\t/);
    else expect(result.stderr).toMatch(/^kiosk: no article contains .*\n$/);
  });

  it.each([
    [[''], /^kiosk: search needs a word to look for/],
    [['', ' '], /^kiosk: search needs a word to look for/],
    [Array.from({ length: 10_000 }, (_, i) => `w${i}`), /^kiosk: a search takes at most 100 words, not 10000\n$/],
  ])('a query of %#: usage error, exit 2', async (words, message) => {
    const result = await inProcess(['search', ...words, '--dir', root()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

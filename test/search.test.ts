import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { plainQuery, usableQuery, searchBodies as searchBodiesQuery, type SearchOptions } from '../src/library/find/search.js';
import { bytePattern, foldWord, wordPattern } from '../src/library/find/patterns.js';
import { roughText } from '../src/library/find/snippet.js';
import type { Article } from '../src/types.js';
import type { Body } from '../src/library/find/search.js';
import { parseQuery } from '../src/library/find/query.js';
import { emptyDir, indexCandidates, inProcess, library, searchStrings } from './helpers.js';
import { linear } from './linear.js';

// Words as typed, none of them query syntax.
const search = (articles: readonly Article[], words: readonly string[], options?: SearchOptions) => searchStrings(articles, plainQuery(words), options);
const searchBodies = (articles: readonly Article[], bodyOf: (one: Article) => Body | null, words: readonly string[]) => searchBodiesQuery(articles, bodyOf, plainQuery(words));

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

  it('folds text as it folds each character, ASCII in runs or not', async () => {
    const { ACCENT_BLOCKS, foldText } = await import('../src/library/fold.js');
    const accent = (char: string) => ACCENT_BLOCKS.some(([from, to]) => char.codePointAt(0)! >= from && char.codePointAt(0)! <= to);
    // The definition, a character at a time: a mark after a Latin, Greek or Cyrillic letter is an accent, and goes.
    const reference = (text: string): string => {
      let out = '';
      let accents = false;
      for (const char of text) {
        if (/\p{M}/u.test(char)) {
          if (!accents || !accent(char)) out += foldText(char);
          continue;
        }
        const one = foldText(char);
        out += one;
        if (one !== '') accents = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(Array.from(one).findLast((part) => !/\p{M}/u.test(part)) ?? '');
      }
      return out;
    };
    const char = fc.oneof(
      fc.constantFrom('a', 'Z', '1', ' ', '\n', '-', 'É', 'é', '\u0301', '\u0344', 'ß', 'ﬁ', 'Σ', 'ς', 'Ж', '東', '한', 'ि', 'ا', '\u064b', 'Ⓔ', '😀', '\ud800', '\udc00'),
      fc.integer({ min: 0, max: 0x10ffff }).map((code) => (code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code))),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(foldText(text)).toBe(reference(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('skips only blocks where no character changes when folded', async () => {
    const { UNCHANGING, foldText } = await import('../src/library/fold.js');
    for (const [from, to] of UNCHANGING) {
      if (from >= 0xd800) continue;
      for (let code = from; code <= to; code++) expect(foldText(String.fromCharCode(code))).toBe(String.fromCharCode(code));
    }
  });

  it('runs in linear time on text built to make it backtrack', () => {
    const patterns = ['eee\u0301y', 'ééy', 'ssy'].map((word) => wordPattern(word));
    linear((n) => {
      const text = `${'e\u0301'.repeat(n)}${'\u0301'.repeat(n)}${'é'.repeat(n)}x`;
      for (const pattern of patterns) text.match(pattern);
    }, 20_000, 25);
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
        const holders = await indexCandidates(articles, plainQuery(query));
        if (holders !== null) expect([...holders]).toContain(target.relPath);
      }),
      { numRuns: 1500 },
    );
    // 5 s alone; a budget for four workers on two cores.
  }, 60_000);
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
  ])('%j → exit %i, one line at most on stderr', async (words, status) => {
    const result = await inProcess(['search', ...words, '--dir', root()]);
    expect(result.status).toBe(status);
    if (status === 0) expect(result.stdout).toMatch(/^monde\tmoscou\tМосква в августе\t/);
    else expect(result.stderr).toMatch(/^kiosk: no article contains .*\n$/);
  });

  it.each([
    [[''], /^kiosk: search needs a word to look for/],
    [['', ' '], /^kiosk: search needs a word to look for/],
    // Neither a NUL nor a lone accent is a word: there is nothing to look for.
    [['\u0000'], /^kiosk: search needs a word to look for/],
    [['\u0301'], /^kiosk: search needs a word to look for/],
    [['"\u0301 \u0301"'], /^kiosk: search needs a word to look for/],
    [['"never closed'], /^kiosk: the quote at column 1 is never closed, in the search "never closed; see `kiosk help search`\n$/],
    [Array.from({ length: 10_000 }, (_, i) => `w${i}`), /^kiosk: a search takes at most 100 words, not 10000\n$/],
  ])('a query of %#: usage error, exit 2', async (words, message) => {
    const result = await inProcess(['search', ...words, '--dir', root()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('the query language', () => {
  it('drops a term with nothing to find, whose pattern would match anywhere', () => {
    const phrase = { text: ' \t ', kind: 'phrase', field: null, negated: false } as const;
    expect(usableQuery([[phrase], [{ ...phrase, text: 'x' }]])).toEqual([[{ ...phrase, text: 'x' }]]);
  });


  const articles = [
    article('trump', '---\ntitle: Trump menace l’Iran\ntags: [monde, élection]\nauthor: Anne Dupont\ndate: 2024-08-12\n---\n## Le démenti\n\nUne campagne électorale piratée.\n'),
    article('piratage', '---\ntitle: Le piratage\ndate: 2024-08-11\n---\nUn spiral de piraterie. La campagne, puis électorale, loin.\n'),
    article('guide', '---\ntitle: Autre\nsection: Guide\ndate: 2024-08-10\n---\nLe pirate est parti.\n'),
  ];
  const slugs = (input: string) => searchStrings(articles, parseQuery(input)).map((hit) => hit.article.slug).sort();

  it.each<[string, string[]]>([
    ['"campagne électorale"', ['trump']],
    ['"CAMPAGNE ELECTORALE"', ['trump']],
    ['"électorale campagne"', []],
    ['"le pira"*', ['guide', 'piratage']],
    ['pirat*', ['guide', 'piratage', 'trump']],
    ['irat', ['guide', 'piratage', 'trump']],
    ['irat*', []],
    ['iran OR parti', ['guide', 'trump']],
    ['pirat -spiral', ['guide', 'trump']],
    ['pirat -title:piratage', ['guide', 'trump']],
    ['title:piratage', ['piratage']],
    ['title:campagne', []],
    ['section:guide', ['guide']],
    ['section:"guide" pirate', ['guide']],
    ['tag:election', ['trump']],
    ['tag:"monde"', ['trump']],
    ['author:dupont', ['trump']],
    ['dupont', ['trump']],
    ['election', ['trump']],
    ['-tag:monde pirat', ['guide', 'piratage']],
  ])('%s finds %j', (input, expected) => {
    expect(slugs(input)).toEqual(expected);
  });

  it('finds the same over bytes, and the index never rules out what it finds', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    for (const input of ['"campagne électorale"', '"le pira"*', 'pirat* -spiral', 'tag:election OR section:guide', '"piraterie la"']) {
      const query = parseQuery(input);
      const strings = searchStrings(articles, query);
      const bytes = searchBodiesQuery(articles, (one) => ({ text: latin1(one.body), bytes: true }), query);
      expect(bytes.map(({ article: a, ...rest }) => [a.slug, rest]), input).toEqual(strings.map(({ article: a, ...rest }) => [a.slug, rest]));
      const holders = await indexCandidates(articles, query);
      if (holders !== null) for (const hit of strings) expect([...holders], input).toContain(hit.article.relPath);
    }
  });

  it('ranks by bm25, a title above a heading above the text, then newest first', async () => {
    const { memoryCandidates } = await import('../src/library/store/store.js');
    const ranked = [
      article('text', '---\ntitle: C\n---\nUn zeppelin passe, et un autre mot.\n'),
      article('heading', '---\ntitle: B\n---\n## Zeppelin\n\nUn autre mot passe.\n'),
      article('title', '---\ntitle: Zeppelin\n---\nUn autre mot passe, et un mot.\n'),
      article('older', '---\ntitle: D\ndate: 2020-01-01\n---\nUn zeppelin passe, et un autre mot.\n'),
      article('newer', '---\ntitle: E\ndate: 2021-01-01\n---\nUn zeppelin passe, et un autre mot.\n'),
    ];
    const query = parseQuery('zeppelin');
    const { ranks } = memoryCandidates(ranked, query);
    const hits = searchStrings(ranked, query, { ranks });
    expect(hits.map((hit) => hit.article.slug)).toEqual(['title', 'heading', 'newer', 'older', 'text']);
    expect(hits.every((hit) => typeof hit.rank === 'number' && hit.rank < 0)).toBe(true);
    // Without the index, the order is kiosk's own: the title's words, the headings', then frequency.
    expect(searchStrings(ranked, query).map((hit) => [hit.article.slug, hit.rank])).toEqual([['title', null], ['heading', null], ['newer', null], ['older', null], ['text', null]]);
  });

  it.each([
    ['a phrase over a long run of what lies between words', (n: number) => `${'le '.repeat(n)}${' '.repeat(n)}**${'-'.repeat(n)}x`, '"le le pirate"'],
    ['a prefix over one long word', (n: number) => `${'a'.repeat(n)} ${'éa'.repeat(n)}`, 'aa* "éa éa"*'],
    // Letters written as symbols that fold to them, and marks of an accent block: neither is taken for what lies between words.
    ['circled letters', (n: number) => `${'ⓛⓔ'.repeat(n)}s`, '"le  straße"*'],
    ['a run of marks after a word', (n: number) => `campagne${'\u1acf\u0301'.repeat(n)} x`, '"campagne électorale"'],
  ])('takes linear time on %s', (_name, text, input) => {
    const query = parseQuery(input);
    linear((n) => searchStrings([article('long', `---\ntitle: T\n---\n${text(n)}\n`)], query), 2_000);
  });
});

describe('kiosk search in the query language', () => {
  const root = () =>
    library({
      'monde/trump.md': '---\ntitle: Trump menace l’Iran\ntags: [élection]\n---\n## Le démenti\n\nUne campagne électorale piratée.\n',
      'monde/piratage.md': '---\ntitle: Le piratage\n---\nLa campagne, puis électorale.\n',
    });

  it('gives bm25 as rank in JSON, the same with the cache and without', async () => {
    const dir = root();
    const cache = emptyDir();
    const run = async (...extra: string[]) => {
      const result = await inProcess(['--dir', dir, ...extra, 'search', '--json', 'campagne OR tag:election'], { env: { XDG_CACHE_HOME: cache } });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Array<{ slug: string; rank: number }>;
    };
    const cached = await run();
    expect(cached.map((hit) => hit.slug)).toEqual(['trump', 'piratage']);
    expect(cached[0]!.rank).toBeLessThan(cached[1]!.rank);
    expect(await run()).toEqual(cached);
    expect(await run('--no-cache')).toEqual(cached);
  });

  it.each([
    [['--', 'campagne', '-piratage'], 0, /^monde\ttrump\t/],
    [['"campagne électorale"'], 0, /^monde\ttrump\t[^\n]*\n$/],
    [['campagne', '-piratage'], 2, /^kiosk: search has no option -piratage; to leave out a word, put -- before the query: `kiosk --dir \S+ search -- campagne -piratage`\n$/],
    [['campagne', '-piratage', '--limit', '2'], 2, /^kiosk: search has no option -piratage; to leave out a word, put -- before the query, after the options\n$/],
    [['campagne "électorale'], 2, /^kiosk: the quote at column 10 is never closed, in the search campagne "électorale; see `kiosk help search`\n$/],
    [['campagne OR'], 2, /^kiosk: OR at column 10 needs a word on each side, in the search campagne OR; see `kiosk help search`\n$/],
    [['--', '-campagne'], 1, /^kiosk: no article matches the search -campagne\n$/],
    [['title:absent'], 1, /^kiosk: no article matches the search title:absent\n$/],
  ])('%j → exit %i', async (query, status, output) => {
    const result = await inProcess(['--dir', root(), 'search', ...query]);
    expect(result.status, result.stderr).toBe(status);
    expect(status === 0 ? result.stdout : result.stderr).toMatch(output);
  });
});

describe('bm25 through edits', () => {
  it('drifts as rows are replaced, and is made exact again past a hundred', async () => {
    const dir = library({
      'a/one.md': '# One\n\nzeppelin et autre chose\n',
      'a/two.md': '# Two\n\nzeppelin zeppelin\n',
      'a/three.md': '# Three\n\nrien\n',
    });
    const env = { XDG_CACHE_HOME: emptyDir() };
    const ranks = async (...extra: string[]) => {
      const result = await inProcess(['--dir', dir, ...extra, 'search', '--json', 'zeppelin'], { env });
      expect(result.status, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as Array<{ slug: string; rank: number }>).map(({ slug, rank }) => [slug, rank]);
    };
    expect(await ranks()).toEqual(await ranks('--no-cache'));
    // A run that reads the same text again (the file is too new to trust its times) replaces nothing.
    expect(await ranks()).toEqual(await ranks('--no-cache'));
    for (let edit = 1; edit <= 101; edit++) {
      writeFileSync(join(dir, 'a/three.md'), `# Three\n\nrien ${'encore '.repeat(edit)}\n`);
      await ranks();
      if (edit === 5) expect(await ranks()).not.toEqual(await ranks('--no-cache'));
    }
    expect(await ranks()).toEqual(await ranks('--no-cache'));
  }, 60_000);
});

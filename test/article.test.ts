import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWords, firstLevelOneHeading, parseArticle } from '../src/library/read/article.js';
import { decodeBytes } from '../src/library/read/decode.js';
import { SEED_PATH, SEED_SLUG } from './helpers.js';

const parse = (text: string, relPath = 'notes/my-note.md') => parseArticle({ path: `/lib/${relPath}`, relPath, text });

describe('parseArticle', () => {
  it('reads every field of the front matter', () => {
    const { article, warnings } = parse(
      '---\ntitle: Hello\nsection: World\nslug: Custom Slug\ndate: 2024-08-11\nauthor: Ann\ntags: a, b\nsummary: Short.\nlang: fr\ndraft: true\nrating: 5\n---\nSome words here.\n',
    );
    expect(warnings).toEqual([]);
    expect(article).toMatchObject({
      title: 'Hello',
      section: 'World',
      slug: 'custom-slug',
      date: '2024-08-11',
      author: 'Ann',
      tags: ['a', 'b'],
      summary: 'Short.',
      lang: 'fr',
      draft: true,
      meta: { rating: 5 },
      words: 3,
      readingMinutes: 1,
    });
  });

  it('falls back: title from the first level-1 heading, section from the folder, slug from the file name', () => {
    const { article } = parse('Intro.\n\n# The *Real* Title\n\n## Later\n', 'Monde/Été 2024.md');
    expect(article).toMatchObject({ title: 'The Real Title', section: 'Monde', slug: 'ete-2024', date: null, tags: [], draft: false });
  });

  it('falls back to the file name and Unsorted at the root', () => {
    const { article } = parse('no heading here', 'loose-note.markdown');
    expect(article).toMatchObject({ title: 'loose-note', section: 'Unsorted', slug: 'loose-note' });
  });

  it('takes a setext heading as the title', () => {
    expect(parse('Big Title\n=========\n\ntext').article.title).toBe('Big Title');
  });

  it('ignores a # line inside a code fence', () => {
    expect(firstLevelOneHeading('```sh\n# not a heading\n```\n\n# Real\n')).toBe('Real');
  });

  it('keeps slugs to [a-z0-9-] whatever the front matter says', () => {
    expect(parse('---\nslug: ../../etc/passwd\n---\n').article.slug).toBe('etc-passwd');
    const { article, warnings } = parse('---\nslug: "東京"\n---\n', 'tokyo.md');
    expect(article.slug).toBe('tokyo');
    expect(warnings[0]).toMatch(/slug/);
  });

  it.each([
    ['title: [a, b]', /"title" should be text/, { title: 'my-note' }],
    ['date: not-a-date', /not an ISO date/, { date: null }],
    ['date: 2024-02-30', /not an ISO date/, { date: null }],
    ['tags: 5', /"tags" should be a list/, { tags: [] }],
    ['draft: maybe', /"draft" should be true or false/, { draft: false }],
  ])('coerces or drops a field of the wrong type: %s', (yaml, warning, expected) => {
    const { article, warnings } = parse(`---\n${yaml}\n---\nBody\n`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(warning);
    expect(article).toMatchObject(expected);
  });

  it('keeps a number title as text and a date-time as its date', () => {
    expect(parse('---\ntitle: 1984\ndate: 2024-08-11T10:30:00Z\n---\n').article).toMatchObject({ title: '1984', date: '2024-08-11' });
  });

  it('parses the seed article of the embedded library', () => {
    const { article, warnings } = parse(readFileSync(SEED_PATH, 'utf8'), `monde/${SEED_SLUG}.md`);
    expect(warnings).toEqual([]);
    expect(article).toMatchObject({
      slug: SEED_SLUG,
      title: 'Trump menace l’Iran après le piratage de sa campagne électorale',
      section: 'Monde',
      lang: 'fr',
      readingMinutes: 2,
    });
    expect(article.words).toBeGreaterThan(400);
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['one two  three', 3],
    ['# Heading\n\n- item *emph* — done', 4],
    ['l’Iran n’avait', 2],
  ])('%j has %i words', (text, count) => {
    expect(countWords(text)).toBe(count);
  });
});

describe('decodeBytes', () => {
  it('decodes UTF-8', () => {
    expect(decodeBytes(Buffer.from('élan'))).toEqual({ kind: 'text', text: 'élan', warning: null });
  });

  it('keeps invalid UTF-8 readable and says so', () => {
    const result = decodeBytes(Buffer.from([0x61, 0xff, 0x62]));
    expect(result).toEqual({ kind: 'text', text: 'a\ufffdb', warning: expect.stringMatching(/invalid UTF-8/) });
  });

  it('recognises binary content by its NUL bytes', () => {
    expect(decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]))).toEqual({ kind: 'binary' });
  });
});

describe('a file read on its own, outside a library', () => {
  const outside = (path: string, text: string) => parseArticle({ path, relPath: 'x.md', text, outside: true }).article;

  it('has no section, and takes its title from its first heading of any level', () => {
    expect(outside('-', 'Intro.\n\n## Second level\n\nText.\n')).toMatchObject({ section: '', title: 'Second level' });
    expect(outside('/tmp/x.md', 'Sub\n---\n\nText.\n')).toMatchObject({ section: '', title: 'Sub' });
  });

  it('is called "Standard input" from stdin without a heading, and by its file name otherwise', () => {
    expect(outside('-', 'Just text.\n').title).toBe('Standard input');
    expect(outside('/tmp/x.md', 'Just text.\n').title).toBe('x');
  });
});

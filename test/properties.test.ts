import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { decodeBytes } from '../src/library/read/decode.js';
import { splitFrontMatter } from '../src/library/read/front-matter.js';
import { toJson, articleRecord } from '../src/render/json.js';
import { renderArticle, renderMarkdown } from '../src/render/markdown.js';
import { sanitizeLine, sanitizeSource } from '../src/render/sanitize.js';
import { createTheme } from '../src/render/theme.js';
import { indexCandidates, searchStrings } from './helpers.js';

/**
 * Property-based tests: random Markdown, front matter and bytes through
 * parsing and every format. Whatever comes in: no exception, nothing but
 * kiosk's own SGR and OSC 8 sequences reaches the terminal, and no word of
 * the input's text is lost. About 12,000 cases a run.
 */
const RUNS = 2_400;
/**
 * Some of these take 3 to 6 s alone; with more workers than CPUs
 * (`--maxWorkers=4` on two) one took past the default 20 s. They get room:
 * a slow machine is not a failure of what they check.
 */
const HEAVY = { timeout: 120_000 };

const OWN_SEQUENCES = /\x1b\[[0-9;]*m|\x1b\]8;;[\x20-\x7e]*\x1b\\/g;
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function expectSafe(output: string): void {
  const rest = output.replace(OWN_SEQUENCES, '');
  expect(rest, JSON.stringify(rest.match(RAW_CONTROL))).not.toMatch(RAW_CONTROL);
}

// Words the property tracks: letters and digits only, so no markup can touch them.
const word = fc.stringMatching(/^[a-z][a-z0-9]{1,9}$/);
// What a hostile file may slip between words.
const noise = fc.constantFrom(
  '\x1b[2J', '\x1b]52;c;ZXZpbA==\x07', '\u009b31m', '\u202e', '\u2066', '\x00', '\x7f', '\r', '\t',
  '&#27;', '&#x9b;', '&#x202e;', '&nbsp;', '&amp;', '&copy;', '&#0;', '\u00a0', '\u202f', '東京', '😀', 'e\u0301',
  '“', '”', '«', '»', '"', '*', '_', '[', ']', '(', ')', '<', '>', '#', '|', '\\', '!',
);
const sentence = fc
  .array(fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: noise }), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(' '));
const inline = fc.oneof(
  sentence,
  sentence.map((s) => `*${s}*`),
  sentence.map((s) => `**${s}**`),
  sentence.map((s) => `~~${s}~~`),
  sentence.map((s) => `“${s}”`),
  sentence.map((s) => `« ${s} »`),
  word.map((w) => `\`${w}\``),
  fc.tuple(word, word).map(([label, path]) => `[${label}](https://example.com/${path})`),
  fc.tuple(word, word).map(([alt, path]) => `![${alt}](${path}.png)`),
  word.map((w) => `<b>${w}</b>`),
);
const line = fc.array(inline, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));
const block = fc.oneof(
  { weight: 4, arbitrary: line },
  fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.map((l) => `> ${l}`).join('\n')),
  fc.tuple(fc.integer({ min: 1, max: 4 }), line).map(([depth, text]) => `${'> '.repeat(depth)}${text}`),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), line), { minLength: 1, maxLength: 5 }).map((items) =>
    items.map(([depth, text]) => `${'  '.repeat(depth)}- ${text}`).join('\n'),
  ),
  fc.array(line, { minLength: 1, maxLength: 4 }).map((items) => items.map((text, i) => `${i + 1}. ${text}`).join('\n')),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((lines) => '```\n' + lines.join('\n') + '\n```'),
  fc.array(fc.array(word, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map(
    (rows) => '| a | b |\n| --- | --- |\n' + rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n'),
  ),
  sentence.map((s) => `<div>\n${s}\n</div>`),
  fc.constant('---'),
);
const markdown = fc.array(block, { minLength: 1, maxLength: 8 }).map((blocks) => blocks.join('\n\n') + '\n');

/** The tracked words of a generated document, as they must still appear. */
function wordsOf(text: string): string[] {
  // Not entity names (&copy;) nor tag names (<div>, </div>).
  return text.match(/(?<![a-z0-9&#<\/])[a-z][a-z0-9]{1,9}(?![a-z0-9;>])/g) ?? [];
}

describe('any Markdown, any width, any format', HEAVY, () => {
  it('renders without throwing, safely, losing no word', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 40, max: 120 }), fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>, fc.boolean(), (md, width, level, hyperlinks) => {
        const { text } = renderMarkdown(md, { width, theme: createTheme(level), hyperlinks });
        expectSafe(text);
        const flat = text.replace(OWN_SEQUENCES, '');
        for (const w of wordsOf(md)) expect(flat).toContain(w);
      }),
      { numRuns: RUNS },
    );
  });

  it('never writes a line wider than the width, but for a single long word', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 20, max: 100 }), (md, width) => {
        const { text } = renderMarkdown(md, { width, theme: createTheme(0), hyperlinks: false });
        for (const row of text.split('\n')) {
          // Past the quote bars, list and link markers, the mark of a wrapped code line and indentation, an over-wide line is one word.
          const content = row.replace(/^(?:[ │↪]|[•◦▪]|\d+\.|\[[ x]\]|\[\d+\])*/, '');
          // French spacing glues « and “ to the next word and » ” ? ! : ; ) to the previous one.
          const units = content.replace(/([«“]) /g, '$1').replace(/ ([»”?!:;)])/g, '$1').split(/ +/);
          if ([...row].length > width) expect(units.length, row).toBe(1);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// Front matter: valid fields, wrong types, YAML syntax, other languages.
const yamlValue = fc.oneof(
  sentence.map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.constantFrom('true', 'no', '~', '[a, b]', '{x: 1}', '2024-08-11', 'not-a-date', '!custom x', '&a [1]', '*a', '"\\e[2J"', '[[[[', '|\n  block'),
);
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom('title', 'section', 'slug', 'date', 'author', 'tags', 'summary', 'lang', 'draft', 'extra', 'title'), yamlValue), { maxLength: 8 })
  .map((fields) => fields.map(([key, value]) => `${key}: ${value}`).join('\n'));
const opener = fc.constantFrom('---', '---js', '---json', '+++', '\ufeff---', '--- ');
const document = fc.tuple(opener, frontMatter, fc.constantFrom('---', '...', '', '+++'), markdown, fc.boolean()).map(
  ([open, fm, close, body, crlf]) => {
    const text = `${open}\n${fm}\n${close}\n${body}`;
    return crlf ? text.replaceAll('\n', '\r\n') : text;
  },
);

describe('any file', HEAVY, () => {
  it('parses into an article with a safe slug, and every format is safe', () => {
    fc.assert(
      fc.property(document, fc.constantFrom('a.md', 'Monde/été.md', '東京.md', 'x/y/z.markdown'), (text, relPath) => {
        const { article, warnings } = parseArticle({ path: `/lib/${relPath}`, relPath, text });
        expect(article.slug).toMatch(/^[a-z0-9-]+$/);
        for (const warning of warnings) expect(warning).not.toContain('\n');
        const ansi = renderArticle(article, { width: 80, theme: createTheme(1), hyperlinks: true }).text;
        const plain = renderArticle(article, { width: 80, theme: createTheme(0), hyperlinks: false }).text;
        expectSafe(ansi);
        expectSafe(plain);
        expectSafe(toJson({ ...articleRecord(article), text: plain }).replace(/\n/g, ''));
        expectSafe(sanitizeSource(article.source).replace(/\r\n|\n|\t/g, ''));
        for (const field of [article.title, article.section, article.author ?? '', article.summary ?? '', ...article.tags]) {
          expect(sanitizeLine(field)).not.toMatch(RAW_CONTROL);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('splits any front matter without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (yaml) => {
        const result = splitFrontMatter(`---\n${yaml}\n---\nbody`);
        expect(typeof result.body).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes any bytes into text or a binary verdict, and renders what it decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeBytes(bytes);
        if (decoded.kind === 'binary') {
          expect(bytes.includes(0)).toBe(true);
          return;
        }
        const { article } = parseArticle({ path: '/lib/x.md', relPath: 'x.md', text: decoded.text });
        expectSafe(renderArticle(article, { width: 60, theme: createTheme(1), hyperlinks: true }).text);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the word index', HEAVY, () => {
  it('never rules out an article that search would find', async () => {
    const { plainQuery } = await import('../src/library/find/search.js');
    const query = fc.array(fc.oneof(word, fc.constantFrom('électorale', 'ELECTORALE', 'oeuvre', 'œuvre', 'straße', 'strasse', '東京', 'pirat')), { minLength: 1, maxLength: 2 });
    const corpus = fc.array(
      fc.array(fc.oneof(word, fc.constantFrom('électorale', 'Œuvre', 'Straße', '東京都', 'piratage', 'l’iran', '“citation”', 'a-b')), { minLength: 1, maxLength: 30 }).map((w) => w.join(' ')),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(corpus, query, async (texts, words) => {
        const articles = texts.map((text, i) => parseArticle({ path: `/lib/a${i}.md`, relPath: `a${i}.md`, text }).article);
        const holders = await indexCandidates(articles, plainQuery(words));
        const found = searchStrings(articles, plainQuery(words)).map((hit) => hit.article.relPath);
        if (holders !== null) for (const relPath of found) expect(holders.has(relPath)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

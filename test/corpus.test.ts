import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { loadHighlighter } from '../src/render/highlight.js';
import { renderArticle, type Highlighter } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import { ROOT } from './helpers.js';
import { ESCAPES, MARKUP, lostAndLeaked, referenceText, tagFilter } from './reference.js';

/**
 * A corpus of documents shaped like real ones (book chapters with notes and
 * figures, documentation pages with front matter and shortcodes, READMEs with
 * raw HTML, RFC prose, wide tables, notes and changelogs), written for kiosk.
 * Each is read as an article unwrapped and at 40 and 80 columns, in text and in ansi, and
 * checked as the spec examples are, against marked's HTML with GFM footnotes
 * as a browser shows it:
 * - no word lost and no markup leaked;
 * - no line wider than the width, unless all it holds is one token that cannot be broken;
 * - no raw control bytes: only the SGR and OSC 8 sequences kiosk writes itself.
 */
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const KINDS = ['book', 'docs', 'readme', 'rfc', 'tables', 'notes'] as const;
const documents = KINDS.flatMap((kind) =>
  readdirSync(join(CORPUS, kind))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${kind}/${name}`),
);

const reference = new Marked({ gfm: true }).use(markedFootnote());
/** An alert's tag, first in a quote, is a label in kiosk (`ℹ Note`), not a word of the text. */
const ALERT_TAG = /(<blockquote>\s*<p>)\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/gi;
/** Footnote markers: superscript digits in kiosk, <sup> links in the reference (set aside there). */
const SUPERSCRIPT = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g;
/** Footnote syntax must not show either. */
const MARKS = [...MARKUP, '[^', '[!'];

// A lone mark that starts a line: a margin, a bullet, a list number, a footnote or link marker, a continuation.
const DECORATION = /^(?:[^\p{L}\p{N}]{1,3}|\d{1,3}[.)]|\[\d+\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/u;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Lines wider than `width` that hold more than one token, so could have been broken. */
function tooWide(text: string, width: number): string[] {
  return text.split('\n').filter((line) => {
    if (stringWidth(line) <= width) return false;
    const tokens = line.trim().split(/\s+/).filter((word) => !DECORATION.test(word));
    return tokens.length > 1;
  });
}

let highlight: Highlighter;
beforeAll(async () => {
  highlight = await loadHighlighter(1);
});

it('holds at least 100 documents, at least 10 of each kind', () => {
  expect(documents.length).toBeGreaterThanOrEqual(100);
  for (const kind of KINDS) expect(documents.filter((name) => name.startsWith(`${kind}/`)).length, kind).toBeGreaterThanOrEqual(10);
});

describe.each(documents)('%s', (name) => {
  const text = readFileSync(join(CORPUS, name), 'utf8');
  const { article } = parseArticle({ path: join(CORPUS, name), relPath: name, text });
  const html = tagFilter(reference.parse(article.body, { async: false })).replace(ALERT_TAG, '$1');
  const words = referenceText(html).replace(SUPERSCRIPT, '').toLowerCase();

  it.each([
    // Unwrapped, no word is broken: CJK words are looked for whole there.
    [0, 'text'],
    [0, 'ansi'],
    [40, 'text'],
    [40, 'ansi'],
    [80, 'text'],
    [80, 'ansi'],
  ] as const)('at %i columns, %s', (width, format) => {
    const ansi = format === 'ansi';
    const rendered = renderArticle(article, { width, theme: createTheme(ansi ? 1 : 0), hyperlinks: ansi, highlight: ansi ? highlight : undefined }).text;
    const visible = ansi ? rendered.replace(ESCAPES, '') : rendered;
    // Case set aside: a first heading that is the title in other capitals gives way to the title.
    expect(lostAndLeaked(visible.replace(SUPERSCRIPT, '').toLowerCase(), words, MARKS, width > 0), 'lost or leaked').toEqual([]);
    if (width > 0) expect(tooWide(visible, width), 'too wide').toEqual([]);
    expect(visible.split('\n').filter((line) => CONTROL.test(line)), 'control bytes').toEqual([]);
  });
});

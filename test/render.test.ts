import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { parseArticle } from '../src/library/read/article.js';
import { partOf, renderArticle, renderMarkdown } from '../src/render/markdown.js';
import { quotations } from '../src/render/inline.js';
import { createTheme } from '../src/render/theme.js';
import { ESCAPE } from './helpers.js';

const text = (markdown: string, width = 80) => renderMarkdown(markdown, { width, theme: createTheme(0), hyperlinks: false }).text;
const ansi = (markdown: string, width = 80) => renderMarkdown(markdown, { width, theme: createTheme(1), hyperlinks: false }).text;
// Quotations are italic (see theme.ts).
const QUOTED = '\x1b[3m';
const ITALIC = '\x1b[3m';

describe('headings', () => {
  it('shows a hierarchy without # marks', () => {
    const out = text('# One\n\n## Two\n\n### Three\n\n#### Four\n');
    expect(out).not.toContain('#');
    expect(out).toBe('One\n═══\n\nTwo\n───\n\nThree\n┈┈┈┈┈\n\n▸ Four\n');
  });

  it('styles each level apart in ansi', () => {
    const lines = ansi('# One\n\n## Two\n\n### Three\n').split('\n');
    const [h1, h2, h3] = [lines[0]!, lines[3]!, lines[6]!];
    expect(h3).toContain('Three');
    expect(new Set([h1.slice(0, h1.indexOf('One')), h2.slice(0, h2.indexOf('Two')), h3.slice(0, h3.indexOf('Three'))]).size).toBe(3);
  });

  it('does not print a first level-1 heading that repeats the title', () => {
    const { article } = parseArticle({ path: '/a.md', relPath: 'a.md', text: '---\ntitle: Same Title\n---\n# Same Title\n\nBody.\n' });
    const out = renderArticle(article, { width: 80, theme: createTheme(0), hyperlinks: false }).text;
    expect(out.match(/Same Title/g)).toHaveLength(1);
    expect(out).toBe('Same Title\nUnsorted · 1 min\n\nBody.\n');
  });

  it('keeps a level-1 heading that differs from the title', () => {
    const { article } = parseArticle({ path: '/a.md', relPath: 'a.md', text: '---\ntitle: Title\n---\n# Other\n' });
    expect(renderArticle(article, { width: 80, theme: createTheme(0), hyperlinks: false }).text).toContain('Other\n═════');
  });
});

describe('block quotes', () => {
  const quote = '> ' + 'a long quotation that wraps over several lines '.repeat(4) + '\n> — Somebody Famous\n';

  it('puts a bar on every line and the attribution after the quote, without a bar', () => {
    const lines = text(quote, 40).trimEnd().split('\n');
    const attribution = lines.pop()!;
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(/^│ /);
    expect(attribution).toBe('  — Somebody Famous');
  });

  it('keeps the quote style on every wrapped line', () => {
    const lines = ansi(quote, 40).trimEnd().split('\n').slice(0, -1);
    for (const line of lines) expect(line).toContain(ITALIC);
  });

  it('nests bars for nested quotes', () => {
    expect(text('> outer\n>\n> > inner\n')).toBe('│ outer\n│\n│ │ inner\n');
  });

  it('takes -- as an attribution too, and leaves a quote without one alone', () => {
    expect(text('> Words.\n> -- Ann\n')).toBe('│ Words.\n  -- Ann\n');
    expect(text('> Words.\n> More words.\n')).toBe('│ Words. More words.\n');
  });

  it('keeps footnote markers and styling in the attribution, and a hard break before it', () => {
    expect(text('> Words.\n> — Ann, *Book*[^1]\n\n[^1]: Page 3.\n')).toBe('│ Words.\n  — Ann, Book¹\n\n────────────\n¹ Page 3.\n');
    expect(text('> Words.\\\n> — Ann\n')).toBe('│ Words.\n  — Ann\n');
    expect(text('> — Ann alone\n')).toBe('  — Ann alone\n');
  });
});

describe('inline quotations', () => {
  it.each([
    ['“…”', 'Il a dit “ne durera pas longtemps” hier.', '“ne durera pas longtemps”'],
    ['«…»', 'Il a dit «\u00a0non\u00a0» hier.', '«\u00a0non\u00a0»'],
    ['"…"', 'He said "not for long" today.', '"not for long"'],
    ['„…“', 'Er sagte „nicht lange“ heute.', '„nicht lange“'],
  ])('styles %s apart and keeps the marks', (_name, markdown, quoted) => {
    const out = ansi(markdown);
    expect(out).toContain(`${QUOTED}${quoted}`);
    expect(text(markdown)).toBe(markdown + '\n');
  });

  it('finds a quotation across emphasis', () => {
    const inside = quotations('“a b” c');
    expect([...inside]).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(ansi('“a *b*” c')).toMatch(new RegExp(`${QUOTED.replace('[', '\\[')}“a`));
  });

  it('leaves unmatched or empty marks alone', () => {
    expect([...quotations('“open only')].every((v) => v === 0)).toBe(true);
    expect([...quotations('between “ ” marks')].every((v) => v === 0)).toBe(true);
    expect([...quotations('5" screen and 6" too')].every((v) => v === 0)).toBe(true);
  });
});

describe('other blocks, in text', () => {
  it.each([
    ['emphasis and code lose their markers', 'a *b* **c** ~~d~~ `e`', 'a b c d e\n'],
    ['lists get bullets and aligned numbers', '- a\n- b\n  1. c\n  2. d\n', '• a\n• b\n  1. c\n  2. d\n'],
    ['task lists', '- [x] done\n- [ ] todo\n', '• [x] done\n• [ ] todo\n'],
    ['code blocks are indented', '```sh\necho hi\n```\n', '    echo hi\n'],
    ['rules span the width', '---\n', '─'.repeat(20) + '\n'],
    ['images show alt text and address', '![a cat](cat.png)', '[image: a cat]\n(cat.png)\n'],
    ['raw HTML keeps its text', 'a <b>bold</b> move', 'a bold move\n'],
    ['entities are decoded', 'Tom &amp; Jerry&nbsp;&copy;', 'Tom & Jerry\u00a0©\n'],
    ['links get a number and an address at the end', 'see [the site](https://example.com) and <https://example.org>', 'see the site[1] and\nhttps://example.org\n\n[1] https://example.com\n'],
  ])('%s', (_name, markdown, expected) => {
    expect(text(markdown, 20)).toBe(expected);
  });

  it('keeps a grid for CJK cells, which break between any two characters', () => {
    const table = '| 機能 | 説明 |\n|---|---|\n| 全文検索 | 記事の本文、見出し、タグを検索します。アクセントと大文字小文字は区別しません。 |\n';
    const lines = text(table, 40).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^機能 +説明$/);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
  });

  it('fits tables to the width', () => {
    const table = '| key | value |\n| --- | --- |\n| a | ' + 'long words '.repeat(10) + '|\n';
    const out = text(table, 40);
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(out.replace(/\s+/g, ' ')).toContain('long words long words');
  });

  it('writes no escape sequence in text, and some in ansi', () => {
    const markdown = '# T\n\n> q\n> — a\n\n*e* “q” `c`\n';
    expect(text(markdown)).not.toMatch(ESCAPE);
    expect(ansi(markdown)).toMatch(ESCAPE);
  });
});

describe('footnotes', () => {
  const notes = (markdown: string) => renderMarkdown(markdown, { width: 80, theme: createTheme(0), hyperlinks: false });

  it('take lazy lines into a note, as GFM does, and stop at the next block', () => {
    const { text, footnotes } = notes('Text[^1] and[^2].\n\n[^1]: line one\nlazy line two\n\n    second paragraph\n[^2]: two\n> a quote\n\nAfter.\n');
    expect(text).toBe('Text¹ and².\n\n│ a quote\n\nAfter.\n\n────────────\n¹ line one lazy line two\n\n  second paragraph\n\n² two\n');
    expect(footnotes.map((note) => note.text)).toEqual(['line one lazy line two\n\nsecond paragraph\n', 'two\n']);
  });

  it("the issue's case: a marker in the text, the note at the end, an unused note left out", () => {
    const { text, footnotes } = notes('Hash tables[^1] resist DoS.\n\n[^1]: See SipHash.\n[^2]: Unused note.\n');
    expect(text).toBe('Hash tables¹ resist DoS.\n\n────────────\n¹ See SipHash.\n');
    expect(footnotes).toEqual([{ number: 1, label: '1', text: 'See SipHash.\n' }]);
  });

  it('keeps a note that is an address whole, and a fenced block in a note without its fences', () => {
    const { text } = notes('A[^a].\n\n[^a]: https://example.org/a_b_c\n\n    ```\n    code\n    ```\n');
    expect(text).toContain('¹ https://example.org/a_b_c\n');
    expect(text).toContain('\n      code\n');
    expect(text).not.toContain('```');
  });

  it('numbers notes by first reference, and a part keeps the notes it refers to', () => {
    const markdown = '# One\n\nB[^b] then A[^a].\n\n# Two\n\nNone.\n\n[^a]: Note a.\n[^b]: Note b.\n';
    expect(notes(markdown).text).toContain('¹ Note b.\n² Note a.\n');
    const part = partOf(markdown, 'one');
    expect(part.found && notes(part.markdown).text).toContain('¹ Note b.\n² Note a.\n');
  });

  it('leaves [^x] that is defined nowhere as written', () => {
    expect(notes('See [^x] and [^ y].\n').text).toBe('See [^x] and [^ y].\n');
  });
});

describe('wrapped code', () => {
  const long = '```\nconst message = "this line of code is longer than forty columns";\nnext();\n```\n';

  it('marks the continuation of a wrapped line in the margin, and never a line of its own', () => {
    expect(text(long, 40)).toBe('    const message = "this line of code\n  ↪ is longer than forty columns";\n    next();\n');
    expect(text(long, 8)).toMatch(/^const\n↪ /);
  });

  it('keeps code verbatim at width 0', () => {
    expect(text(long, 0)).toBe('    const message = "this line of code is longer than forty columns";\n    next();\n');
  });
});

describe('raw HTML tables', () => {
  it('draws a table of 300,000 rows (no spread of its rows onto the stack)', () => {
    const rows = '<tr><td>a</td><td>b</td></tr>'.repeat(300_000);
    const lines = text(`<table><tr><th>x</th><th>y</th></tr>${rows}</table>\n`, 20).split('\n');
    expect(lines[0]).toBe('x  y');
    expect(lines.filter((line) => line === 'a  b')).toHaveLength(300_000);
    // 5 s alone; a budget for four workers on two cores.
  }, 60_000);
});

describe('raw HTML images', () => {
  it('decode the entities of their description once, inline, in a block and in a table cell', () => {
    const alt = 'alt="A &amp;amp; B &#27;[2J"';
    const shown = '[image: A &amp; B ␛[2J]';
    expect(text(`Text <img ${alt}> text.\n`)).toBe(`Text ${shown} text.\n`);
    expect(text(`<p>\n<img ${alt}>\n</p>\n`)).toBe(`${shown}\n`);
    expect(text(`<table><tr><th>x</th></tr><tr><td><img ${alt}></td></tr></table>\n`)).toContain(shown);
  });
});

describe('blocks of raw HTML', () => {
  it('flow as a browser lays them out: source lines joined, a line at <br> and at block tags, a gap between paragraphs', () => {
    const figure = '<p align="center">\n  <img src="a.png" alt="A cell">\n  <br>\n  <em>Figure 2.1.</em>\n</p>\n';
    expect(text(figure)).toBe('[image: A cell] (a.png)\nFigure 2.1.\n');
    expect(text('<aside>\n<p>One sentence\nwrapped in the source.</p><p>Two.</p>\n</aside>\n')).toBe('One sentence wrapped in the source.\n\nTwo.\n');
    expect(text('<div>a<br><br>b</div>\n')).toBe('a\n\nb\n');
    expect(text('<details><summary>Hint</summary>\nUse <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n</details>\n')).toBe('▸ Hint\nUse Ctrl+C.\n');
  });

  it('that are one heading are a heading of that level', () => {
    expect(text('<h1 align="center">\n  <img src="l.svg" alt="Logo"><br>\n  Kiosk &amp; co\n</h1>\n')).toBe('[image: Logo] (l.svg) Kiosk & co\n' + '═'.repeat(32) + '\n');
    for (const level of [2, 3, 4]) expect(text(`<h${level} id="x">Three</h${level}>\n`)).toBe(text(`${'#'.repeat(level)} Three\n`));
    expect(text('<h2>Two</h2><p>x</p>\n')).toBe('Two\n\nx\n');
  });

  it('keep no-break spaces, and the lines of preformatted text', () => {
    expect(text('<p>«\u00a0oui\u00a0»</p>\n')).toBe('«\u00a0oui\u00a0»\n');
    expect(text('<pre>\n  two\n    lines\n</pre>\n')).toBe('  two\n    lines\n');
  });
});

describe('paragraphs', () => {
  it('of tags alone show nothing, not a blank line', () => {
    expect(text('Pet\n\n<a id="schemapet"></a>\n\nNext.\n')).toBe('Pet\n\nNext.\n');
    expect(ansi('Pet\n\n<a id="schemapet"></a>\n\nNext.\n')).toBe('Pet\n\nNext.\n');
  });
});

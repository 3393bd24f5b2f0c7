import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, nestedTooDeeply, splitFrontMatter } from '../src/library/read/front-matter.js';

describe('splitFrontMatter', () => {
  it('parses YAML between --- lines and returns the body after it', () => {
    const result = splitFrontMatter('---\ntitle: Hello\ntags: [a, b]\n---\n\n# Body\n');
    expect(result.data).toEqual({ title: 'Hello', tags: ['a', 'b'] });
    expect(result.body).toBe('\n# Body\n');
    expect(result.warnings).toEqual([]);
  });

  it('accepts a UTF-8 BOM and CRLF line endings', () => {
    const result = splitFrontMatter('\ufeff---\r\ntitle: Crlf\r\n---\r\nBody\r\n');
    expect(result.data).toEqual({ title: 'Crlf' });
    expect(result.body).toBe('Body\r\n');
  });

  it('accepts ... as the closing line', () => {
    expect(splitFrontMatter('---\ntitle: Dots\n...\nBody').data).toEqual({ title: 'Dots' });
  });

  it('leaves a file without front matter whole', () => {
    const text = '# Title\n\n---\n\nAfter a rule.\n';
    expect(splitFrontMatter(text)).toEqual({ data: {}, body: text, warnings: [] });
  });

  it('keeps dates as text, not Date objects', () => {
    expect(splitFrontMatter('---\ndate: 2024-08-11\n---\n').data).toEqual({ date: '2024-08-11' });
  });

  it.each([
    ['---js\n{ title: require("fs") }\n---\nBody', /"js" is not supported/],
    ['---javascript\nmodule.exports = {}\n---\n', /"javascript" is not supported/],
    ['+++\ntitle = "toml"\n+++\n', /TOML/],
  ])('never evaluates other front-matter languages: %j', (text, warning) => {
    const result = splitFrontMatter(text);
    expect(result.data).toEqual({});
    expect(result.body).toBe(text);
    expect(result.warnings[0]).toMatch(warning);
  });

  it.each([
    ['unclosed', '---\ntitle: x\n', /no closing/],
    ['invalid YAML', '---\ntitle: [unclosed\n---\n', /invalid front matter/],
    ['duplicate keys', '---\ntitle: a\ntitle: b\n---\n', /invalid front matter/],
    ['a list, not a mapping', '---\n- a\n- b\n---\n', /not a mapping/],
    ['an alias bomb', `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n`, /invalid front matter/],
  ])('turns %s into one warning line', (_name, text, warning) => {
    const result = splitFrontMatter(text);
    expect(result.data).toEqual({});
    // The block is still front matter: what follows it is the body, without it.
    if (!/no closing|not a mapping/.test(String(warning))) expect(result.body).toBe(text.slice(text.indexOf('\n---\n') + 5));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(warning);
    expect(result.warnings[0]).not.toContain('\n');
  });

  it.each([
    ['a key twice', '---\ntitle: a\ntitle: b\n---\n', 'invalid front matter (line 3, column 1): Map keys must be unique'],
    ['a quote never closed', '---\ntitle: "open\ndate: 2024-01-01\n---\n', 'invalid front matter (line 3, column 17): Missing closing "quote'],
    ['a bad indent', '\ufeff---\r\ntitle: ok\r\n  bad: indent\r\n---\r\n', 'invalid front matter (line 2, column 8): Nested mappings are not allowed in compact mappings'],
  ])('places %s at its line and column in the file', (_name, text, warning) => {
    expect(splitFrontMatter(text).warnings).toEqual([warning]);
  });

  it.each([
    ['a rule and a setext heading (CommonMark 96)', '---\nFoo\n---\nBar\n'],
    ['a list', '---\n- a\n- b\n---\n'],
    ['with a BOM', '\ufeff---\nFoo\n---\nBar\n'],
  ])('shows a block that holds no fields as Markdown, with a warning: %s', (_name, text) => {
    const result = splitFrontMatter(text);
    expect(result.body).toBe(text.replace(/^\ufeff/, ''));
    expect(result.warnings).toEqual(['front matter is not a mapping of fields; shown as Markdown']);
    expect(result.data).toEqual({});
  });

  it('warns about unknown tags and keeps their value as text', () => {
    const result = splitFrontMatter('---\ntitle: !evil hello\n---\n');
    expect(result.data).toEqual({ title: 'hello' });
    expect(result.warnings[0]).toMatch(/front matter/);
  });
});

describe('a front matter that holds nothing', () => {
  it.each([
    ['empty', '---\n---\nBody\n'],
    ['a comment alone', '---\n# a note to self\n---\nBody\n'],
    ['a null', '---\n~\n---\nBody\n'],
  ])('is %s: no fields, no warning, the body after it', (_name, text) => {
    expect(splitFrontMatter(text)).toEqual({ data: {}, body: 'Body\n', warnings: [] });
  });
});

describe('nestedTooDeeply', () => {
  const over = MAX_DEPTH + 1;
  it.each([
    ['flow brackets at the limit', `a: ${'['.repeat(MAX_DEPTH)}`, false],
    ['flow brackets past it', `a: ${'['.repeat(over)}`, true],
    ['braces past it', `a: ${'{'.repeat(over)}`, true],
    ['brackets and braces together past it', `a: ${'[{'.repeat(Math.ceil(over / 2))}`, true],
    ['brackets that close as they open', `a: ${'[]'.repeat(over * 2)}`, false],
    ['braces that close as they open', `a: ${'{}'.repeat(over * 2)}`, false],
    ['closings that bring the depth down, not to nothing', `a: ${'['.repeat(60)}${']'.repeat(10)}${'['.repeat(60)}`, true],
    ['closings that bring the depth down enough', `a: ${'['.repeat(60)}${']'.repeat(30)}${'['.repeat(60)}`, false],
    ['closings before any opening, which count for nothing', `a: ${']'.repeat(50)}${'['.repeat(MAX_DEPTH)}`, false],
    ['one closing between two runs', `a: ${'['.repeat(50)}]${'['.repeat(60)}`, true],
    ['depth carried over lines', `a: ${'[\n'.repeat(over)}`, true],
    ['brackets in double quotes', `a: "${'['.repeat(over + 5)}"`, false],
    ['brackets in single quotes', `a: '${'['.repeat(over + 5)}'`, false],
    ['letters between brackets, which close nothing', `a: ${'[a'.repeat(over)}`, true],
    ['a quote closed only by its own kind', `a: "'" ${'['.repeat(over)}`, true],
    ['a quote left open, which ends with its line', `a: "open\n${'['.repeat(over)}`, true],
    ['indentation at the limit', `${' '.repeat(2 * MAX_DEPTH)}a: b`, false],
    ['indentation past it', `${' '.repeat(2 * MAX_DEPTH + 1)}a: b`, true],
    ['list dashes past it', `${'- '.repeat(over)}a`, true],
    ['tabs past it', `${'\t'.repeat(2 * MAX_DEPTH + 1)}a`, true],
    ['spaces inside a line, not before it', `a:${' '.repeat(2 * MAX_DEPTH + 1)}b`, false],
  ])('%s: %s', (_name, yaml, deep) => {
    expect(nestedTooDeeply(yaml)).toBe(deep);
  });

  it('is what splitFrontMatter checks before it parses', () => {
    const result = splitFrontMatter(`---\na: ${'['.repeat(over)}\n---\nBody\n`);
    expect(result).toEqual({ data: {}, body: 'Body\n', warnings: [`front matter nested more than ${MAX_DEPTH} levels deep; ignored`] });
  });
});

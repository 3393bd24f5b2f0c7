import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flatFields } from '../src/library/read/flat-yaml.js';

/** What the real parser gives, with the options front-matter.ts uses. */
function real(text: string): unknown {
  return parse(text, { schema: 'core', uniqueKeys: true, logLevel: 'silent' });
}

describe('flatFields', () => {
  it('reads the flat front matter articles carry', () => {
    const text = 'title: "École, été"\nsection: Monde\ndate: 2015-01-01\nauthor: Rédaction 0\ntags: [le, la vie]\nlang: fr\n';
    expect(flatFields(text)).toEqual({
      title: 'École, été',
      section: 'Monde',
      date: '2015-01-01',
      author: 'Rédaction 0',
      tags: ['le', 'la vie'],
      lang: 'fr',
    });
    expect(flatFields(text)).toEqual(real(text));
  });

  // The fast path's reason to be: these must not go to the parser (which would give the same answer, only slower).
  it.each([
    ['single quotes', "author: 'Claire Martin'", { author: 'Claire Martin' }],
    ['an empty list', 'tags: []', { tags: [] }],
    ['a list of one-letter words', 'tags: [a, b]', { tags: ['a', 'b'] }],
    ['a colon inside a word', 'source: https://example.com/a', { source: 'https://example.com/a' }],
    ['a key followed by the end of the line, then another', 'title: x\nlang: fr', { title: 'x', lang: 'fr' }],
  ])('reads %s itself', (_name, text, expected) => {
    expect(flatFields(text)).toEqual(expected);
    expect(real(text)).toEqual(expected);
  });

  it.each([
    ['a number', 'title: 123'],
    ['a boolean', 'draft: true'],
    ['null', 'author: ~'],
    ['an empty value', 'tags:'],
    ['a block list', 'tags:\n  - a\n  - b'],
    ['a comment', '# note\ntitle: x'],
    ['a trailing comment', 'title: x # note'],
    ['an escape in double quotes', 'title: "a\\u001b"'],
    ['a doubled single quote', "title: 'l''Iran'"],
    ['a duplicate key', 'title: a\ntitle: b'],
    ['a __proto__ key', '__proto__: x'],
    ['a tag', 'title: !!str 5'],
    ['an alias', 'title: *x'],
    ['a flow mapping', 'author: {name: x}'],
    ['a control character', 'title: a\u001bb'],
    ['a tab', 'title:\ta'],
    ['CRLF', 'title: a\r\n'],
    ['a multi-line value', 'title: a\n  b'],
    ['a number in a list', 'tags: [a, 5]'],
  ])('leaves %s to the YAML parser', (_name, text) => {
    expect(flatFields(text)).toBeNull();
  });

  // Every form of the core schema's numbers, nulls and booleans, each character of which counts.
  it.each([
    ['an octal number of two digits', 'version: 0o17'],
    ['an octal number in a list', 'tags: [a, 0o17]'],
    ['a hexadecimal number of two digits', 'version: 0x1F'],
    ['a negative number', 'version: -12'],
    ['a signed float', 'version: +1.50'],
    ['a float with an exponent', 'version: 12e-3'],
    ['a float that starts with a point', 'version: .5'],
    ['a negative infinity', 'version: -.Inf'],
    ['not a number', 'version: .NAN'],
    ['a capitalised boolean', 'draft: False'],
    ['a shouted null', 'author: NULL'],
    ['an infinity', 'version: .inf'],
    ['a signed infinity', 'version: +.inf'],
    ['a fraction of two digits', 'version: .55'],
    ['an exponent of two digits', 'version: 1e10'],
    ['a float without an exponent', 'version: 2.5'],
  ])('leaves %s, which YAML reads as no text, to the YAML parser', (_name, text) => {
    expect(flatFields(text)).toBeNull();
    expect(Object.values(real(text) as Record<string, unknown>).flat().some((value) => typeof value !== 'string')).toBe(true);
  });

  // Lines built from pieces YAML gives meaning to: whenever the fast path
  // answers, its answer must be the parser's.
  const piece = fc.constantFrom(
    'a', 'Été', 'l’Iran', "l'a", 'x y', ' ', ':', ': ', ' #', '#', '-', '- ', '[', ']', '{', '}', ',', '"', "'",
    '\\', '!', '&', '*', '|', '>', '%', '@', '`', '?', '~', 'null', 'true', 'no', '0x1F', '0o7', '1e3', '.5', '.inf',
    '.NaN', '+1', '2024-01-02', '\t', '\u00a0', '\u2028', '\u0085', '<<',
  );
  const word = fc.constantFrom('a', 'Été', 'x y', 'l’Iran', '2024-01-02');
  const text = fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: piece }), { maxLength: 4 }).map((parts) => parts.join(''));
  const value = fc.oneof(
    text,
    text.map((t) => `"${t}"`),
    text.map((t) => `'${t}'`),
    fc.array(text, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  );
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('title', 'tags', 'date', 'x-y', '_k') },
    { weight: 1, arbitrary: fc.constantFrom('true', 'null', 'a b', '<<', '__proto__') },
  );
  const separator = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(': ', ':  ') }, { weight: 1, arbitrary: fc.constantFrom(':', ' : ') });
  const line = fc.tuple(key, separator, value).map(([k, sep, v]) => k + sep + v);
  const document = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));

  it('agrees with the yaml package whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(document, (text) => {
        const flat = flatFields(text);
        if (flat === null) return;
        answered++;
        expect(flat).toEqual(real(text));
      }),
      { numRuns: 5000 },
    );
    // The generator must reach the fast path, or the property says nothing.
    expect(answered).toBeGreaterThan(1000);
  });
});

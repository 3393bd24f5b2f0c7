import fc from 'fast-check';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { TooDeep, lex, overflowed } from '../src/library/read/lexer.js';
import { sanitizeBody } from '../src/render/sanitize.js';
import { linear } from './linear.js';

/**
 * lexer.ts bounds marked's work on pathological text. On any other text it
 * must give exactly marked's tokens, and on pathological text it must take
 * linear time.
 */

const piece = fc.constantFrom(
  'a', 'b', 'word', ' ', ' ', '  \n', '\n', '\n\n', '_', '__', '*', '**', '~', '~~', '`', '``', '\\', '<', '>', '!', '[', ']', '(', ')',
  '@', '.', ':', '/', '-', '+', '#', '=', '|', '"', "'", 'http://x.example/a', 'https://', 'www.', 'ftp://f', 'mailto:', 'xmpp:',
  'a@b.cd', 'me@ex.org', 'a_b', '<!--', '-->', '<!-->', '<?', '?>', '<![CDATA[', ']]>', '<!X y', '<b>', '</b>', '<a href="x">', '&amp;',
  '東京', 'é', '\u00a0', '> ', '- ', '1. ', '  - ', '---', '===', '    ', '| a | b |\n|---|---|\n| c | d |\n', '```\ncode\n```\n',
);
const markdown = fc.array(piece, { maxLength: 80 }).map((pieces) => pieces.join(''));

describe('lex', () => {
  it("gives marked's own tokens on ordinary text", () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const ours = lex(sanitizeBody(text));
        expect(ours.warnings).toEqual([]);
        expect(JSON.parse(JSON.stringify(ours.tokens))).toEqual(JSON.parse(JSON.stringify(new Marked({ gfm: true }).lexer(sanitizeBody(text)))));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ['emphasis nested 300 marks deep', `${'*'.repeat(300)}a${'*'.repeat(300)}`, 'emphasis nested more than 64 levels deep; the inner marks are shown as written'],
    ['200,000 unmatched marks', '_a'.repeat(100_000), 'too many unmatched emphasis marks to lay out; the rest are shown as written'],
  ])('says when it shows marks as written: %s', (_name, text, warning) => {
    const { tokens, warnings } = lex(text);
    expect(warnings).toEqual([warning]);
    // Shown as written: no word of the text is lost.
    expect(tokens.map((token) => token.raw).join('')).toBe(text);
  });

  it('keeps emphasis after 200,000 brackets: only marks spend the budget of unmatched marks', () => {
    const { tokens, warnings } = lex(`zephyr ${'['.repeat(200_000)} *em* end`);
    expect(warnings).toEqual([]);
    const first = tokens[0];
    const inline = first?.type === 'paragraph' ? (first.tokens ?? []) : [];
    expect(inline.some((token) => token.type === 'em' && token.text === 'em')).toBe(true);
  });

  it('names a paragraph too long for marked when the stack overflows, rather than nesting', () => {
    // Where marked's patterns overflow depends on the stack: the reason given is tested, not the overflow.
    expect(overflowed('w\n'.repeat(6_000_000))).toBe('a paragraph of 12.0 million characters is too long to lay out; shown as plain text');
    expect(overflowed(`${'w\n'.repeat(400_000)}\n  \n${'w\n'.repeat(400_000)}`)).toBeUndefined();
  });

  it.each([
    ['a list item of 100,000 lines', `- a\n${'  b\n'.repeat(100_000)}`],
    ['a list item of 100,000 lazy lines', `- a\n${'b\n'.repeat(100_000)}`],
  ])('gives up on %s, for plain text', (_name, text) => {
    expect(() => lex(text)).toThrow(new TooDeep('a list item too long to lay out; shown as plain text'));
  });

  it.each([
    ['underscores between letters', (n: number) => '_a'.repeat(n)],
    ['stars between letters', (n: number) => '*a'.repeat(n)],
    ['strong marks between letters', (n: number) => '**a'.repeat(n)],
    ['tildes between letters', (n: number) => '~a'.repeat(n)],
    ['underscores before an address', (n: number) => `${'_a'.repeat(n)}@`],
    ['an address that is not one', (n: number) => `${'a_'.repeat(n)}@x`],
    // marked spreads the run of marks into an array at each of the 64 levels; V8 spreads more than about
    // 16,000 characters at three times the cost per character, a step and not a curve: both sizes are past it.
    ['emphasis nested deep', (n: number) => `${'*'.repeat(n)}a${'*'.repeat(n)}`, 20_000],
    ['unclosed comments', (n: number) => `a ${'<!--'.repeat(n)}`],
    ['unclosed processing instructions', (n: number) => `a ${'<?'.repeat(n)}`],
    ['unclosed declarations', (n: number) => `a ${'<!X '.repeat(n)}`],
    ['unclosed CDATA', (n: number) => `a ${'<![CDATA['.repeat(n)}`],
    ['a list item of many lines', (n: number) => `- a\n${'  b\n'.repeat(n)}`],
    ['a list item of lazy lines', (n: number) => `- a\n${'b\n'.repeat(n)}`],
    ['a list item of lines that start with a mark', (n: number) => `- a\n${'  (b\n'.repeat(n)}`],
    ['a list item in a quote', (n: number) => `> - a\n${'>   b\n'.repeat(n)}`],
    ['a quote of lazy lines', (n: number) => '> a\nb\n'.repeat(n)],
    ['www in a run', (n: number) => 'awww.'.repeat(n)],
    ['hard breaks', (n: number) => 'a  \n'.repeat(n)],
    ['footnote markers never closed', (n: number) => `a ${'[^a'.repeat(n)}`],
    ['footnote references', (n: number) => `a ${'[^1]'.repeat(n)}\n\n[^1]: note\n`],
    ['footnote definitions', (n: number) => `a[^1]\n\n${'[^1]: note\n'.repeat(n)}`],
  ] as [string, (n: number) => string, number?][])('takes linear time on %s', (_name, make, start = 1_000) => {
    linear((n) => {
      try {
        lex(make(n));
      } catch (error) {
        // Past its bounds, lex says so at once: the caller shows plain text.
        if (!(error instanceof TooDeep)) throw error;
      }
    }, start);
  });
});

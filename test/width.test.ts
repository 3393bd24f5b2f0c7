import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { chunks, displayWidth, graphemes } from '../src/render/width.js';
import { wrap } from '../src/render/wrap.js';
import { linear } from './linear.js';

/**
 * width.ts measures long text in chunks, because V8's Intl.Segmenter takes
 * quadratic time on long strings. Cut anywhere, its answers must be
 * string-width's.
 */

// Pieces that a cut in the wrong place would measure differently: clusters, joiners, flags, jamo, escapes.
const piece = fc.constantFrom(
  'word ', 'é', 'e\u0301', '東京', '한국', '\u1100\u1161\u11a8', '👍🏽', '👨‍👩‍👧', '🇫🇷', '🏳️‍🌈', '1\ufe0f\u20e3',
  '\u0600١', 'क्षि', 'ท่', '\u200b', '\u00ad', '\t', '␛', '\x1b[1m', '\x1b[22m', '\x1b]8;;https://a.example\x1b\\', '\x1b]8;;\x1b\\',
  'a'.repeat(300), 'é'.repeat(300), '😀'.repeat(150),
);
const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

describe('displayWidth', () => {
  it('agrees with string-width, however the text is cut', () => {
    fc.assert(
      fc.property(text, (sample) => {
        expect([...chunks(sample)].join('')).toBe(sample);
        expect(displayWidth(sample)).toBe(stringWidth(sample));
        let sum = 0;
        for (const { width } of graphemes(sample)) sum += width;
        expect(sum).toBe(stringWidth(sample));
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['a control picture between letters', (n: number) => 'a\u240d'.repeat(n)],
    ['accented letters', (n: number) => 'é'.repeat(n)],
    ['CJK', (n: number) => '東'.repeat(n)],
    ['emoji', (n: number) => '👍🏽'.repeat(n)],
    ['one cluster of marks', (n: number) => `a${'\u0301'.repeat(n)}`],
  ])('takes linear time on %s', (_name, make) => {
    linear((n) => displayWidth(make(n)), 4_000);
  });
});

describe('wrap on long words', () => {
  it.each([
    ['a word of control pictures', (n: number) => `x ${'a\u240d'.repeat(n)} y`],
    ['a run of CJK', (n: number) => `x ${'東京'.repeat(n)} y`],
    ['an accented word', (n: number) => `${'é'.repeat(n)} y`],
    ['many medium words', (n: number) => `${'é'.repeat(200)} `.repeat(n / 100)],
  ])('takes linear time on %s', (_name, make) => {
    linear((n) => wrap(make(n), 80), 4_000);
    linear((n) => wrap(make(n), 80, { hard: true }), 4_000);
  });

  it('keeps a long word whole on its own line, and breaks a run of CJK at the width', () => {
    const word = 'é'.repeat(500);
    expect(wrap(`avant ${word} après`, 20)).toEqual(['avant', word, 'après']);
    const run = '東'.repeat(300);
    const lines = wrap(`x ${run}`, 20);
    expect(lines.join('')).toBe(`x${run}`);
    expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(20);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import { ROOT } from './helpers.js';

/**
 * Wrapping rules checked at every width from 20 to 100, on French, CJK and
 * emoji text, in text and ansi: no line wider than the width unless it is one
 * word, no break at a no-break space, no closing punctuation starting a line,
 * no opening guillemet or quote ending one, and every word kept.
 */
const SGR = /\x1b\[[0-9;]*m/g;
const fixture = (name: string) => readFileSync(join(ROOT, 'test', 'golden', 'render', `${name}.md`), 'utf8');
const widths = Array.from({ length: 81 }, (_, i) => i + 20);

function words(text: string): string[] {
  return text.split(/[ \n]+/).filter(Boolean);
}

describe.each(['french', 'cjk'])('%s text at widths 20 to 100', (name) => {
  const markdown = fixture(name);

  it.each([0, 1] as const)('colour level %i', (level) => {
    for (const width of widths) {
      const lines = renderMarkdown(markdown, { width, theme: createTheme(level), hyperlinks: false }).text.replace(SGR, '').split('\n');
      for (const line of lines) {
        const content = line.replace(/^(│ )+|^ {2}/, '');
        if (stringWidth(line) > width) expect(content.trim(), `width ${width}: ${line}`).not.toMatch(/ /);
        expect(content, `width ${width}`).not.toMatch(/^[»”?!:;)]/);
        expect(line, `width ${width}`).not.toMatch(/[«“]$/);
        expect(line, `width ${width}`).not.toMatch(/^[\u00a0\u202f\u2007]|[\u00a0\u202f\u2007]$/);
      }
      if (name === 'french') {
        // Every space-separated word of the source is still whole somewhere in the output.
        const output = lines.join('\n');
        for (const word of words(markdown.replace(/^> ?/gm, ''))) expect(output, `width ${width}`).toContain(word);
      }
    }
  });
});

describe('CJK and emoji', () => {
  it.each(widths)('fills lines by display width at %i columns and loses no character', (width) => {
    const markdown = fixture('cjk');
    const text = renderMarkdown(markdown, { width, theme: createTheme(0), hyperlinks: false }).text;
    for (const line of text.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    // wrap-ansi composes characters (NFC): e + U+0301 comes out as é, the same text.
    expect(text.replace(/\s+/g, '')).toBe(markdown.replace(/\s+/g, '').normalize('NFC'));
  });
});

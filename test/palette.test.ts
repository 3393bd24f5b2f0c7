import { describe, expect, it } from 'vitest';
import { loadHighlighter } from '../src/render/highlight.js';
import { createTheme, type Style } from '../src/render/theme.js';

/**
 * The default 16-colour palettes of common terminals (from their sources and
 * documentation): background, foreground, then colours 0–15.
 */
const XTERM = ['000000', 'cd0000', '00cd00', 'cdcd00', '0000ee', 'cd00cd', '00cdcd', 'e5e5e5', '7f7f7f', 'ff0000', '00ff00', 'ffff00', '5c5cff', 'ff00ff', '00ffff', 'ffffff'];
const ITERM2 = ['000000', 'c91b00', '00c200', 'c7c400', '0225c7', 'ca30c7', '00c5c7', 'c7c7c7', '686868', 'ff6e67', '5ffa68', 'fffc67', '6871ff', 'ff77ff', '60fdff', 'ffffff'];
const SOLARIZED = ['073642', 'dc322f', '859900', 'b58900', '268bd2', 'd33682', '2aa198', 'eee8d5', '002b36', 'cb4b16', '586e75', '657b83', '839496', '6c71c4', '93a1a1', 'fdf6e3'];
const PALETTES: Record<string, { background: string; colors: string[] }> = {
  'xterm (black on white)': { background: 'ffffff', colors: XTERM },
  'xterm reversed': { background: '000000', colors: XTERM },
  'GNOME Terminal dark': {
    background: '171421',
    colors: ['171421', 'c01c28', '26a269', 'a2734c', '12488b', 'a347ba', '2aa1b3', 'd0cfcc', '5e5c64', 'f66151', '33d17a', 'e9ad0c', '2a7bde', 'c061cb', '33c7de', 'ffffff'],
  },
  'GNOME Terminal Tango light': {
    background: 'ffffff',
    colors: ['2e3436', 'cc0000', '4e9a06', 'c4a000', '3465a4', '75507b', '06989a', 'd3d7cf', '555753', 'ef2929', '8ae234', 'fce94f', '729fcf', 'ad7fa8', '34e2e2', 'eeeeec'],
  },
  'iTerm2 default': { background: '000000', colors: ITERM2 },
  'iTerm2 on white': { background: 'ffffff', colors: ITERM2 },
  'Solarized dark': { background: '002b36', colors: SOLARIZED },
  'Solarized light': { background: 'fdf6e3', colors: SOLARIZED },
};

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((at) => {
    const v = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The palette index of each foreground colour SGR in the text (30–37, 90–97). */
function foregrounds(text: string): Set<number> {
  const found = new Set<number>();
  for (const [, params] of text.matchAll(/\x1b\[([0-9;]*)m/g)) {
    for (const code of params!.split(';').map(Number)) {
      if (code >= 30 && code <= 37) found.add(code - 30);
      if (code >= 90 && code <= 97) found.add(code - 90 + 8);
      // 38 (256 colours or RGB) would leave the terminal's palette: none is allowed.
      expect(code).not.toBe(38);
    }
  }
  return found;
}

const worst = (index: number) => Math.min(...Object.values(PALETTES).map(({ background, colors }) => contrast(colors[index]!, background)));

/**
 * About 3:1, WCAG's floor for large text: below it a colour fades on one of
 * the backgrounds above. Red is 2.97 at its worst (GNOME's dark default).
 */
const FLOOR = 2.95;

describe('the palette', () => {
  it('knows which colours fade: blue on dark defaults, green, cyan and yellow on white', () => {
    // The figures the comment in theme.ts quotes; a changed table must change it too.
    expect(worst(5).toFixed(1)).toBe('3.3');
    expect(worst(1).toFixed(1)).toBe('3.0');
    expect(worst(4)).toBeLessThan(FLOOR);
    for (const index of [2, 3, 6, 12]) expect(worst(index)).toBeLessThan(FLOOR);
  });

  it('uses in every role only colours that read on every background', () => {
    const theme = createTheme(1);
    const styles = Object.values(theme).flatMap((value): Style[] =>
      typeof value === 'function' ? [value] : Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value as Record<string, Style>) : [],
    );
    expect(styles.length).toBeGreaterThan(20);
    const used = new Set(styles.flatMap((style) => [...foregrounds(style('x'))]));
    expect([...used].sort()).toEqual([1, 5]);
    for (const index of used) expect(worst(index)).toBeGreaterThanOrEqual(FLOOR);
  });

  it('highlights code in the same colours', async () => {
    const highlight = await loadHighlighter(1);
    const samples: Array<[string, string]> = [
      ['ts', 'const answer: number = 42; // the answer\nexport function f(x: string) { return `${x}` + "s" + /re/g; }'],
      ['sh', 'for f in *.md; do echo "$f" ${HOME} 2>/dev/null; done # loop'],
      ['python', '@decorator\nclass A(B):\n    def f(self, x=None):\n        return f"{x}" + r"\\d" + 0x1F'],
      ['css', '#id .class > a:hover { color: #fff; margin: 0 1px; }'],
      ['diff', '--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new'],
      ['yaml', 'key: value\nlist:\n  - 1\n  - "two"\nyes: true'],
      ['markdown', '# Title\n\n- *item* **bold** [link](x) `code`'],
      ['json', '{"a": [1, true, null, "s"]}'],
    ];
    const used = new Set<number>();
    for (const [lang, code] of samples) {
      const out = highlight(code, lang);
      expect(out, lang).not.toBeNull();
      for (const index of foregrounds(out!)) used.add(index);
    }
    expect(used.size).toBeGreaterThan(0);
    for (const index of used) expect(worst(index), `colour ${index}`).toBeGreaterThanOrEqual(FLOOR);
  });
});

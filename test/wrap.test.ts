import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { NARROW, expandTabs, unbreakableWidth, unbroken, wrap, wrapCode } from '../src/render/wrap.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function widest(lines: string[]): number {
  return Math.max(...lines.map((line) => stringWidth(line)));
}

describe('wrap', () => {
  it('fills lines up to the width and no further', () => {
    const lines = wrap('the quick brown fox jumps over the lazy dog', 10);
    expect(lines).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
  });

  it('keeps a word longer than the width whole on its own line', () => {
    expect(wrap('see https://example.com/a/very/long/path now', 12)).toEqual(['see', 'https://example.com/a/very/long/path', 'now']);
  });

  it('ends the links it breaks with ST, as the ones it is given', () => {
    const link = '\x1b]8;;https://example.com\x1b\\several words of a link\x1b]8;;\x1b\\';
    const lines = wrap(`see ${link} now`, 12);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('\n')).not.toContain('\x07');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/\x1b\]8;;\x1b\\$/);
  });

  it('drops the space a line of code breaks at, also when the piece before fills the width', () => {
    expect(wrapCode('abcd efgh ijkl', 4)).toEqual(['abcd', 'efgh', 'ijkl']);
    expect(wrapCode('ab cd ef', 5)).toEqual(['ab cd', 'ef']);
    expect(wrapCode('\x1b[1mabcd\x1b[22m efgh', 4)).toEqual(['\x1b[1mabcd\x1b[22m', 'efgh']);
    expect(wrapCode('    indented code line', 12)).toEqual(['    indented', 'code line']);
  });

  it('keeps hard breaks, and with width 0 wraps nothing else', () => {
    expect(wrap('one two\nthree', 0)).toEqual(['one two', 'three']);
    expect(wrap('one two three four', 0)).toEqual(['one two three four']);
  });

  it.each([20, 30, 40, 60, 80, 100])('never breaks at a no-break space nor strands French punctuation (width %i)', (width) => {
    const text = `Il a dit «${NBSP}non${NBSP}» puis « oui » : vraiment ? Oui ! Et${NNBSP}; enfin “assez” (fin) . ${'mot '.repeat(30)}`;
    const lines = wrap(text, width);
    for (const line of lines) {
      expect(line).not.toMatch(/^[»”?!:;)]/);
      expect(line).not.toMatch(/[«“]$/);
      expect(stringWidth(line)).toBeLessThanOrEqual(width);
    }
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it('counts wide characters as two columns', () => {
    const lines = wrap('東京 大阪 京都 札幌 福岡 😀 😀 😀', 10);
    expect(widest(lines)).toBeLessThanOrEqual(10);
    expect(lines.join(' ')).toBe('東京 大阪 京都 札幌 福岡 😀 😀 😀');
  });

  it('keeps styling open on every wrapped line', () => {
    const c = new Chalk({ level: 1 });
    const lines = wrap(c.italic('alpha beta gamma delta epsilon'), 12);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.startsWith('\x1b[3m')).toBe(true);
      expect(line.endsWith('\x1b[23m')).toBe(true);
    }
  });
});

describe('NARROW', () => {
  it('holds only characters string-width counts as one column', () => {
    const source = NARROW.source.slice(1, -1);
    const ranges = [...source.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)];
    expect(ranges.length).toBeGreaterThan(5);
    for (const [, from, to] of ranges) {
      const start = Number.parseInt(from!, 16);
      const end = Number.parseInt(to ?? from!, 16);
      for (let code = start; code <= end; code++) expect(stringWidth(String.fromCodePoint(code)), code.toString(16)).toBe(1);
    }
  });

  it('wraps text with accents exactly as without the ASCII shortcut', () => {
    const text = 'Élection présidentielle: « réponse » — “citation” … 10 000 € ; ' + 'déjà vu ça '.repeat(20);
    for (const width of [20, 33, 47, 80]) {
      const lines = wrap(text, width);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
      expect(lines.join(' ')).toBe(text.trim().replace(/\s+/g, ' '));
    }
  });
});

describe('French spacing is for punctuation', () => {
  it('lets a word that starts with a colon start a line', () => {
    expect(wrap(':laughing: :satisfied:', 12)).toEqual([':laughing:', ':satisfied:']);
  });

  it('still keeps a colon that is punctuation on the line before', () => {
    expect(wrap('le mot ainsi :', 12)).toEqual(['le mot', 'ainsi :']);
  });
});

describe('expandTabs', () => {
  it.each([
    ['at the start', '\tx', '    x'],
    ['after one column', 'a\tx', 'a   x'],
    ['after three columns', 'abc\tx', 'abc x'],
    ['on a stop: a whole tab of spaces', 'abcd\tx', 'abcd    x'],
    ['two in a row', 'a\t\tx', 'a       x'],
    ['past the first stop', 'abcdef\tx', 'abcdef  x'],
    ['on each line of its own', 'ab\tx\n\ty', 'ab  x\n    y'],
    ['after a wide character, two columns', '東\tx', '東  x'],
    ['after a combining mark, no column', 'e\u0301\tx', 'e\u0301   x'],
  ])('stops every four columns: %s', (_name, text, expanded) => {
    expect(expandTabs(text)).toBe(expanded);
    for (const line of expanded.split('\n')) expect(stringWidth(line.slice(0, line.lastIndexOf(' ') + 1)) % 4).toBe(0);
  });

  it('stops at another size when asked, and leaves text without tabs as it is', () => {
    expect(expandTabs('ab\tx', 8)).toBe('ab      x');
    expect(expandTabs('no tab here')).toBe('no tab here');
  });
});

describe('wrapCode at its edges', () => {
  it.each([
    ['two spaces at the break, neither kept', 'abc  def', 3, ['abc', 'def']],
    ['spaces at the end, dropped', 'ab   ', 2, ['ab']],
    ['no width: the line as it is', 'ab cd', 0, ['ab cd']],
    ['a width below zero: the line as it is', 'ab cd', -1, ['ab cd']],
    ['a colour over the break, carried to each piece', '\x1b[31mab cd\x1b[39m', 2, ['\x1b[31mab\x1b[39m', '\x1b[31mcd\x1b[39m']],
    ['bold opened after the break, its space dropped', 'ab \x1b[1m cd\x1b[22m', 2, ['ab', '\x1b[1mcd\x1b[22m']],
    ['styled words between runs of spaces', 'ab  \x1b[1mcd\x1b[22m  ef', 2, ['ab', '\x1b[1mcd\x1b[22m', 'ef']],
  ])('%s', (_name, line, width, pieces) => {
    expect(wrapCode(line, width)).toEqual(pieces);
  });
});

describe('words longer than string-width is let measure', () => {
  const thumbs = (n: number) => '👍'.repeat(n);

  it('measures a long word of wide characters itself, and puts it back whole', () => {
    expect(wrap(`aa ${thumbs(200)} bb`, 10)).toEqual(['aa', thumbs(200), 'bb']);
  });

  it('does the same when the text already holds every stand-in character', () => {
    expect(wrap(`~^|\`@$%&{} ${thumbs(200)} bb`, 10)).toEqual(['~^|`@$%&{}', thumbs(200), 'bb']);
  });

  it('cuts a long word to the width when hard wrapping, a wide character never split', () => {
    const lines = wrap(thumbs(300), 10, { hard: true });
    expect(lines).toHaveLength(60);
    for (const line of lines) expect(line).toBe(thumbs(5));
  });

  it('breaks a long run of CJK between characters, as short ones are', () => {
    const han = '漢'.repeat(300);
    expect(wrap(`aa ${han} b`, 10)).toEqual(['aa', ...Array.from({ length: 60 }, () => '漢'.repeat(5)), 'b']);
  });

  it('keeps a long word of one-column letters whole on its own line', () => {
    const accents = 'é'.repeat(300);
    expect(wrap(`aa ${accents} b`, 10)).toEqual(['aa', accents, 'b']);
  });

  it('puts several long words back each in its place', () => {
    expect(wrap(`${thumbs(150)} x ${thumbs(140)} y`, 10)).toEqual([thumbs(150), 'x', thumbs(140), 'y']);
  });
});

describe('wrapCode keeps styling where the spaces go', () => {
  it.each([
    ['a colour and bold over two breaks', '\x1b[31mab  \x1b[1mcd\x1b[22m ef\x1b[39m', 4, ['\x1b[31mab\x1b[39m', '\x1b[31m\x1b[1mcd\x1b[22m\x1b[39m', '\x1b[31mef\x1b[39m']],
    ['one space dropped at a break that the piece before did not fill', 'ab   \x1b[2m\x1b[31m cd', 4, ['ab', ' \x1b[2m\x1b[31m cd']],
    ['an indented line: the indent stays on its first piece', '    foo bar baz', 8, ['    foo', 'bar baz']],
    ['a token longer than the width, whole', 'abcdefgh ij', 4, ['abcdefgh', 'ij']],
    ['a colour of two digits opened after the break, its space dropped', 'ab \x1b[31m cd\x1b[39m', 2, ['ab', '\x1b[31mcd\x1b[39m']],
    ['a colour of 256, with semicolons, the same', 'ab \x1b[38;5;1m cd\x1b[39m', 2, ['ab', '\x1b[38;5;1mcd\x1b[39m']],
    ['a line of spaces alone, still a line', '    ', 2, ['  ']],
    ['the spaces that end the line, kept when it fits', 'ab cd  ', 10, ['ab cd  ']],
    ['the space after a colour that starts a piece, dropped', 'abcd \x1b[31m efg', 4, ['abcd', '\x1b[31mefg']],
    ['spaces before two closing styles, dropped', '\x1b[1m\x1b[31mab  cd\x1b[39m\x1b[22m', 3, ['\x1b[1m\x1b[31mab\x1b[39m\x1b[22m', '\x1b[1m\x1b[31m cd\x1b[39m\x1b[22m']],
  ])('%s', (_name, line, width, pieces) => {
    expect(wrapCode(line, width)).toEqual(pieces);
  });
});

describe('wrap at the edges of its rules', () => {
  it('keeps a closing guillemet with the word before it, even when styled', () => {
    expect(wrap('aaa bbb \x1b[31m»\x1b[39m', 8)).toEqual(['aaa', 'bbb \x1b[31m»\x1b[39m']);
  });

  it('breaks a CJK word wider than the line between its characters', () => {
    expect(wrap('漢'.repeat(20), 10)).toEqual(Array.from({ length: 4 }, () => '漢'.repeat(5)));
  });

  it('never breaks inside unbroken text, which shows its spaces as spaces', () => {
    expect(wrap(`aaaa ${unbroken('b c d')}`, 6)).toEqual(['aaaa', 'b c d']);
    expect(wrap(`aaaa ${unbroken('b c d')}`, 6).join('')).not.toMatch(/\uffff/);
  });

  it('measures the part of a word that must stay on one line', () => {
    expect(unbreakableWidth('abc')).toBe(3);
    // CJK may break between characters: the longest run between them, or one character of two columns.
    expect(unbreakableWidth('ab漢字cdef')).toBe(4);
    expect(unbreakableWidth('漢字')).toBe(2);
    expect(unbreakableWidth('')).toBe(0);
  });
});

describe('expandTabs after text of any width', () => {
  it('counts the text between tabs toward the next stop', () => {
    expect(expandTabs('a\tb\tc')).toBe('a   b   c');
    expect(expandTabs('a\tbcdef\tg')).toBe('a   bcdef   g');
  });
});

describe('wrapCode on a long run of CJK', () => {
  it('gives each character its own line at a width narrower than one', () => {
    expect(wrapCode('漢'.repeat(300), 1)).toEqual(Array.from({ length: 300 }, () => '漢'));
  });
});

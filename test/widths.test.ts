import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/render/width.js';
import { inProcess, library, SEED_SLUG } from './helpers.js';

/**
 * Every view kiosk prints for a person, at 20, 40, 80 and 200 columns:
 * lines within the width, broken only between words. A word wider than the
 * width (a path, a long slug) cannot fit and takes a line of its own.
 */

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
const words = (text: string) => plain(text).split(/\s+/).filter(Boolean).sort();
const WIDTHS = [20, 40, 80, 200];

/** The lines wider than `width` that are not a single word. */
function overflowing(text: string, width: number): string[] {
  return plain(text)
    .split('\n')
    .filter((line) => displayWidth(line) > width && line.trim().includes(' '));
}

const LONG_SECTION = 'Notes from the international correspondents desk';
const root = library({
  'guide/start.md': '---\ntitle: Getting started with a reader that lives in the shell\ndate: 2026-11-29\nauthor: Jean-Baptiste de La Fontaine\n---\n\n# Getting started\n\nBody text about readers.\n',
  'notes/long.md': `---\ntitle: A report on the long negotiations between the delegations\nsection: ${LONG_SECTION}\n---\n\nThe delegations met again on Tuesday.\n`,
  'guide/outline.md': [
    '---',
    'title: Outline',
    '---',
    '',
    '## A heading that is long enough to wrap at forty columns and at twenty',
    '',
    'Words.',
    '',
    '### Deeper, with an anchor that is itself far longer than twenty columns',
    '',
    'More words about readers.',
    '',
  ].join('\n'),
});

const at = (columns: number, args: string[]) => inProcess(args, { tty: { columns } });

describe.each(WIDTHS)('at %i columns', (columns) => {
  it.each([
    ['list', ['list', '--dir', root]],
    ['list of the embedded library', ['list']],
    ['sections', ['sections', '--dir', root]],
    ['toc', ['read', 'outline', '--toc', '--dir', root]],
    ['toc of the seed article', ['read', SEED_SLUG, '--toc']],
    ['help', ['--help']],
    ['help of read', ['read', '--help']],
    ['help of list', ['list', '--help']],
    ['help of search', ['search', '--help']],
    ['help of import', ['import', '--help']],
    ['help of completion', ['completion', '--help']],
  ])('%s keeps within the width and loses no word', async (_name, args) => {
    const { stdout, status } = await at(columns, args);
    expect(status).toBe(0);
    expect(overflowing(stdout, columns)).toEqual([]);
    // The same words as on the widest terminal: nothing cut, nothing lost.
    expect(words(stdout)).toEqual(words((await at(10_000, args)).stdout));
  });

  it('search keeps within the width and every title whole', async () => {
    const { stdout, status } = await at(columns, ['search', 'delegations', '--dir', root]);
    expect(status).toBe(0);
    expect(overflowing(stdout, columns)).toEqual([]);
    expect(plain(stdout).replace(/\s+/g, ' ')).toContain('A report on the long negotiations between the delegations');
  });

  it('the byline breaks only after a ·, never inside "1 min"', async () => {
    const { stdout } = await at(columns, ['read', 'start', '--dir', root, '--no-pager']);
    const lines = plain(stdout).split('\n').slice(0, 8);
    expect(overflowing(lines.join('\n'), columns)).toEqual([]);
    const byline = lines.filter((line) => /guide|2026|Jean|Fontaine|min/.test(line));
    expect(byline.join(' ').replace(/\s+/g, ' ')).toContain('guide · 2026-11-29 · Jean-Baptiste de La Fontaine · 1 min');
    expect(byline.every((line) => !/^\s*·/.test(line))).toBe(true);
    expect(byline.some((line) => line.trimEnd().endsWith(' 1') || line.trimStart().startsWith('min'))).toBe(false);
  });

  it.each([
    ['an unknown article', ['read', 'nothing-of-the-sort-anywhere-in-the-library', '--dir', root]],
    ['an unknown option', ['list', '--formt=json', '--dir', root]],
    ['a bad value', ['--color', 'alway', 'list', '--dir', root]],
    ['an unknown section', ['list', 'correspondents-from-elsewhere', '--dir', root]],
  ])('an error about %s keeps within the width, one line when piped', async (_name, args) => {
    const { stderr, status } = await at(columns, args);
    expect(status).toBeGreaterThan(0);
    expect(stderr.startsWith('kiosk: ')).toBe(true);
    expect(overflowing(stderr, columns)).toEqual([]);
    const piped = await inProcess(args);
    expect(piped.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(words(stderr)).toEqual(words(piped.stderr));
  });
});

describe('at a terminal', () => {
  it('wraps a long section name in its column, the count beside its first line', async () => {
    const { stdout } = await at(30, ['sections', '--dir', root]);
    expect(plain(stdout).split('\n').slice(0, 4)).toEqual(['guide                        2', 'Notes from the               1', 'international', 'correspondents desk']);
  });

  it('lays out the toc with the anchor whole, after the heading or on its own line', async () => {
    const { stdout } = await at(40, ['read', 'outline', '--toc', '--dir', root]);
    expect(plain(stdout).split('\n')).toEqual([
      '1. A heading that is long enough to wrap',
      '   at forty columns and at twenty',
      '   #a-heading-that-is-long-enough-to-wrap-at-forty-columns-and-at-twenty',
      '  1.1. Deeper, with an anchor that is',
      '       itself far longer than twenty',
      '       columns',
      '       #deeper-with-an-anchor-that-is-itself-far-longer-than-twenty-columns',
      '',
    ]);
  });

  it('gives one line per heading in a pipe, as a script reads it', async () => {
    const { stdout } = await inProcess(['read', 'outline', '--toc', '--dir', root]);
    expect(stdout.split('\n')[0]).toBe('1. A heading that is long enough to wrap at forty columns and at twenty  #a-heading-that-is-long-enough-to-wrap-at-forty-columns-and-at-twenty');
  });

  it('puts a description under its option or command when beside it would be too narrow', async () => {
    const { stdout } = await at(40, ['--help']);
    const lines = stdout.split('\n');
    expect(lines).toContain('  --dir <path>');
    expect(lines[lines.indexOf('  --dir <path>') + 1]).toBe('      library folder (default:');
    expect((await at(80, ['--help'])).stdout).toMatch(/^ {2}--dir <path> +library folder/m);
  });
});

describe('--color always in a pipe', () => {
  it.each([
    ['list', ['list', '--dir', root]],
    ['sections', ['sections', '--dir', root]],
    ['search', ['search', 'delegations', '--dir', root]],
  ])('gives the styled %s view, as read does, for fzf --ansi and less -R', async (_name, args) => {
    const styled = await inProcess(['--color', 'always', ...args]);
    const person = await inProcess(['--color', 'never', ...args], { tty: { columns: 10_000 } });
    expect(styled.stdout).toMatch(/\x1b\[/);
    expect(plain(styled.stdout)).toBe(person.stdout);
    expect((await inProcess(args)).stdout).not.toBe(person.stdout);
  });

  it('keeps TAB-separated lines with --plain', async () => {
    const { stdout } = await inProcess(['--color', 'always', 'list', '--plain', '--dir', root]);
    expect(stdout).not.toMatch(/\x1b/);
    expect(stdout.split('\n')[0]!.split('\t')).toHaveLength(4);
  });
});

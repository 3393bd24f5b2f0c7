import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bashReply, quoteFor, splitLine, type Quote } from '../src/completion/shell-words.js';
import { SEED_SLUG, emptyDir, inProcess, library } from './helpers.js';

/**
 * Completion as data: the command line is split and unquoted without a
 * shell, and candidates are quoted so that bash reads them back literally.
 * The shells themselves, pressing Tab in tmux, are in shells.test.ts.
 */

const BREAKS = `"'><=;|&(:`;

describe('splitLine', () => {
  it.each([
    ['kiosk list M', ['kiosk', 'list'], { raw: 'M', value: 'M', quote: '', textStart: 0, text: 'M' }],
    ['kiosk list ', ['kiosk', 'list'], { raw: '', value: '', quote: '', textStart: 0, text: '' }],
    ['kiosk list "Mes n', ['kiosk', 'list'], { raw: '"Mes n', value: 'Mes n', quote: '"', textStart: 1, text: 'Mes n' }],
    ["kiosk list 'Mes n", ['kiosk', 'list'], { raw: "'Mes n", value: 'Mes n', quote: "'", textStart: 1, text: 'Mes n' }],
    ['kiosk list Mes\\ n', ['kiosk', 'list'], { raw: 'Mes\\ n', value: 'Mes n', quote: '', textStart: 0, text: 'Mes n' }],
    ['kiosk --dir=~/x', ['kiosk'], { raw: '--dir=~/x', value: '--dir=~/x', quote: '', textStart: 6, text: '~/x' }],
    ['kiosk list Notes:20', ['kiosk', 'list'], { raw: 'Notes:20', value: 'Notes:20', quote: '', textStart: 6, text: '20' }],
    ['kiosk list Notes\\:20', ['kiosk', 'list'], { raw: 'Notes\\:20', value: 'Notes:20', quote: '', textStart: 0, text: 'Notes:20' }],
    ['kiosk --dir "a b" read "x\\"y', ['kiosk', '--dir', 'a b', 'read'], { raw: '"x\\"y', value: 'x"y', quote: '"', textStart: 1, text: 'x"y' }],
    ['x | kiosk read $(', ['x', 'kiosk', 'read', '$'], { raw: '', value: '', quote: '', textStart: 0, text: '' }],
  ])('%j', (line, words, current) => {
    expect(splitLine(line, BREAKS)).toEqual({ words, current });
  });

  it('never expands anything: $, backticks and ~ stay text', () => {
    expect(splitLine('kiosk read $(touch x) `id` ~root', BREAKS).words).toEqual(['kiosk', 'read', '$', 'touch', 'x', '`id`']);
    expect(splitLine('kiosk read ~root', BREAKS).current.value).toBe('~root');
  });
});

describe('quoting a candidate for bash', () => {
  it.each<[string, string, string | null]>([
    ['Mes n', 'Mes notes', 'Mes\\ notes'],
    ['"Mes n', 'Mes notes', 'Mes notes'],
    ["'Mes n", 'Mes notes', 'Mes notes'],
    ['"a', 'a$(touch x)`id`!"\\', 'a\\$(touch x)\\`id\\`"\\!"\\"\\\\'],
    ["'a", "a'b", "a'\\''b"],
    ['', '$(touch x)', '\\$\\(touch\\ x\\)'],
    ['', '~root', '\\~root'],
    ['', '#tag', '\\#tag'],
    ['', 'slug#part', 'slug#part'],
    ['mon', 'Monde', 'Monde'],
    ['"mon', 'Monde', 'Monde'],
    ['Notes:', 'Notes: 2024', '\\ 2024'],
    ['--section=M', '--section=Mes notes', 'Mes\\ notes'],
    ['--section=m', '--section=Mes notes', null],
  ])('%j + %j → %j', (typed, candidate, expected) => {
    expect(bashReply(candidate, splitLine(typed, BREAKS).current)).toBe(expected);
  });

  const bash = spawnSync('bash', ['--version']).status === 0;
  it.runIf(bash)('reads back every string as it was, in every quoting, and runs nothing (bash itself)', () => {
    const dir = emptyDir();
    const marker = join(dir, 'ran');
    const texts = fc.sample(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom(`$(touch ${marker})`, `\`touch ${marker}\``, '!!', '!$', "'", '"', '\\', '~', '#x', 'a b', '*', '{a,b}', '$HOME', '${x}'),
      ),
      300,
    ).map((text) => text.replace(/[\x00-\x1f\x7f]/g, ''));
    const lines: string[] = [];
    const quotes: Quote[] = ['', '"', "'"];
    texts.forEach((text, index) => {
      const quote = quotes[index % 3]!;
      const current = splitLine(quote, BREAKS).current;
      const reply = bashReply(text, current)!;
      lines.push(`printf '<%s>\\n' ${quote}${reply}${quote}`);
    });
    // An interactive shell's history expansion is on in scripts only when asked: ask.
    const result = spawnSync('bash', ['-c', `set -H\n${lines.join('\n')}`], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').slice(0, -1)).toEqual(texts.map((text) => `<${text}>`));
    expect(existsSync(marker)).toBe(false);
  });

  it('quotes inside single quotes by stepping out for a quote', () => {
    expect(quoteFor("it's", "'")).toBe("it'\\''s");
  });
});

describe('kiosk complete', () => {
  const root = () =>
    library({
      'monde/a.md': '---\ntitle: Élection\nsection: Monde\ntags: [front matter, Iran]\nauthor: Jeanne Martin\n---\n# Élection\n\n## Le vote\n\n## Le dépouillement\n',
      'notes/b.md': '---\ntitle: "\\e]2;PWNED\\a Titre"\nsection: Mes notes\ntags: "`touch x`"\n---\ntext\n',
      'evil/c.md': '---\nsection: "$(touch x)"\n---\n',
    });
  const answer = async (shell: string, ...words: string[]) => (await inProcess(['complete', shell, '--', ...words])).stdout;

  it('offers commands, options and choices', async () => {
    expect(await answer('fish', 're')).toBe('values\nread\trender one article, or one part of it\n');
    expect(await answer('fish', 'read', '--fo')).toMatch(/^values\n--format\toutput format/);
    expect(await answer('fish', 'read', '--format', '')).toBe('values\nansi\njson\nmarkdown\ntext\n');
    expect(await answer('fish', 'read', '--format=j')).toBe('values\n--format=json\n');
    expect(await answer('fish', 'completion', '')).toBe('values\nbash\nfish\nzsh\n');
    expect(await answer('fish', 'help', 'se')).toMatch(/^values\nsearch\t.*\nsections\t/);
    expect(await answer('fish', 'frobnicate', '')).toBe('values\n');
  });

  it('offers slugs with their titles, section/slug and slug#heading', async () => {
    const dir = root();
    expect(await answer('fish', '--dir', dir, 'read', 'a')).toBe('values\na\tÉlection\n');
    expect(await answer('fish', '--dir', dir, 'read', 'monde/')).toBe('values\nmonde/a\tÉlection\n');
    expect(await answer('fish', '--dir', dir, 'read', 'a#')).toBe('values\na#le-depouillement\tLe dépouillement\na#le-vote\tLe vote\n');
    expect(await answer('fish', '--dir', dir, 'read', 'a#le-v')).toBe('values\na#le-vote\tLe vote\n');
    expect(await answer('fish', 'read', 'tr')).toBe(`values\n${SEED_SLUG}\tTrump menace l’Iran après le piratage de sa campagne électorale\n`);
  });

  it('offers sections, tags and authors, ignoring case and accents when nothing starts so', async () => {
    const dir = root();
    expect(await answer('zsh', '--dir', dir, 'list', '')).toBe('values\n$(touch x)\tsection\nMes notes\tsection\nMonde\tsection\n');
    expect(await answer('zsh', '--dir', dir, 'list', 'mon')).toBe('values\nMonde\tsection\n');
    expect(await answer('zsh', '--dir', dir, 'list', '--tag', 'fr')).toBe('values\nfront matter\ttag\n');
    expect(await answer('zsh', '--dir', dir, 'list', '--author', 'jea')).toBe('values\nJeanne Martin\tauthor\n');
  });

  it('never lets an article put a control character in front of a shell', async () => {
    const out = await answer('zsh', '--dir', root(), 'read', '');
    expect(out).toContain('b\t␛]2;PWNED␇ Titre\n');
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('quotes for bash, which inserts replies as they are', async () => {
    const dir = root();
    const bash = (line: string) => answer('bash', BREAKS, line);
    expect(await bash(`kiosk --dir ${dir} list M`)).toBe('values\nMes\\ notes\nMonde\n');
    expect(await bash(`kiosk --dir ${dir} list "Mes`)).toBe('values\nMes notes\n');
    expect(await bash(`kiosk --dir ${dir} list \\$`)).toBe('values\n\\$\\(touch\\ x\\)\n');
    // What was typed stays as typed: `$` then `\(` is no expansion.
    expect(await bash(`kiosk --dir ${dir} list $`)).toBe('values\n$\\(touch\\ x\\)\n');
    expect(await bash(`kiosk --dir ${dir} list --tag=\\\``)).toBe('values\n\\`touch\\ x\\`\n');
  });

  it('hands paths to the shell: a file to import, a folder for --dir, a Markdown file to read', async () => {
    expect(await answer('zsh', 'import', 'pa')).toBe('files any\npa\n\n');
    expect(await answer('zsh', '--dir=~/no')).toBe('files dirs\n~/no\n--dir=\n');
    expect(await answer('fish', '--dir=~/no')).toBe('files dirs\n~/no\n--dir=\n');
    expect(await answer('zsh', 'read', './x')).toBe('files markdown\n./x\n\n');
    expect(await answer('zsh', '--dir', root(), 'read', 'zz')).toBe('files markdown\nzz\n\n');
    // bash: readline completes only after the last `=` or `:`, so paths are cut to match.
    expect(await answer('bash', BREAKS, 'kiosk --dir=~/no')).toBe('files dirs\n~/no\n\n\n');
    expect(await answer('bash', BREAKS, 'kiosk import a:b/c')).toBe('files any\na:b/c\na:\n\n');
    expect(await answer('bash', '', 'kiosk --dir=~/no')).toBe('files dirs\n~/no\n\n--dir=\n');
  });

  it('keeps a section taken from an imported page as data', async () => {
    const dir = emptyDir();
    const root = join(dir, 'library');
    mkdirSync(root);
    writeFileSync(
      join(dir, 'page.html'),
      `<html><head><meta property="article:section" content="$(touch ran) \`id\`"><title>Une page</title></head><body><p>${'Du texte pour faire une page. '.repeat(10)}</p></body></html>`,
    );
    expect((await inProcess(['import', 'page.html', '--dir', root], { cwd: dir })).status).toBe(0);
    expect(await answer('bash', BREAKS, `kiosk --dir ${root} list \\$`)).toBe('values\n\\$\\(touch\\ ran\\)\\ \\`id\\`\n');
    expect(await answer('fish', '--dir', root, 'list', '')).toBe('values\n$(touch ran) `id`\tsection\n');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('is hidden from help', async () => {
    expect((await inProcess(['--help'])).stdout).not.toMatch(/^\s+complete\b/m);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, loadConfig } from '../src/config.js';
import { parseConfig } from '../src/config-parse.js';
import { NO_CONFIG } from '../src/config.js';
import { pagerChoice, type Environment } from '../src/options.js';
import { emptyDir, inProcess, library } from './helpers.js';
import { linearAsync } from './linear.js';

const FILE = '/home/u/.config/kiosk/config.yaml';
const parse = (text: string) => parseConfig(text, FILE, { HOME: '/home/u' });

/** A config folder holding `text` as its config.yaml, for XDG_CONFIG_HOME. */
function configHome(text: string): string {
  const home = emptyDir();
  mkdirSync(join(home, 'kiosk'));
  writeFileSync(join(home, 'kiosk', 'config.yaml'), text);
  return home;
}

const ESC = '\x1b';

describe('the config file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/kiosk/config.yaml');
    expect(configPath({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe('/h/.config/kiosk/config.yaml');
    expect(configPath({ HOME: '/h' })).toBe('/h/.config/kiosk/config.yaml');
  });

  it('reads every setting with the line that set it', async () => {
    const config = await parse(
      ['# mine', 'library: ~/notes', 'width: 72', 'pager: less -S', 'color: never', 'hyperlinks: off', 'theme:', '  link: bold bright-blue', '  heading: underline'].join('\n'),
    );
    expect(config.warnings).toEqual([]);
    expect(config.library).toEqual({ value: '/home/u/notes', line: 2 });
    expect(config.width).toEqual({ value: 72, line: 3 });
    expect(config.pager).toEqual({ value: 'less -S', line: 4 });
    expect(config.color).toEqual({ value: 'never', line: 5 });
    expect(config.hyperlinks).toEqual({ value: 'never', line: 6 });
    expect(config.theme).toEqual({ link: { value: ['bold', 'bright-blue'], line: 8 }, heading: { value: ['underline'], line: 9 } });
  });

  it('takes a relative library from the config’s folder', async () => {
    expect((await parse('library: notes\n')).library?.value).toBe('/home/u/.config/kiosk/notes');
    expect((await parse('library: /srv/lib\n')).library?.value).toBe('/srv/lib');
  });

  it('names the line of each bad setting, with the closest right one, and applies the rest', async () => {
    const config = await parse(
      [
        'colour: always',
        'width: wide',
        'color: alway',
        'theme:',
        '  link: underline brigth-blue',
        '  headings: blue',
        '  code: red',
        'library: ""',
        'hyperlinks: [1]',
        '__proto__: bold',
        'pager: most',
      ].join('\n'),
    );
    expect(config.warnings).toEqual([
      'line 1: unknown setting "colour"; did you mean color?',
      'line 2: width takes a whole number of columns from 0 (no wrapping) to 10000',
      'line 3: color takes auto, always or never, not "alway"; did you mean always?',
      'line 5: theme link: "brigth-blue" is not a colour or attribute; did you mean bright-blue?',
      'line 6: unknown theme role "headings"; did you mean heading?',
      'line 8: library takes the path of a folder',
      'line 9: hyperlinks takes auto, always or never',
      'line 10: unknown setting "__proto__"; settings: library, width, pager, color, hyperlinks, theme',
    ]);
    expect(config.theme).toEqual({ code: { value: ['red'], line: 7 } });
    expect(config.pager).toEqual({ value: 'most', line: 11 });
    expect(config.color).toBeUndefined();
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });

  it('says where the YAML breaks, and keeps what it could read', async () => {
    const config = await parse('width: 72\npager: "less -S\n');
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/^line [23]: invalid YAML: /);
    expect(config.width).toEqual({ value: 72, line: 1 });
  });

  it('refuses what is not a mapping of settings, aliases, and deep nesting', async () => {
    expect((await parse('- width: 72\n')).warnings).toEqual(['line 1: is not a mapping of settings (`width: 80`, one a line); ignored']);
    const aliased = await parse('theme:\n  link: &s bold\n  code: *s\n');
    expect(aliased.theme).toEqual({ link: { value: ['bold'], line: 2 } });
    expect(aliased.warnings).toEqual(['line 3: theme code takes a style: colours and attributes, as `bold magenta`']);
    expect((await parse(`theme: ${'['.repeat(5000)}\n`)).warnings).toEqual(['nested more than 100 levels deep; ignored']);
    expect((await parse('\ufeffwidth: 60\n')).width?.value).toBe(60);
    expect((await parse('')).warnings).toEqual([]);
  });

  it('reads in linear time, whatever the file holds', async () => {
    await linearAsync((n) => () => parse(`width: 72\npager: less${' '.repeat(n)}-S\n`), 2000);
    await linearAsync((n) => () => parse(`${'# a comment\n'.repeat(n)}theme:\n  link: ${'bold '.repeat(n)}\n`), 200);
    await linearAsync((n) => () => parse(`pager: ${'['.repeat(50)}${'a, '.repeat(n)}${']'.repeat(50)}\n`), 500);
  });

  it('is left out, with one warning, when it is a folder, a FIFO or too large; absent, it costs nothing', async () => {
    const home = emptyDir();
    expect(await loadConfig({ XDG_CONFIG_HOME: home })).toEqual(NO_CONFIG(join(home, 'kiosk', 'config.yaml')));
    mkdirSync(join(home, 'kiosk', 'config.yaml'), { recursive: true });
    expect((await loadConfig({ XDG_CONFIG_HOME: home })).warnings).toEqual(['is a folder, not a file; ignored']);
    const fifo = emptyDir();
    mkdirSync(join(fifo, 'kiosk'));
    execFileSync('mkfifo', [join(fifo, 'kiosk', 'config.yaml')]);
    // Opened without waiting for a writer: a FIFO would hang a plain read forever.
    expect((await loadConfig({ XDG_CONFIG_HOME: fifo })).warnings).toEqual(['is not a regular file; ignored']);
    const big = configHome(`# ${'x'.repeat(70_000)}\n`);
    expect((await loadConfig({ XDG_CONFIG_HOME: big })).warnings).toEqual(['is larger than 64 KB; a config is a few lines; ignored']);
  });
});

describe('settings, by precedence: flags, then environment variables, then the config', () => {
  const root = library({ 'a/one.md': '---\ntitle: One\n---\n\nA [link](https://example.com) and `code`.\n\n## Part\n\nText.\n' });
  const other = library({ 'b/two.md': '---\ntitle: Two\n---\n\nBody.\n' });

  it('takes the library from the config, below KIOSK_DIR and --dir', async () => {
    const home = configHome(`library: ${root}\n`);
    expect((await inProcess(['list'], { env: { XDG_CONFIG_HOME: home } })).stdout).toBe('a\tone\t\tOne\n');
    expect((await inProcess(['list'], { env: { XDG_CONFIG_HOME: home, KIOSK_DIR: other } })).stdout).toBe('b\ttwo\t\tTwo\n');
    expect((await inProcess(['list', '--dir', other], { env: { XDG_CONFIG_HOME: home } })).stdout).toBe('b\ttwo\t\tTwo\n');
  });

  it('wraps read at the config’s width, never past a terminal’s edge, below --width', async () => {
    const long = library({ 'long.md': `# Long\n\n${'word '.repeat(60)}\n` });
    const home = configHome('width: 30\n');
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
    expect(widest((await inProcess(['read', 'long', '--dir', long], { env: { XDG_CONFIG_HOME: home } })).stdout)).toBe(29);
    expect(widest((await inProcess(['read', 'long', '--dir', long, '--width', '50'], { env: { XDG_CONFIG_HOME: home } })).stdout)).toBeGreaterThan(40);
    const wide = configHome('width: 200\n');
    const atTerminal = await inProcess(['read', 'long', '--dir', long, '--no-pager', '--color', 'never'], { env: { XDG_CONFIG_HOME: wide }, tty: { columns: 60 } });
    expect(widest(atTerminal.stdout)).toBeLessThanOrEqual(60);
    expect(widest(atTerminal.stdout)).toBeGreaterThan(50);
  });

  it('colours as the config says, below NO_COLOR, FORCE_COLOR and --color', async () => {
    const never = configHome('color: never\n');
    const run = (env: Record<string, string>, args: string[] = []) => inProcess([...args, 'read', 'one', '--dir', root, '--no-pager'], { env, tty: { columns: 80 } });
    expect((await run({ XDG_CONFIG_HOME: never })).stdout).not.toContain(ESC);
    expect((await run({ XDG_CONFIG_HOME: never, FORCE_COLOR: '1' })).stdout).toContain(ESC);
    expect((await run({ XDG_CONFIG_HOME: never }, ['--color', 'always'])).stdout).toContain(ESC);
    expect((await run({ XDG_CONFIG_HOME: never }, ['--color', 'auto'])).stdout).toContain(ESC);
    const always = configHome('color: always\n');
    expect((await inProcess(['read', 'one', '--dir', root], { env: { XDG_CONFIG_HOME: always } })).stdout).toContain(ESC);
    expect((await inProcess(['read', 'one', '--dir', root], { env: { XDG_CONFIG_HOME: always, NO_COLOR: '1' } })).stdout).not.toContain(ESC);
  });

  it('makes links OSC 8 hyperlinks or not as the config says, below FORCE_HYPERLINK', async () => {
    const run = (config: string, env: Record<string, string> = {}) =>
      inProcess(['read', 'one', '--dir', root, '--no-pager'], { env: { XDG_CONFIG_HOME: configHome(config), ...env }, tty: { columns: 80 } });
    expect((await run('hyperlinks: always\n')).stdout).toContain(`${ESC}]8;;https://example.com`);
    expect((await run('hyperlinks: always\n', { FORCE_HYPERLINK: '0' })).stdout).not.toContain(`${ESC}]8;`);
    expect((await run('hyperlinks: never\n', { FORCE_HYPERLINK: '1' })).stdout).toContain(`${ESC}]8;;https://example.com`);
    expect((await run('hyperlinks: never\n')).stdout).not.toContain(`${ESC}]8;`);
  });

  it('restyles the theme’s roles, every heading level keeping its own attributes', async () => {
    const home = configHome('theme:\n  link: bold red\n  code: inverse\n  heading: blue\n');
    const { stdout } = await inProcess(['read', 'one', '--dir', root, '--no-pager'], { env: { XDG_CONFIG_HOME: home }, tty: { columns: 80 } });
    expect(stdout).toContain(`${ESC}[1m${ESC}[31mlink`);
    expect(stdout).toContain(`${ESC}[7mcode`);
    expect(stdout).toContain(`${ESC}[1m${ESC}[34mPart`);
  });

  it('puts the config’s pager below KIOSK_PAGER and above PAGER, as git puts core.pager', async () => {
    const environment = (env: Record<string, string>, pager?: string): Environment => ({
      env,
      cwd: '/',
      stdoutIsTTY: true,
      columns: 80,
      rows: 24,
      hyperlinks: async () => false,
      config: { ...NO_CONFIG(FILE), ...(pager && { pager: { value: pager, line: 4 } }) },
    });
    expect(pagerChoice(environment({ KIOSK_PAGER: 'k', PAGER: 'p' }, 'c'))).toEqual({ value: 'k', source: 'KIOSK_PAGER' });
    expect(pagerChoice(environment({ PAGER: 'p' }, 'c'))).toEqual({ value: 'c', source: 'config line 4' });
    expect(pagerChoice(environment({ PAGER: 'p' }))).toEqual({ value: 'p', source: 'PAGER' });
    expect(pagerChoice(environment({}))).toEqual({ value: 'less', source: 'default' });
  });

  it('warns in one line naming the file and the line, and the command still works', async () => {
    const home = configHome(`library: ${root}\nwidth: -3\n`);
    const { stdout, stderr, status } = await inProcess(['list'], { env: { XDG_CONFIG_HOME: home } });
    expect(status).toBe(0);
    expect(stdout).toBe('a\tone\t\tOne\n');
    expect(stderr).toBe(`kiosk: warning: ${join(home, 'kiosk', 'config.yaml')}: line 2: width takes a whole number of columns from 0 (no wrapping) to 10000\n`);
    // Never into a shell's completion.
    expect((await inProcess(['complete', 'bash', '--', 'kiosk', 're'], { env: { XDG_CONFIG_HOME: home } })).stderr).toBe('');
  });
});

describe('kiosk config', () => {
  const root = library({ 'a/one.md': '# One\n' });

  it('prints each setting, its value and where it comes from', async () => {
    const home = configHome(`library: ${root}\nwidth: 72\ntheme:\n  link: bold\n`);
    const { stdout, status } = await inProcess(['config'], { env: { XDG_CONFIG_HOME: home, PAGER: 'most', NO_COLOR: '1' } });
    expect(status).toBe(0);
    const rows = stdout.trimEnd().split('\n').map((line) => line.split('\t'));
    expect(rows).toEqual([
      ['file', join(home, 'kiosk', 'config.yaml'), 'found'],
      ['library', root, 'config line 1'],
      ['width', '72', 'config line 2'],
      ['pager', 'most', 'PAGER'],
      ['color', 'never', 'NO_COLOR'],
      ['hyperlinks', 'auto', 'default'],
      ['theme.title', 'bold magenta', 'default'],
      ['theme.heading', 'magenta (level 1)', 'default'],
      ['theme.quote-bar', 'magenta', 'default'],
      ['theme.quotation', 'italic', 'default'],
      ['theme.link', 'bold', 'config line 4'],
      ['theme.code', 'magenta', 'default'],
      ['theme.marker', 'magenta', 'default'],
    ]);
  });

  it('gives the sources of flags and variables above the config, as JSON too', async () => {
    const home = configHome(`library: ${root}\ncolor: never\n`);
    const other = library({ 'b/two.md': '# Two\n' });
    const { stdout } = await inProcess(['--color', 'always', 'config', '--json'], { env: { XDG_CONFIG_HOME: home, KIOSK_DIR: other, FORCE_HYPERLINK: '1' } });
    const settings = JSON.parse(stdout) as Record<string, { value: string | number; source: string }>;
    expect(settings.library).toEqual({ value: other, source: 'KIOSK_DIR' });
    expect(settings.color).toEqual({ value: 'always', source: '--color' });
    expect(settings.hyperlinks).toEqual({ value: 'always', source: 'FORCE_HYPERLINK' });
    expect(settings.width).toEqual({ value: 80, source: 'default' });
  });

  it('prints the file’s path with --path, whether or not it exists; aligned at a terminal', async () => {
    const home = emptyDir();
    expect((await inProcess(['config', '--path'], { env: { XDG_CONFIG_HOME: home } })).stdout).toBe(`${join(home, 'kiosk', 'config.yaml')}\n`);
    const { stdout } = await inProcess(['config'], { env: { XDG_CONFIG_HOME: home }, tty: { columns: 80 } });
    expect(stdout).toMatch(/^file {2,}\S+config\.yaml {2,}not found$/m);
    expect(stdout).toMatch(/^library {2,}\S+ {2,}default \(the embedded library\)$/m);
    // Values start in one column, after the longest name (theme.quote-bar) and two spaces.
    for (const line of stdout.trimEnd().split('\n')) expect(line).toMatch(/^\S+ +(?<= {2})(?<=^.{17})\S/);
  });
});

describe('the config file, through the built kiosk', () => {
  const root = library({ 'a/one.md': '---\ntitle: One\n---\n[a link](https://example.com) and `code` in a paragraph long enough to wrap somewhere.\n' });

  it('sets the library, width and theme, warns once for a bad line, and kiosk config shows it all', async () => {
    const home = configHome(`library: ${root}\nwidth: 30\ncolr: always\ntheme:\n  code: underline\n`);
    const file = join(home, 'kiosk', 'config.yaml');
    const listed = await inProcess(['list'], { env: { XDG_CONFIG_HOME: home } });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toBe('a\tone\t\tOne\n');
    expect(listed.stderr).toBe(`kiosk: warning: ${file}: line 3: unknown setting "colr"; did you mean color?\n`);

    const read = await inProcess(['read', 'one'], { env: { XDG_CONFIG_HOME: home } });
    expect(Math.max(...read.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(30);
    // At a terminal, the theme's code role is underlined (SGR 4), not the default magenta.
    const styled = await inProcess(['read', 'one', '--no-pager'], { env: { XDG_CONFIG_HOME: home, TERM: 'xterm-256color' }, tty: { columns: 80 } });
    expect(styled.stdout).toContain('\x1b[4mcode\x1b[24m');

    const settings = JSON.parse((await inProcess(['config', '--json'], { env: { XDG_CONFIG_HOME: home } })).stdout) as Record<string, { value: unknown; source: string }>;
    expect(settings.library).toEqual({ value: root, source: 'config line 1' });
    expect(settings.width).toEqual({ value: 30, source: 'config line 2' });
    expect(settings['theme.code']).toEqual({ value: 'underline', source: 'config line 5' });
    expect((await inProcess(['config', '--path'], { env: { XDG_CONFIG_HOME: home } })).stdout).toBe(`${file}\n`);
  });

  it('is below the flags and the environment', async () => {
    const home = configHome(`library: ${root}\nwidth: 30\n`);
    const other = library({ 'b/two.md': '# Two\n' });
    expect((await inProcess(['list'], { env: { XDG_CONFIG_HOME: home, KIOSK_DIR: other } })).stdout).toBe('b\ttwo\t\tTwo\n');
    const read = await inProcess(['read', 'one', '--width', '70'], { env: { XDG_CONFIG_HOME: home } });
    expect(Math.max(...read.stdout.split('\n').map((line) => line.length))).toBeGreaterThan(30);
  });
});

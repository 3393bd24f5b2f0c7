import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, SEED_SLUG, cleanEnv, emptyDir, inProcess, library, pty, shell, terminal } from './helpers.js';

/**
 * Faults of the machine and of the environment: a full disk, an output
 * that cannot be written, a working folder deleted under kiosk, a file
 * where a folder should be, names that are not UTF-8, hostile variables,
 * a pager that fails, a page that lies about its encoding. Each loses
 * nothing and says one line.
 */

/** Every line of stderr is one of kiosk's, and there is no stack trace. */
function expectLines(stderr: string, ...patterns: RegExp[]): void {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(patterns.length);
  lines.forEach((line, i) => expect(line).toMatch(patterns[i]!));
  expect(stderr).not.toMatch(/\n\s+at |node:internal|unexpected error/);
}

const page = (title: string, paragraphs: number) =>
  `Monde\n\n${title}\n\n${title}\n\n${'Une phrase assez longue pour remplir la page, et encore un peu. '.repeat(20)}\n\n`.repeat(1) +
  `${'Encore une phrase pour que la page pèse son poids de mots. '.repeat(20)}\n\n`.repeat(paragraphs);

/** A small tmpfs that fills up; root only. */
function smallDisk(): { path: string; close: () => void } | null {
  if (process.getuid?.() !== 0) return null;
  const path = join(emptyDir(), 'disk');
  mkdirSync(path);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path], { stdio: 'ignore' }).status !== 0) return null;
  return { path, close: () => spawnSync('umount', [path], { stdio: 'ignore' }) };
}

const disk = smallDisk();
afterAll(() => disk?.close());

describe('a full disk', () => {
  it.skipIf(disk === null)(disk === null ? 'skipped: needs root and a tmpfs mount' : 'leaves no half-written article, says so in one line, and imports the rest', async () => {
    const root = join(disk!.path, 'library');
    mkdirSync(root);
    const dir = emptyDir();
    writeFileSync(join(dir, 'big.txt'), page('Un grand titre', 140));
    writeFileSync(join(dir, 'small.txt'), page('Un petit titre', 0).replace('Monde', 'Sport'));
    expect(readFileSync(join(dir, 'big.txt')).length).toBeGreaterThan(150_000);
    const { stdout, stderr, status } = await inProcess(['import', 'big.txt', 'small.txt', '--dir', root], { cwd: dir });
    expect(status).toBe(1);
    expectLines(stderr, /^kiosk: big\.txt: cannot write .*un-grand-titre\.md: no space left on the device; nothing written$/);
    expect(stdout).toMatch(/sport\/un-petit-titre\.md\n$/);
    // No partial file, no temporary file, no empty section folder.
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(['sport', 'sport/un-petit-titre.md']);
  });
});

describe('an output that cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('> /dev/full: one line, exit 1', () => {
    const full = openSync('/dev/full', 'w');
    const result = spawnSync(process.execPath, [BIN, 'read', SEED_SLUG], { stdio: ['ignore', full, 'pipe'], env: cleanEnv(), encoding: 'utf8' });
    closeSync(full);
    expect(result.status).toBe(1);
    expectLines(result.stderr, /^kiosk: cannot write the output: no space left on the device$/);
  });

  it('a reader that goes away (EPIPE): silent, exit 0', () => {
    const { stderr, status } = shell(`kiosk read ${SEED_SLUG} | head -1 >/dev/null`);
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('a working folder deleted under kiosk', () => {
  const inDeletedFolder = (args: string) => shell(`mkdir gone && cd gone && rmdir ../gone && kiosk ${args}`);

  it('says so in one line where a relative path is needed, exit 1', () => {
    const { stdout, stderr, status } = inDeletedFolder('list');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expectLines(stderr, /^kiosk: the current folder no longer exists; cd to another, or give --dir an absolute path$/);
    expectLines(inDeletedFolder('import page.txt --dir /tmp --dry-run').stderr, /^kiosk: cannot read page\.txt: the current folder no longer exists; give its absolute path$/);
  });

  it('works from absolute paths', () => {
    const root = library({ 'a.md': '# Alpha\n' });
    const { stdout, status } = inDeletedFolder(`list --dir ${root}`);
    expect(status).toBe(0);
    expect(stdout).toBe('Unsorted\ta\t\tAlpha\n');
  });
});

describe('a file where a section folder should be', () => {
  it.each([
    ['a file', (path: string) => writeFileSync(path, 'not a folder')],
    ['a FIFO', (path: string) => spawnSync('mkfifo', [path])],
  ])('%s: one line for that page, and the other pages of the run are imported', async (_name, make) => {
    const root = emptyDir();
    make(join(root, 'monde'));
    const dir = emptyDir();
    writeFileSync(join(dir, 'one.txt'), page('Un titre', 1));
    writeFileSync(join(dir, 'two.txt'), page('Autre titre', 1).replace('Monde', 'Sport'));
    const { stdout, stderr, status } = await inProcess(['import', 'one.txt', 'two.txt', '--dir', root], { cwd: dir });
    expect(status).toBe(1);
    expectLines(stderr, /^kiosk: one\.txt: .*monde is not a folder, so the section cannot go there; nothing written$/);
    expect(stdout).toMatch(/sport\/autre-titre\.md\n$/);
  });
});

describe('names and environment', () => {
  it('names a file whose name is not UTF-8 with visible marks and the true reason, and lists the rest', async () => {
    const root = library({ 'ok.md': '# Ok\n' });
    writeFileSync(Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), '# Café\n');
    const { stdout, stderr, status } = await inProcess(['list', '--dir', root]);
    expect(status).toBe(0);
    expect(stdout).toBe('Unsorted\tok\t\tOk\n');
    expectLines(stderr, /^kiosk: warning: .*caf\ufffd\.md: its name is not UTF-8 \(bad bytes shown as U\+FFFD\); skipped: rename the file to read it$/);
  });

  it('refuses a KIOSK_THREADS that is no number of threads, exit 2', async () => {
    const { stderr, status } = await inProcess(['list'], { env: { KIOSK_THREADS: '-1' } });
    expect(status).toBe(2);
    expectLines(stderr, /^kiosk: KIOSK_THREADS takes a whole number of threads from 1/);
  });

  it('prints a library path holding an escape sequence with visible marks', async () => {
    const root = join(emptyDir(), 'lib-\x1b[31mred');
    mkdirSync(root);
    const dir = emptyDir();
    writeFileSync(join(dir, 'one.txt'), page('Un titre', 1));
    const { stdout, status } = await inProcess(['import', 'one.txt', '--dir', root], { cwd: dir });
    expect(status).toBe(0);
    expect(stdout).toContain('lib-␛[31mred');
    expect(stdout).not.toContain('\x1b');
  });

  it.each([
    ['a UTF-8 page with one bad byte that declares UTF-16', '<meta charset="utf-16le"><title>Été à Paris</title><p>Un été très chaud à Paris, où il a fait très chaud pendant des semaines.</p><p>\xff fin.</p>', /invalid UTF-8; bad bytes shown as U\+FFFD$/, 'Un été très chaud'],
    ['a Latin-1 page that declares UTF-16', '<meta charset="utf-16"><title>Ete</title><p>Un ete au caf\xe9, avec des mots et encore des mots pour faire une page.</p>', /not UTF-8; read as windows-1252, not the utf-16 it declares$/, 'au café'],
    ['a Latin-1 page that declares Shift_JIS', '<meta charset="shift_jis"><title>Ete</title><p>Un ete au caf\xe9\xe8\xe0, avec des mots et encore des mots pour faire une page.</p>', /not UTF-8; read as windows-1252, not the shift_jis it declares$/, 'au caféèà'],
  ])('checks the declared charset against the bytes: %s', async (_name, html, warning, text) => {
    const dir = emptyDir();
    // UTF-8 where the page says so, one byte a character elsewhere.
    const bytes = html.includes('Été') ? Buffer.from(html.replace('\xff', '\u0000'), 'utf8').map((byte) => (byte === 0 ? 0xff : byte)) : Buffer.from(html, 'latin1');
    writeFileSync(join(dir, 'page.html'), bytes);
    const { stdout, stderr, status } = await inProcess(['import', 'page.html', '--dry-run'], { cwd: dir });
    expect(status).toBe(0);
    expectLines(stderr, new RegExp(`^kiosk: warning: page\\.html: ${warning.source}`));
    expect(stdout).toContain(text);
  });
});

describe('a pager that cannot show the article', () => {
  it.skipIf(pty.skip)(pty.name('prints it directly, with one warning: a shell error, or a pager that fails'), () => {
    for (const pager of ["'", 'false']) {
      const { stdout, status } = terminal(['read', SEED_SLUG], { rows: 10, env: { KIOSK_PAGER: pager } });
      expect(status).toBe(0);
      expect(stdout).toContain('Le démenti de l’Iran');
      expect(stdout).toContain(`kiosk: warning: the pager "${pager}" failed (exit status`);
    }
  });
});

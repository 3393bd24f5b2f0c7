import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCacheFile, readCacheFile } from '../src/library/cache-file.js';
import { BIN, cleanEnv, emptyDir, inProcess, kiosk, library, ROOT, terminal } from './helpers.js';

/** A byte of a file with one bit flipped, past its header line. */
function flipBit(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf(0x0a) + 1 + Math.floor((copy.length - copy.indexOf(0x0a)) / 2);
  copy[at] = copy[at]! ^ 0x04;
  return copy;
}

/**
 * A cache file with its body changed by `edit` and a checksum that matches,
 * written as if long after every file's last change: only validation stands
 * between what it says and the listing.
 */
function rewrite(file: string, edit: (body: string) => string): Buffer {
  const cached = readCacheFile(file)!;
  return encodeCacheFile({ ...cached.header, writtenAt: Date.now() + 60_000 } as Record<string, unknown> & { writtenAt: number }, edit(cached.body));
}

/**
 * The listing cache is never stale: whatever changes between runs, a cached
 * listing equals one read from scratch (--no-cache).
 */
function setup(files: Record<string, string> = {}) {
  const root = library({
    'a/alpha.md': '---\ntitle: Alpha\ndate: 2024-01-01\n---\nOne.\n',
    'a/beta.md': '---\ntitle: Beta\n---\nTwo.\n',
    'b/gamma.md': '# Gamma\n\nThree.\n',
    'b/broken.md': '---\ntitle: [unclosed\n---\n',
    ...files,
  });
  const cache = emptyDir();
  const env = { XDG_CACHE_HOME: cache };
  const list = (...args: string[]) => kiosk(['list', '--json', '--dir', root, ...args], { env });
  const expectFresh = (): void => {
    const cached = list();
    const fresh = list('--no-cache');
    expect(cached.stdout).toBe(fresh.stdout);
    expect(cached.stderr).toBe(fresh.stderr);
  };
  const titles = () => (JSON.parse(list().stdout) as Array<{ title: string }>).map((a) => a.title).sort();
  return { root, cache, env, list, expectFresh, titles };
}

const cacheFiles = (cache: string): string[] => (existsSync(join(cache, 'kiosk')) ? readdirSync(join(cache, 'kiosk')) : []);

describe('the listing cache', () => {
  it('is written outside the library and gives the same listing as no cache', () => {
    const { root, cache, list, expectFresh } = setup();
    const before = readdirSync(root, { recursive: true }).sort();
    list();
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(cacheFiles(cache)[0]).toMatch(/\.json$/);
    expectFresh();
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(before);
  });

  it('sees an edit, an addition, a removal and a rename', () => {
    const { root, list, expectFresh, titles } = setup();
    list();
    writeFileSync(join(root, 'a/beta.md'), '---\ntitle: Beta, edited at more length\n---\nTwo.\n');
    expect(titles()).toContain('Beta, edited at more length');
    writeFileSync(join(root, 'a/delta.md'), '# Delta\n');
    expect(titles()).toContain('Delta');
    rmSync(join(root, 'b/gamma.md'));
    expect(titles()).not.toContain('Gamma');
    renameSync(join(root, 'a/alpha.md'), join(root, 'b/alpha-renamed.md'));
    const records = JSON.parse(list().stdout) as Array<{ slug: string; section: string }>;
    expect(records.find((r) => r.slug === 'alpha-renamed')?.section).toBe('b');
    expect(records.some((r) => r.slug === 'alpha')).toBe(false);
    expectFresh();
  });

  it('sees an edit that keeps the size, even with the modification time put back', () => {
    const { root, list, titles } = setup();
    list();
    const path = join(root, 'a/alpha.md');
    const { atime, mtime } = statSync(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('Alpha', 'Omega'));
    utimesSync(path, atime, mtime);
    expect(Math.abs(statSync(path).mtimeMs - mtime.getTime())).toBeLessThan(1);
    expect(titles()).toContain('Omega');
  });

  it('repeats the warnings of bad files from the cache', () => {
    const { list } = setup();
    const first = list().stderr;
    expect(first).toMatch(/broken\.md: invalid front matter/);
    expect(list().stderr).toBe(first);
  });

  it.each([
    ['corrupt', () => 'not json {'],
    ['from another version', (file: string) => readFileSync(file, 'utf8').replace(/"format":"[^"]*"/, '"format":"kiosk-list-0 0.0.0"')],
    ['damaged by one flipped bit', (file: string) => flipBit(readFileSync(file))],
    ['cut short', (file: string) => readFileSync(file).subarray(0, -10)],
    ['with rows of the wrong shape, checksum and all', (file: string) => rewrite(file, () => '{"a": 2}')],
  ])('rebuilds a cache that is %s without complaint', (_name, damage) => {
    const { cache, list, expectFresh } = setup();
    list();
    const file = join(cache, 'kiosk', cacheFiles(cache)[0]!);
    writeFileSync(file, damage(file));
    const { stderr, status } = list();
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/cache/i);
    expectFresh();
    expect(readCacheFile(file)).not.toBeNull();
  });

  it('is not kept when it would be inside the library, nor with --no-cache', () => {
    const { root, list, cache } = setup();
    expect(kiosk(['list', '--dir', root], { env: { XDG_CACHE_HOME: join(root, '.cache') } }).status).toBe(0);
    expect(existsSync(join(root, '.cache'))).toBe(false);
    list('--no-cache');
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('survives two kiosk processes at once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`many/n${i}.md`] = `---\ntitle: Note ${i}\n---\nText ${i}.\n`;
    const { root, cache, env, expectFresh } = setup(files);
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'list', '--dir', root], { env: cleanEnv(env) });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('close', (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.out.trimEnd().split('\n')).toHaveLength(604);
    }
    expect(cacheFiles(cache).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expectFresh();
  });
});

describe('progress', () => {
  const big = () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`n${i}.md`] = `# Note ${i}\n`;
    return library(files);
  };

  it('shows a progress line on a terminal while reading a large library, and clears it', () => {
    const { stdout } = terminal(['list', '--dir', big(), '--no-cache']);
    expect(stdout).toContain('kiosk: reading the library, 1 of 300 files…');
    expect(stdout).toContain('\r\x1b[K');
  });

  it('shows none when stderr is not a terminal', () => {
    expect(kiosk(['list', '--dir', big(), '--no-cache']).stderr).toBe('');
  });
});

describe('isCurrent', () => {
  it('trusts an entry only while size, mtime, ctime and inode all match, recorded safely after the last change', async () => {
    const { isCurrent } = await import('../src/library/cache.js');
    const entry = { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7, article: null, warnings: [] };
    const written = 10_000;
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7 }, written)).toBe(true);
    expect(isCurrent(entry, { size: 11, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7 }, written)).toBe(false);
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.6, ctimeMs: 2000.25, ino: 7 }, written)).toBe(false);
    // A touch that puts the modification time back still changes the change time.
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2999, ino: 7 }, written)).toBe(false);
    // An editor that saves a new file and renames it over the old one.
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 8 }, written)).toBe(false);
    expect(isCurrent(undefined, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7 }, written)).toBe(false);
    // Recorded within two seconds of the file's last change: a same-size edit in that second could hide.
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7 }, 3000)).toBe(false);
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, ino: 7 }, 4001)).toBe(true);
  });
});

describe('the search index', () => {
  it('finds what a search without cache finds, before and after edits', () => {
    const { root, env } = setup();
    const search = (...words: string[]) => kiosk(['search', ...words, '--dir', root], { env });
    const fresh = (...words: string[]) => kiosk(['search', ...words, '--no-cache', '--dir', root], { env });
    for (const words of [['one'], ['two'], ['zéphyr'], ['alph']]) expect(search(...words).stdout).toBe(fresh(...words).stdout);
    writeFileSync(join(root, 'a/beta.md'), '---\ntitle: Beta\n---\nUn zéphyr souffle.\n');
    expect(search('zephyr').stdout).toContain('\tbeta\t');
    writeFileSync(join(root, 'b/new.md'), '# New\n\nZéphyr encore.\n');
    expect(search('zephyr').stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]).sort()).toEqual(['beta', 'new']);
    rmSync(join(root, 'a/beta.md'));
    expect(search('zephyr').stdout.split('\t')[1]).toBe('new');
    expect(search('zephyr').stdout).toBe(fresh('zephyr').stdout);
  });
});

describe('parsing in threads', () => {
  // Enough files for a second thread, with bad ones in both threads' shares.
  const root = (() => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 2400; i++) {
      files[`s${i % 7}/note-${i}.md`] = `---\ntitle: Note ${i} été\ntags: [t${i % 5}]\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n---\n\n# Ignored\n\nMot ${i} zéphyr ${'plus '.repeat(i % 40)}\n`;
    }
    files['s1/note-10.md'] = '---\ntitle: [unclosed\n---\nbroken\n';
    files['s2/note-2000.md'] = '---\ntitle: "x\n---\nbroken too\n';
    files['s3/binary.md'] = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]);
    files['s4/latin1.md'] = Buffer.from('# Caf\xe9\n', 'latin1');
    files['s5/note-5.md'] = '# Same slug as s5/note-5? no: a twin below\n';
    files['s6/note-5.md'] = '# Twin\n';
    return library(files);
  })();
  const run = (threads: string, ...args: string[]) => kiosk([...args, '--dir', root], { env: { KIOSK_THREADS: threads } });

  it('lists, warns and searches exactly as one thread does', () => {
    for (const args of [['list', '--no-cache'], ['list', '--json', '--no-cache'], ['sections', '--no-cache']]) {
      const one = run('1', ...args);
      const two = run('2', ...args);
      expect(one.stderr).toContain('note-2000.md');
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
    // A cold cache filled by two threads: the listing, then a search over articles whose text the worker left behind.
    const env = { KIOSK_THREADS: '2', XDG_CACHE_HOME: emptyDir() };
    const fresh = run('1', 'list', '--no-cache');
    expect(kiosk(['list', '--dir', root], { env }).stdout).toBe(fresh.stdout);
    expect(kiosk(['list', '--dir', root], { env }).stdout).toBe(fresh.stdout);
    const search = kiosk(['search', 'zephyr', '--dir', root], { env });
    expect(search.stdout).toBe(run('1', 'search', 'zephyr', '--no-cache').stdout);
    expect(search.stdout.trimEnd().split('\n').length).toBeGreaterThan(2000);
  });

  it('leaves the share of a worker that fails to this thread', () => {
    // A copy of the built package whose worker script throws at once.
    const copy = emptyDir();
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    writeFileSync(join(copy, 'dist', 'worker.js'), "throw new Error('broken worker');\n");
    const broken = spawnSync(process.execPath, [join(copy, 'bin', 'kiosk.js'), 'list', '--no-cache', '--dir', root], {
      env: cleanEnv({ KIOSK_THREADS: '2' }),
      encoding: 'utf8',
    });
    const one = run('1', 'list', '--no-cache');
    expect(broken.status).toBe(0);
    expect(broken.stdout).toBe(one.stdout);
    expect(broken.stderr).toBe(one.stderr);
  });

  it('really starts a second thread (one CPU profile per thread)', () => {
    const profiles = emptyDir();
    const result = spawnSync(process.execPath, [`--cpu-prof-dir=${profiles}`, '--cpu-prof', BIN, 'list', '--no-cache', '--dir', root], {
      env: cleanEnv({ KIOSK_THREADS: '2' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(readdirSync(profiles)).toHaveLength(2);
  });
});

describe('caches are untrusted input', () => {
  type Row = [string, number, number, number, number, string[], unknown[] | null];
  const tamper = (edit: (row: Row) => void) => (body: string) => {
    const rows = JSON.parse(body) as Row[];
    for (const row of rows) if (row[0] === 'a/alpha.md') edit(row);
    return JSON.stringify(rows);
  };

  it.each([
    ['draft: "false", a string', tamper((row) => (row[6]![8] = 'false'))],
    ['a date that is an object', tamper((row) => (row[6]![3] = { year: 2024 }))],
    ['a date that is no date', tamper((row) => (row[6]![3] = '2024-02-31'))],
    ['a title that is a number', tamper((row) => (row[6]![1] = 42))],
    ['a title on two lines', tamper((row) => (row[6]![1] = 'Alpha\nBeta'))],
    ['tags that are text', tamper((row) => (row[6]![5] = 'a,b'))],
    ['a slug that is a path and a command', tamper((row) => (row[6]![0] = '../../x $(touch pwned)'))],
    ['a word count below zero', tamper((row) => (row[6]![10] = -5))],
    ['an article row cut short', tamper((row) => (row[6] = row[6]!.slice(0, 5)))],
    ['a size that is text', tamper((row) => (row[1] = '12' as unknown as number))],
  ])('never serves a row with %s, checksum and all: the file is read again', (_name, edit) => {
    const { cache, list, expectFresh } = setup();
    list();
    const file = join(cache, 'kiosk', cacheFiles(cache)[0]!);
    writeFileSync(file, rewrite(file, edit));
    const { stdout, stderr, status } = list();
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/unexpected|cache/i);
    const alpha = (JSON.parse(stdout) as Array<{ slug: string; title: string; date: string | null; draft: boolean }>).find((a) => a.slug === 'alpha');
    expect(alpha).toMatchObject({ title: 'Alpha', date: '2024-01-01', draft: false });
    expectFresh();
  });

  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path])],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
    ['a folder', (path: string) => mkdirSync(path)],
  ])('reads no cache that is %s, and does not hang', (_name, make) => {
    const { root, cache, env, list, expectFresh } = setup();
    list();
    const file = join(cache, 'kiosk', cacheFiles(cache).find((name) => !name.includes('.words.'))!);
    rmSync(file);
    make(file);
    const result = spawnSync(process.execPath, [BIN, 'list', '--dir', root], { env: cleanEnv(env), encoding: 'utf8', timeout: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(kiosk(['list', '--dir', root, '--no-cache']).stdout);
    expectFresh();
  });

  it.each([
    ['directly, not made yet', (root: string) => join(root, '.cache')],
    ['through a link to the library', (root: string) => {
      const link = join(emptyDir(), 'library-link');
      symlinkSync(root, link);
      return join(link, 'cache');
    }],
  ])('never writes into the library when XDG_CACHE_HOME points inside it, %s: one warning, no cache', (_name, place) => {
    const { root } = setup();
    const before = readdirSync(root, { recursive: true }).sort();
    const env = { XDG_CACHE_HOME: place(root) };
    const listed = kiosk(['list', '--dir', root], { env });
    expect(listed.status).toBe(0);
    expect(listed.stderr.match(/cache folder is inside the library/g)).toHaveLength(1);
    expect(kiosk(['search', 'one', '--dir', root], { env }).status).toBe(0);
    expect(kiosk(['read', 'alpha', '--dir', root], { env }).stderr).toMatch(/^kiosk: warning: .*: the cache folder is inside the library, and kiosk never writes there: running without a cache \(set XDG_CACHE_HOME elsewhere\)\n$/);
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(before);
  });

  it('finds with the word index what it finds without, when a bit of the index flips', () => {
    const { root, cache, env } = setup({ 'c/zeta.md': '# Zeta\n\nZéphyr et piratage.\n' });
    const search = () => kiosk(['search', 'zephyr', '--dir', root], { env });
    expect(search().stdout).toMatch(/\tzeta\t/);
    const index = join(cache, 'kiosk', cacheFiles(cache).find((name) => name.includes('.words.'))!);
    writeFileSync(index, flipBit(readFileSync(index)));
    expect(search().stdout).toMatch(/\tzeta\t/);
    expect(readCacheFile(index)).not.toBeNull();
  });
});

/**
 * A file system whose time stamps count whole seconds: ext3 with 128-byte
 * inodes, in a loop image. Root can make one; without root or loop devices
 * the test says so and is skipped.
 */
function coarseFileSystem(): { path: string; close: () => void } | null {
  if (process.getuid?.() !== 0) return null;
  const dir = emptyDir();
  const image = join(dir, 'fs.img');
  const mount = join(dir, 'mnt');
  mkdirSync(mount);
  const ok = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!ok('truncate', ['-s', '8M', image]) || !ok('mkfs.ext3', ['-q', '-F', '-I', '128', image]) || !ok('mount', ['-o', 'loop', image, mount])) return null;
  return { path: mount, close: () => spawnSync('umount', [mount], { stdio: 'ignore' }) };
}

const coarse = coarseFileSystem();

describe('on a file system with one-second time stamps', () => {
  afterAll(() => coarse?.close());

  it.skipIf(coarse === null)(coarse === null ? 'skipped: needs root, mkfs.ext3 and a loop mount' : 'sees an edit of the same size made in the same second as the listing', async () => {
    const root = join(coarse!.path, `library-${process.pid}`);
    mkdirSync(root);
    const file = join(root, 'note.md');
    const env = { XDG_CACHE_HOME: emptyDir() };
    // Until the listing and the edit fall in the same second, with nothing to tell them apart but the content.
    let same = false;
    for (let attempt = 0; attempt < 10 && !same; attempt++) {
      writeFileSync(file, '# Alpha\n');
      const before = statSync(file);
      const first = await inProcess(['list', '--dir', root], { env });
      expect(first.stdout).toContain('\tAlpha\n');
      writeFileSync(file, '# Omega\n');
      const after = statSync(file);
      same = before.size === after.size && before.mtimeMs === after.mtimeMs && before.ctimeMs === after.ctimeMs && before.ino === after.ino;
      const second = await inProcess(['list', '--dir', root], { env });
      expect(second.stdout).toContain('\tOmega\n');
    }
    expect(same).toBe(true);
  });
});

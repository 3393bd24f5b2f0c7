import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BIN, cleanEnv, emptyDir, inProcess, library, pty, ROOT, terminal } from './helpers.js';

/** A database's bytes with one bit flipped in every 512, past its header page. */
function flipBits(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (let at = 4096 + 37; at < copy.length; at += 512) copy[at] = copy[at]! ^ 0x10;
  return copy;
}

/** The library's database, opened by the test as anyone could: to damage or tamper with it. */
function database(cache: string): { path: string; db: Database.Database } {
  const path = join(cache, 'kiosk', cacheFiles(cache).find((name) => name.endsWith('.db'))!);
  return { path, db: new Database(path) };
}

/** The warnings of a listing that the database's state adds, beyond those of the library itself. */
const databaseWarnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes('.db: '));

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
  const list = (...args: string[]) => inProcess(['list', '--json', '--dir', root, ...args], { env });
  const expectFresh = async (): Promise<void> => {
    const cached = await list();
    const fresh = await list('--no-cache');
    expect(cached.stdout).toBe(fresh.stdout);
    expect(cached.stderr).toBe(fresh.stderr);
  };
  const titles = async () => (JSON.parse((await list()).stdout) as Array<{ title: string }>).map((a) => a.title).sort();
  return { root, cache, env, list, expectFresh, titles };
}

const cacheFiles = (cache: string): string[] => (existsSync(join(cache, 'kiosk')) ? readdirSync(join(cache, 'kiosk')) : []);

describe('the listing cache', () => {
  it('is written outside the library and gives the same listing as no cache', async () => {
    const { root, cache, list, expectFresh } = setup();
    const before = readdirSync(root, { recursive: true }).sort();
    await list();
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(cacheFiles(cache)[0]).toMatch(/\.db$/);
    await expectFresh();
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(before);
  });

  it('sees an edit, an addition, a removal and a rename', async () => {
    const { root, list, expectFresh, titles } = setup();
    await list();
    writeFileSync(join(root, 'a/beta.md'), '---\ntitle: Beta, edited at more length\n---\nTwo.\n');
    expect(await titles()).toContain('Beta, edited at more length');
    writeFileSync(join(root, 'a/delta.md'), '# Delta\n');
    expect(await titles()).toContain('Delta');
    rmSync(join(root, 'b/gamma.md'));
    expect(await titles()).not.toContain('Gamma');
    renameSync(join(root, 'a/alpha.md'), join(root, 'b/alpha-renamed.md'));
    const records = JSON.parse((await list()).stdout) as Array<{ slug: string; section: string }>;
    expect(records.find((r) => r.slug === 'alpha-renamed')?.section).toBe('b');
    expect(records.some((r) => r.slug === 'alpha')).toBe(false);
    await expectFresh();
  });

  it('sees an edit that keeps the size, even with the modification time put back', async () => {
    const { root, list, titles } = setup();
    await list();
    const path = join(root, 'a/alpha.md');
    const { atime, mtime } = statSync(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('Alpha', 'Omega'));
    utimesSync(path, atime, mtime);
    expect(Math.abs(statSync(path).mtimeMs - mtime.getTime())).toBeLessThan(1);
    expect(await titles()).toContain('Omega');
  });

  it('repeats the warnings of bad files from the cache', async () => {
    const { list } = setup();
    const first = (await list()).stderr;
    expect(first).toMatch(/broken\.md: invalid front matter/);
    expect((await list()).stderr).toBe(first);
  });

  it.each([
    ['from another version of kiosk', (path: string) => {
      const db = new Database(path);
      db.prepare("UPDATE meta SET value = 'kiosk-list-0 0.0.0' WHERE key = 'format'").run();
      db.close();
    }],
    ['of an older schema', (path: string) => {
      const db = new Database(path);
      db.pragma('user_version = 0');
      db.close();
    }],
    ['for another library', (path: string) => {
      const db = new Database(path);
      db.prepare("UPDATE meta SET value = '/elsewhere' WHERE key = 'root'").run();
      db.close();
    }],
  ])('rebuilds a database %s without complaint', async (_name, change) => {
    const { cache, list, expectFresh } = setup();
    await list();
    const { path, db } = database(cache);
    db.close();
    change(path);
    const { stderr, status } = await list();
    expect(status).toBe(0);
    expect(databaseWarnings(stderr)).toEqual([]);
    await expectFresh();
  });

  it.each([
    ['text', (path: string) => writeFileSync(path, 'not a database {'.repeat(1000))],
    ['damaged by flipped bits', (path: string) => writeFileSync(path, flipBits(readFileSync(path)))],
    ['cut short', (path: string) => writeFileSync(path, readFileSync(path).subarray(0, 5000))],
  ])('lists as without it when the database is %s: at most one warning, saying where it went, then none', async (_name, damage) => {
    const { root, cache, list, expectFresh } = setup();
    await list();
    const { path, db } = database(cache);
    db.close();
    damage(path);
    const { stdout, stderr, status } = await list();
    expect(status).toBe(0);
    expect(stdout).toBe((await list('--no-cache')).stdout);
    const said = databaseWarnings(stderr);
    expect(said.length).toBeLessThanOrEqual(1);
    for (const line of said) expect(line).toMatch(/^kiosk: warning: \S+\.db: (is damaged|could not be read \((damaged|not a database)\)|is not a kiosk database); moved aside to \S+\.broken-\S+ and made anew$/);
    expect((await inProcess(['list', '--dir', root], { env: { XDG_CACHE_HOME: cache } })).stderr).not.toMatch(/\.db: /);
    await expectFresh();
  });

  it('is not kept when it would be inside the library, nor with --no-cache', async () => {
    const { root, list, cache } = setup();
    expect((await inProcess(['list', '--dir', root], { env: { XDG_CACHE_HOME: join(root, '.cache') } })).status).toBe(0);
    expect(existsSync(join(root, '.cache'))).toBe(false);
    await list('--no-cache');
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('survives two kiosk processes at once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`many/n${i}.md`] = `---\ntitle: Note ${i}\n---\nText ${i}.\n`;
    const { root, cache, env, expectFresh } = setup(files);
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'list', '--dir', root], { env: cleanEnv(env) });
            let out = '';
            let err = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
            child.on('close', (code) => resolve({ code, out, err }));
          }),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.out.trimEnd().split('\n')).toHaveLength(604);
      expect(databaseWarnings(run.err)).toEqual([]);
    }
    expect(cacheFiles(cache).filter((name) => name.includes('.broken-'))).toEqual([]);
    await expectFresh();
  });
});

describe('progress', () => {
  const big = () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`n${i}.md`] = `# Note ${i}\n`;
    return library(files);
  };

  it.skipIf(pty.skip)(pty.name('shows a progress line on a terminal while reading a large library, and clears it'), () => {
    const { stdout } = terminal(['list', '--dir', big(), '--no-cache']);
    expect(stdout).toContain('kiosk: reading the library, 1 of 300 files…');
    expect(stdout).toContain('\r\x1b[K');
  });

  it('shows none when stderr is not a terminal', async () => {
    expect((await inProcess(['list', '--dir', big(), '--no-cache'])).stderr).toBe('');
  });
});

describe('isCurrent', () => {
  it('trusts an entry only while size, mtime, ctime and inode all match, recorded safely after the last change', async () => {
    const { isCurrent } = await import('../src/library/store/cache.js');
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
  it('finds what a search without cache finds, before and after edits', async () => {
    const { root, env } = setup();
    const search = (...words: string[]) => inProcess(['search', ...words, '--dir', root], { env });
    const fresh = (...words: string[]) => inProcess(['search', ...words, '--no-cache', '--dir', root], { env });
    for (const words of [['one'], ['two'], ['zéphyr'], ['alph']]) expect((await search(...words)).stdout).toBe((await fresh(...words)).stdout);
    writeFileSync(join(root, 'a/beta.md'), '---\ntitle: Beta\n---\nUn zéphyr souffle.\n');
    expect((await search('zephyr')).stdout).toContain('\tbeta\t');
    writeFileSync(join(root, 'b/new.md'), '# New\n\nZéphyr encore.\n');
    expect((await search('zephyr')).stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]).sort()).toEqual(['beta', 'new']);
    rmSync(join(root, 'a/beta.md'));
    expect((await search('zephyr')).stdout.split('\t')[1]).toBe('new');
    expect((await search('zephyr')).stdout).toBe((await fresh('zephyr')).stdout);
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
  const run = (threads: string, ...args: string[]) => inProcess([...args, '--dir', root], { env: { KIOSK_THREADS: threads } });

  it('lists, warns and searches exactly as one thread does', async () => {
    for (const args of [['list', '--no-cache'], ['list', '--json', '--no-cache'], ['sections', '--no-cache']]) {
      const one = await run('1', ...args);
      const two = await run('2', ...args);
      expect(one.stderr).toContain('note-2000.md');
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
    // A cold cache filled by two threads: the listing, then a search over articles whose text the worker left behind.
    const env = { KIOSK_THREADS: '2', XDG_CACHE_HOME: emptyDir() };
    const fresh = await run('1', 'list', '--no-cache');
    expect((await inProcess(['list', '--dir', root], { env })).stdout).toBe(fresh.stdout);
    expect((await inProcess(['list', '--dir', root], { env })).stdout).toBe(fresh.stdout);
    const search = await inProcess(['search', 'zephyr', '--dir', root], { env });
    expect(search.stdout).toBe((await run('1', 'search', 'zephyr', '--no-cache')).stdout);
    expect(search.stdout.trimEnd().split('\n').length).toBeGreaterThan(2000);
    // 5 s alone; a budget for four workers on two cores.
  }, 60_000);

  it('leaves the share of a worker that fails to this thread', async () => {
    // A copy of the built package whose worker script throws at once.
    const copy = emptyDir();
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    writeFileSync(join(copy, 'dist', 'worker.js'), "throw new Error('broken worker');\n");
    const broken = spawnSync(process.execPath, [join(copy, 'bin', 'kiosk.js'), 'list', '--no-cache', '--dir', root], {
      env: cleanEnv({ KIOSK_THREADS: '2' }),
      encoding: 'utf8',
    });
    const one = await run('1', 'list', '--no-cache');
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
  /** A change to the listing entry of a/alpha.md, kept as if taken long after the file's last change, so only validation stands in its way. */
  const entry = (edit: (entry: unknown[]) => void) => (db: Database.Database) => {
    const { entries } = db.prepare('SELECT entries FROM listing').get() as { entries: string };
    const parsed = JSON.parse(entries) as unknown[][];
    const alpha = parsed.find((row) => row[0] === 'a/alpha.md')!;
    alpha[5] = Date.now() + 60_000;
    edit(alpha);
    db.prepare('UPDATE listing SET entries = ?').run(JSON.stringify(parsed));
  };
  const tamper = (edit: (record: unknown[]) => void) => entry((row) => edit(row[6] as unknown[]));
  const field = (index: number, value: unknown) => entry((row) => (row[index] = value));
  const listing = (value: unknown) => (db: Database.Database) => db.prepare('UPDATE listing SET entries = ?').run(value);

  it.each([
    ['draft: "false", a string', tamper((record) => (record[8] = 'false'))],
    ['a date that is an object', tamper((record) => (record[3] = { year: 2024 }))],
    ['a date that is no date', tamper((record) => (record[3] = '2024-02-31'))],
    ['a title that is a number', tamper((record) => (record[1] = 42))],
    ['a title on two lines', tamper((record) => (record[1] = 'Alpha\nBeta'))],
    ['tags that are text', tamper((record) => (record[5] = 'a,b'))],
    ['a slug that is a path and a command', tamper((record) => (record[0] = '../../x $(touch pwned)'))],
    ['a word count below zero', tamper((record) => (record[10] = -5))],
    ['a record cut short', tamper((record) => record.splice(5))],
    ['a record that is a string', field(6, '[1, 2')],
    ['a size that is text', field(1, 'twelve')],
    ['a time stamp below zero', field(2, -1)],
    ['an inode that is a fraction', field(4, 1.5)],
    ['warnings that are a number', field(7, 7)],
    ['an entry emptied', entry((row) => row.splice(0, row.length))],
    ['a listing that is not JSON', listing('[[1, 2')],
    ['a listing that is an object', listing('{"a/alpha.md": 1}')],
    ['a listing that is a blob', listing(Buffer.from([1, 2, 3]))],
  ])('never serves a row with %s: the file is read again', async (_name, edit) => {
    const { cache, list, expectFresh } = setup();
    await list();
    const { db } = database(cache);
    edit(db);
    db.close();
    const { stdout, stderr, status } = await list();
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/unexpected|\.db: /i);
    const alpha = (JSON.parse(stdout) as Array<{ slug: string; title: string; date: string | null; draft: boolean }>).find((a) => a.slug === 'alpha');
    expect(alpha).toMatchObject({ title: 'Alpha', date: '2024-01-01', draft: false });
    await expectFresh();
  });

  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), 'a FIFO'],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), 'a link'],
    ['a folder', (path: string) => mkdirSync(path), 'a folder'],
  ])('never opens a database that is %s, and does not hang: one warning, and the listing as without it', async (_name, make, kind) => {
    const { root, cache, env, list } = setup();
    await list();
    const { path, db } = database(cache);
    db.close();
    rmSync(path);
    make(path);
    const result = spawnSync(process.execPath, [BIN, 'list', '--dir', root], { env: cleanEnv(env), encoding: 'utf8', timeout: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe((await inProcess(['list', '--dir', root, '--no-cache'])).stdout);
    expect(databaseWarnings(result.stderr)).toEqual([`kiosk: warning: ${path}: is ${kind}, not kiosk's database: running without it`]);
  });

  it.each([
    ['directly, not made yet', (root: string) => join(root, '.cache')],
    ['through a link to the library', (root: string) => {
      const link = join(emptyDir(), 'library-link');
      symlinkSync(root, link);
      return join(link, 'cache');
    }],
  ])('never writes into the library when XDG_CACHE_HOME points inside it, %s: one warning, no cache', async (_name, place) => {
    const { root } = setup();
    const before = readdirSync(root, { recursive: true }).sort();
    const env = { XDG_CACHE_HOME: place(root) };
    const listed = await inProcess(['list', '--dir', root], { env });
    expect(listed.status).toBe(0);
    expect(listed.stderr.match(/cache folder is inside the library/g)).toHaveLength(1);
    expect((await inProcess(['search', 'one', '--dir', root], { env })).status).toBe(0);
    expect((await inProcess(['read', 'alpha', '--dir', root], { env })).stderr).toMatch(/^kiosk: warning: .*: the cache folder is inside the library, and kiosk never writes there: running without a cache \(set XDG_CACHE_HOME elsewhere\)\n$/);
    expect(readdirSync(root, { recursive: true }).sort()).toEqual(before);
  });

  it('finds with the word index what it finds without, when its pages are damaged', async () => {
    const { root, cache, env } = setup({ 'c/zeta.md': '# Zeta\n\nZéphyr et piratage.\n' });
    const search = () => inProcess(['search', 'zephyr', '--dir', root], { env });
    expect((await search()).stdout).toMatch(/\tzeta\t/);
    const { path, db } = database(cache);
    db.close();
    writeFileSync(path, flipBits(readFileSync(path)));
    const damaged = await search();
    expect(damaged.status).toBe(0);
    expect(damaged.stdout).toMatch(/\tzeta\t/);
    expect(databaseWarnings(damaged.stderr).length).toBeLessThanOrEqual(1);
    expect((await search()).stdout).toMatch(/\tzeta\t/);
  });

  it('keeps the words of an article with its record: an edit, a removal, a rename are searched as they are now', async () => {
    const { root, env } = setup({ 'c/zeta.md': '# Zeta\n\nZéphyr et piratage.\n' });
    const slugs = async (word: string) => (await inProcess(['search', word, '--dir', root], { env })).stdout.trimEnd().split('\n').filter(Boolean).map((line) => line.split('\t')[1]);
    expect(await slugs('zephyr')).toEqual(['zeta']);
    writeFileSync(join(root, 'c/zeta.md'), '# Zeta\n\nMistral et piratage.\n');
    expect(await slugs('zephyr')).toEqual([]);
    expect(await slugs('mistral')).toEqual(['zeta']);
    renameSync(join(root, 'c/zeta.md'), join(root, 'c/eta.md'));
    expect(await slugs('mistral')).toEqual(['eta']);
    rmSync(join(root, 'c/eta.md'));
    expect(await slugs('mistral')).toEqual([]);
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

describe('without the SQLite driver', () => {
  it('lists by reading every file, and says once what to install', async () => {
    const { root, env } = setup();
    // As where npm could not build better-sqlite3: loading it fails as a missing addon does.
    const preload = join(emptyDir(), 'no-driver.cjs');
    writeFileSync(
      preload,
      `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (String(request).endsWith('better_sqlite3.node')) throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
  return load.call(this, request, ...rest);
};
`,
    );
    const result = spawnSync(process.execPath, ['--require', preload, BIN, 'list', '--dir', root], { env: cleanEnv(env), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe((await inProcess(['list', '--dir', root, '--no-cache'])).stdout);
    expect(databaseWarnings(result.stderr)).toEqual([
      expect.stringMatching(/^kiosk: warning: \S+\.db: cannot be opened \(its SQLite driver, better-sqlite3, is not installed; run `npm rebuild better-sqlite3` with a C\+\+ compiler\): reading every file$/),
    ]);
  });
});

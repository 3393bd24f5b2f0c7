import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, emptyDir, kiosk, library, ROOT, terminal } from './helpers.js';

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
    ['corrupt', 'not json {'],
    ['from another version', JSON.stringify({ format: 'kiosk-list-0 0.0.0', root: '/', entries: {} })],
    ['with rows of the wrong shape', '{"format": 1, "rows": {"a": 2}}'],
    ['with broken rows', 'ROWS'],
  ])('rebuilds a cache that is %s without complaint', (_name, content) => {
    const { cache, list, expectFresh } = setup();
    list();
    const file = join(cache, 'kiosk', cacheFiles(cache)[0]!);
    if (content === 'ROWS') {
      // The right format and root, with rows that lie: matching sizes and times, nonsense inside.
      const real = JSON.parse(readFileSync(file, 'utf8')) as { rows: unknown[][] };
      real.rows = real.rows.map((row) => [row[0], row[1], row[2], row[3], null, [1, 2]]);
      writeFileSync(file, JSON.stringify(real));
    } else {
      writeFileSync(file, content);
    }
    const { stderr, status } = list();
    expect(status).toBe(0);
    expect(stderr).not.toMatch(/cache/i);
    expectFresh();
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
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
  it('trusts an entry only while size, mtime and ctime all match', async () => {
    const { isCurrent } = await import('../src/library/cache.js');
    const entry = { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25, article: null, warnings: [] };
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25 })).toBe(true);
    expect(isCurrent(entry, { size: 11, mtimeMs: 1000.5, ctimeMs: 2000.25 })).toBe(false);
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.6, ctimeMs: 2000.25 })).toBe(false);
    // A touch that puts the modification time back still changes the change time.
    expect(isCurrent(entry, { size: 10, mtimeMs: 1000.5, ctimeMs: 2999 })).toBe(false);
    expect(isCurrent(undefined, { size: 10, mtimeMs: 1000.5, ctimeMs: 2000.25 })).toBe(false);
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

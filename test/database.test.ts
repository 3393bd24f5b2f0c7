import { spawn, spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDamage, openDatabase, replaceDamaged, SCHEMA_VERSION } from '../src/library/store/database.js';
import { emptyDir, ROOT } from './helpers.js';

/** A database path in a folder of its own. */
const place = () => join(emptyDir(), 'kiosk', 'library.db');

const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'words_%' ORDER BY name").all() as { name: string }[]).map((row) => row.name);

describe('the library database', () => {
  it('is made with its tables, in WAL mode, and opened again as it is', () => {
    const path = place();
    const first = openDatabase(path);
    expect(first.warning).toBeNull();
    expect(tables(first.db!)).toEqual(['files', 'listing', 'meta', 'vocabulary', 'words']);
    expect(first.db!.pragma('journal_mode', { simple: true })).toBe('wal');
    first.db!.prepare("INSERT INTO files (rel_path) VALUES ('a.md')").run();
    first.db!.close();
    const again = openDatabase(path);
    expect(again.warning).toBeNull();
    expect(again.db!.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 1 });
    again.db!.close();
  });

  it('rebuilds a database of an older kiosk without a word', () => {
    const path = place();
    openDatabase(path).db!.close();
    const old = new Database(path);
    old.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    old.exec("INSERT INTO files (rel_path) VALUES ('a.md')");
    old.close();
    const { db, warning } = openDatabase(path);
    expect(warning).toBeNull();
    expect(db!.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 0 });
    expect(db!.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db!.close();
  });

  it('leaves a newer kiosk’s database alone, and runs without it', () => {
    const path = place();
    openDatabase(path).db!.close();
    const newer = new Database(path);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(openDatabase(path)).toEqual({ db: null, warning: 'is from a newer kiosk: running without it' });
    expect(readdirSync(join(path, '..')).filter((name) => name.includes('.broken-'))).toEqual([]);
  });

  it.each([
    ['text that is no database', (path: string) => writeFileSync(path, 'hello, not SQLite\n'.repeat(300))],
    ['another program’s database', (path: string) => {
      const other = new Database(path);
      other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'mine\')');
      other.close();
    }],
  ])('moves %s aside, says where, and makes a new one', (_name, make) => {
    const path = place();
    mkdirSync(join(path, '..'), { recursive: true });
    make(path);
    const before = readFileSync(path);
    const { db, warning } = openDatabase(path);
    expect(warning).toMatch(/^(is not a kiosk database|could not be read \(not a database\)); moved aside to \S+\.broken-\S+ and made anew$/);
    expect(tables(db!)).toEqual(['files', 'listing', 'meta', 'vocabulary', 'words']);
    db!.close();
    const aside = readdirSync(join(path, '..')).filter((name) => name.includes('.broken-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(path, '..', aside[0]!))).toEqual(before);
    // Once made anew, it is kiosk's: no second warning.
    const again = openDatabase(path);
    expect(again.warning).toBeNull();
    again.db!.close();
  });

  it('moves a database found damaged in use aside, says where, and makes a new one', () => {
    const path = place();
    openDatabase(path).db!.close();
    const db = new Database(path);
    const insert = db.prepare("INSERT INTO files (rel_path) VALUES (?)");
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run(`folder/article-${i}.md`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    // Past the header page, a stretch of every page's bytes overwritten.
    for (let at = 4096 + 100; at < bytes.length; at += 4096) bytes.fill(0x5a, at, at + 64);
    writeFileSync(path, bytes);
    // Opening reads only the header and the schema: the damage shows when a query meets it.
    const opened = openDatabase(path);
    expect(opened.warning).toBeNull();
    let damage: unknown = null;
    try {
      opened.db!.prepare('SELECT count(*), sum(length(rel_path)) FROM files').get();
    } catch (error) {
      damage = error;
    }
    expect(isDamage(damage)).toBe(true);
    const { db: fresh, warning } = replaceDamaged(opened.db!, path);
    expect(warning).toMatch(/^is damaged; moved aside to \S+\.broken-\S+ and made anew$/);
    expect(fresh!.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 0 });
    fresh!.close();
    expect(readdirSync(join(path, '..')).filter((name) => name.includes('.broken-'))).toHaveLength(1);
  });

  it.each([
    ['a folder', (path: string) => mkdirSync(path), 'a folder'],
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), 'a FIFO'],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), 'a link'],
  ])('never opens %s where the database should be, and does not hang', (_name, make, kind) => {
    const path = place();
    mkdirSync(join(path, '..'), { recursive: true });
    make(path);
    expect(openDatabase(path)).toEqual({ db: null, warning: `is ${kind}, not kiosk's database: running without it` });
  });
});

describe('the library database, from several processes', () => {
  // The module as kiosk builds it, beside node_modules so that it finds better-sqlite3.
  const script = join(ROOT, 'node_modules', '.cache', 'kiosk-test', `database-${process.pid}.mjs`);
  beforeAll(async () => {
    await build({ entryPoints: [join(ROOT, 'src', 'library', 'store', 'database.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, external: ['better-sqlite3'], logLevel: 'silent' });
  });

  /** A process that opens the database and writes `count` files, one transaction each; `slow` waits inside each. */
  const writer = (path: string, name: string, count: number, slow = 0) => `
    import { openDatabase } from ${JSON.stringify(script)};
    const { db, warning } = openDatabase(${JSON.stringify(path)});
    if (warning) console.error(warning);
    const insert = db.prepare("INSERT INTO files (rel_path) VALUES (?)");
    const words = db.prepare('INSERT INTO words (rowid, title, body) VALUES (?, ?, ?)');
    for (let i = 0; i < ${count}; i++) {
      db.transaction(() => {
        const { lastInsertRowid } = insert.run(${JSON.stringify(name)} + '-' + i + '.md');
        words.run(lastInsertRowid, 'title ' + i, 'body of ' + ${JSON.stringify(name)});
        if (${slow} > 0) { process.stdout.write('in\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${slow}); }
      }).immediate();
    }
    db.close();`;

  const run = (source: string) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('takes two writers at once: neither fails, nothing is lost', async () => {
    const path = place();
    openDatabase(path).db!.close();
    const results = await Promise.all([run(writer(path, 'one', 300)), run(writer(path, 'two', 300))]);
    expect(results).toEqual([{ status: 0, stderr: '' }, { status: 0, stderr: '' }]);
    const { db, warning } = openDatabase(path);
    expect(warning).toBeNull();
    expect(db!.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 600 });
    expect(db!.prepare("SELECT count(*) AS n FROM words WHERE words MATCH 'body'").get()).toEqual({ n: 600 });
    db!.close();
  });

  it('keeps what was committed when a writer is killed with SIGKILL inside a transaction', async () => {
    const path = place();
    openDatabase(path).db!.close();
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(path, 'killed', 1_000, 50)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let inside = 0;
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        inside += chunk.toString().split('\n').length - 1;
        // The fifth transaction is open, its rows written but not committed.
        if (inside === 5) {
          child.kill('SIGKILL');
          resolve();
        }
      }),
    );
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(`${path}-wal`)).toBe(true);
    const { db, warning } = openDatabase(path);
    expect(warning).toBeNull();
    expect(db!.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db!.prepare('SELECT count(*) AS n FROM files').get()).toEqual({ n: 4 });
    db!.close();
  });

  // A small tmpfs, which needs root; mounted only for the test, so that no filter leaves it behind.
  const mountTmpfs = (at: string) => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', at], { stdio: 'ignore' }).status === 0;
  const probe = emptyDir();
  const canMount = mountTmpfs(probe) && spawnSync('umount', [probe], { stdio: 'ignore' }).status === 0;

  it.skipIf(!canMount)(canMount ? 'loses nothing committed when the disk fills' : 'loses nothing committed when the disk fills (skipped: needs root to mount a small tmpfs)', () => {
    const mount = emptyDir();
    expect(mountTmpfs(mount)).toBe(true);
    let db: Database.Database | null = null;
    try {
      const path = join(mount, 'kiosk', 'library.db');
      db = openDatabase(path).db;
      const insert = db!.prepare("INSERT INTO files (rel_path, digest) VALUES (?, ?)");
      insert.run('kept.md', 'x');
      const big = 'x'.repeat(100_000);
      let full: unknown = null;
      try {
        db!.transaction(() => {
          for (let i = 0; i < 100; i++) insert.run(`big-${i}.md`, big);
        })();
      } catch (error) {
        full = error;
      }
      expect((full as { code?: string }).code).toMatch(/^SQLITE_(FULL|IOERR)/);
      db!.close();
      db = openDatabase(path).db;
      expect(db!.prepare('SELECT rel_path FROM files').all()).toEqual([{ rel_path: 'kept.md' }]);
    } finally {
      db?.close();
      spawnSync('umount', [mount], { stdio: 'ignore' });
    }
  });
});

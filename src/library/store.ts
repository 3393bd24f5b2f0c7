import type BetterSqlite3 from 'better-sqlite3';
import { fromRecord, isCount, isLines, isName, isRecord, isTime, toRecord, type CacheEntry } from './cache.js';
import { isDamage, openDatabase, replaceDamaged } from './database.js';

/**
 * The listing records of a library, kept in its database (database.ts):
 * read all at once, validated row by row (a row that does not validate is
 * left out, and its file read again), and written back in one transaction.
 * A database that cannot be used (damaged, busy past the timeout, a full
 * disk, the driver not installed) never stops a listing: kiosk reads the
 * files instead, and says why once.
 */

type Database = BetterSqlite3.Database;

/** A file's entry, with the time its stats were taken: the racy rule compares with it (see isCurrent). */
export interface StoredEntry extends CacheEntry {
  recordedMs: number;
}

export interface Store {
  path: string;
  entries: Map<string, StoredEntry>;
  /** One line each, for warnings on the database's path. */
  warnings: string[];
  /** Records these entries (taken at `recordedMs`) and forgets the files not in `keep`, in one transaction. */
  save(changed: ReadonlyMap<string, CacheEntry>, recordedMs: number, keep: ReadonlySet<string>): void;
  close(): void;
}

type Row = [relPath: unknown, size: unknown, mtimeMs: unknown, ctimeMs: unknown, ino: unknown, recordedMs: unknown, record: unknown, warnings: unknown];

/**
 * The store at `path`, for the library at `root`, whose records `format`
 * (kiosk's version and the parser's) describes: records of another format
 * or of another root are dropped, since parsing may have changed.
 */
export function openStore(path: string, root: string, format: string): Store {
  const warnings: string[] = [];
  let db: Database | null = null;
  try {
    const opened = openDatabase(path);
    if (opened.warning) warnings.push(opened.warning);
    db = opened.db;
  } catch (error) {
    // better-sqlite3 is an optional dependency: npm skips it where it cannot be built.
    warnings.push(`cannot be opened (${driverProblem(error)}): reading every file`);
  }
  const entries = new Map<string, StoredEntry>();
  if (db) {
    try {
      matchFormat(db, root, format);
      // Rows as arrays, all at once: a third of the time of iterating objects, for 10,000 files.
      const rows = db.prepare('SELECT rel_path, size, mtime_ms, ctime_ms, ino, recorded_ms, record, warnings FROM files').raw(true).all() as Row[];
      for (const row of rows) {
        const entry = fromRow(row);
        if (entry) entries.set(row[0] as string, entry);
      }
    } catch (error) {
      entries.clear();
      db = giveUp(db, path, error, warnings);
    }
  }
  const store: Store = {
    path,
    entries,
    warnings,
    save(changed, recordedMs, keep) {
      if (!db) return;
      try {
        write(db, changed, recordedMs, keep, entries);
      } catch (error) {
        // A full disk or a writer holding the lock past the timeout: the records are simply not kept this time.
        db = giveUp(db, path, error, warnings, false);
      }
    },
    close() {
      db?.close();
      db = null;
    },
  };
  return store;
}

/** Drops every record when the database was last written for another format or root. */
function matchFormat(db: Database, root: string, format: string): void {
  const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]));
  if (meta.get('format') === format && meta.get('root') === root) return;
  db.transaction(() => {
    db.exec('DELETE FROM files; DELETE FROM words;');
    const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('format', format);
    set.run('root', root);
  }).immediate();
}

function write(db: Database, changed: ReadonlyMap<string, CacheEntry>, recordedMs: number, keep: ReadonlySet<string>, known: ReadonlyMap<string, StoredEntry>): void {
  const upsert = db.prepare(
    `INSERT INTO files (rel_path, size, mtime_ms, ctime_ms, ino, recorded_ms, record, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (rel_path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, ctime_ms = excluded.ctime_ms,
       ino = excluded.ino, recorded_ms = excluded.recorded_ms, record = excluded.record, warnings = excluded.warnings`,
  );
  const remove = db.prepare('DELETE FROM files WHERE rel_path = ?');
  db.transaction(() => {
    for (const [relPath, entry] of changed) {
      upsert.run(relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, recordedMs, entry.article ? JSON.stringify(toRecord(entry.article)) : null, JSON.stringify(entry.warnings));
    }
    for (const relPath of known.keys()) if (!keep.has(relPath)) remove.run(relPath);
  }).immediate();
}

/** A row as this version writes it, or null: SQLite keeps any type in any column, and anyone may have written there. */
function fromRow(row: Row): StoredEntry | null {
  const [rel_path, size, mtime_ms, ctime_ms, ino, recorded_ms, record, warnings] = row;
  if (!isName(rel_path) || !isCount(size) || !isTime(mtime_ms) || !isTime(ctime_ms) || !isCount(ino) || !isTime(recorded_ms)) return null;
  if (typeof warnings !== 'string' || (record !== null && typeof record !== 'string')) return null;
  try {
    const reasons: unknown = JSON.parse(warnings);
    const article: unknown = record === null ? null : JSON.parse(record);
    if (!isLines(reasons) || (article !== null && !isRecord(article))) return null;
    return { size, mtimeMs: mtime_ms, ctimeMs: ctime_ms, ino, recordedMs: recorded_ms, warnings: reasons, article: article === null ? null : fromRecord(article) };
  } catch {
    return null;
  }
}

/**
 * After a failed query: damage is moved aside (one warning) and the new,
 * empty database kept; anything else (busy, full, read-only) leaves kiosk
 * reading files without it, said once when `loud`.
 */
function giveUp(db: Database, path: string, error: unknown, warnings: string[], loud = true): Database | null {
  if (isDamage(error)) {
    const opened = replaceDamaged(db, path);
    if (opened.warning) warnings.push(opened.warning);
    return opened.db;
  }
  db.close();
  if (loud) warnings.push(`cannot be used (${(error as { code?: string }).code ?? String(error)}): reading every file`);
  return null;
}

function driverProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  // Not installed, not built (bindings finds no .node file), or built for another Node.
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_DLOPEN_FAILED' || message?.startsWith('Could not locate the bindings file')) return 'its SQLite driver, better-sqlite3, is not installed; run `npm rebuild better-sqlite3` with a C++ compiler';
  return code ?? message ?? String(error);
}

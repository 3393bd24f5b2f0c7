import type BetterSqlite3 from 'better-sqlite3';
import { fromRecord, isCount, isLines, isName, isRecord, isTime, toRecord, type CacheEntry } from './cache.js';
import type { Article } from '../types.js';
import { isDamage, openDatabase, replaceDamaged } from './database.js';
import { candidateIds, indexWords } from './words.js';

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
  // A file's words go with its record: changed, they are indexed again when a search next needs them.
  const upsert = db.prepare(
    `INSERT INTO files (rel_path, size, mtime_ms, ctime_ms, ino, recorded_ms, indexed, record, warnings) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (rel_path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, ctime_ms = excluded.ctime_ms,
       ino = excluded.ino, recorded_ms = excluded.recorded_ms, indexed = 0, record = excluded.record, warnings = excluded.warnings`,
  );
  const forget = db.prepare('DELETE FROM words WHERE rowid = (SELECT id FROM files WHERE rel_path = ?)');
  const remove = db.prepare('DELETE FROM files WHERE rel_path = ?');
  db.transaction(() => {
    for (const [relPath, entry] of changed) {
      forget.run(relPath);
      upsert.run(relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, recordedMs, entry.article ? JSON.stringify(toRecord(entry.article)) : null, JSON.stringify(entry.warnings));
    }
    for (const relPath of known.keys()) {
      if (keep.has(relPath)) continue;
      forget.run(relPath);
      remove.run(relPath);
    }
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

/**
 * The articles (by path relative to the root) that may hold every query
 * word, from the database's word index, or null when it cannot tell (no
 * database, or a word it cannot narrow). Articles whose words it does not
 * hold yet are indexed first, in one transaction, their text read by
 * `textOf` (null: unreadable now, left out of the index).
 */
export function indexedCandidates(
  path: string,
  articles: readonly Article[],
  textOf: (article: Article) => string | null,
  query: readonly string[],
  progress?: (done: number, total: number) => void,
): { holders: Set<string> | null } {
  const { db } = openDatabase(path);
  if (!db) return { holders: null };
  try {
    const ids = new Map((db.prepare('SELECT rel_path, id FROM files').raw(true).all() as [string, number][]).map(([relPath, id]) => [relPath, id]));
    const stale = new Set((db.prepare('SELECT rel_path FROM files WHERE indexed = 0').raw(true).all() as [string][]).map(([relPath]) => relPath));
    const todo = articles.filter((article) => stale.has(article.relPath));
    if (todo.length > 0) {
      const done = db.prepare('UPDATE files SET indexed = 1 WHERE id = ?');
      db.transaction(() => {
        todo.forEach((article, index) => {
          const text = textOf(article);
          const id = ids.get(article.relPath)!;
          if (text !== null) {
            indexWords(db, id, article.title, text);
            done.run(id);
            stale.delete(article.relPath);
          }
          progress?.(index, todo.length);
        });
      }).immediate();
    }
    const found = candidateIds(db, query);
    if (found === null) return { holders: null };
    const byId = new Map([...ids].map(([relPath, id]) => [id, relPath]));
    const holders = new Set([...found].flatMap((id) => byId.get(id) ?? []));
    // What the index does not hold (a record not kept, a file unreadable when indexed) is searched anyway.
    for (const article of articles) if (!ids.has(article.relPath) || stale.has(article.relPath)) holders.add(article.relPath);
    return { holders };
  } catch (error) {
    // Busy past the timeout, a full disk, damage: search reads every article instead.
    if (isDamage(error)) replaceDamaged(db, path);
    return { holders: null };
  } finally {
    if (db.open) db.close();
  }
}

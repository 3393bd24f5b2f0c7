import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { fromRecord, isCount, isLines, isName, isRecord, isTime, toRecord, type ArticleRecord, type CacheEntry } from './cache.js';
import type { Article } from '../../types.js';
import { isDamage, memoryDatabase, openDatabase, replaceDamaged } from './database.js';
import type { Query } from '../find/query.js';
import { indexedText, indexWords, narrow, vocabularyChanged, type IndexedText, type Narrowed } from './words.js';

/**
 * The listing records of a library, kept in its database (database.ts) as
 * one JSON array: read all at once, validated entry by entry (an entry that
 * does not validate is left out, and its file read again), and written
 * back whole, with the index's rows of the files, in one transaction.
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

/** An entry as stored in the listing's array: plain values in a fixed order. */
type Row = [relPath: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, recordedMs: number, record: ArticleRecord | null, warnings: string[]];

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
      const listed = db.prepare('SELECT entries FROM listing').raw(true).get() as [unknown] | undefined;
      for (const row of parseRows(listed?.[0])) {
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
    db.exec('DELETE FROM files; DELETE FROM listing;');
    forgetAllWords(db);
    const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('format', format);
    set.run('root', root);
  }).immediate();
}

function write(db: Database, changed: ReadonlyMap<string, CacheEntry>, recordedMs: number, keep: ReadonlySet<string>, known: ReadonlyMap<string, StoredEntry>): void {
  const rows: Row[] = [];
  for (const [relPath, entry] of known) if (keep.has(relPath) && !changed.has(relPath)) rows.push(toRow(relPath, entry, entry.recordedMs));
  for (const [relPath, entry] of changed) rows.push(toRow(relPath, entry, recordedMs));
  // A changed file keeps its words until a search next needs them: indexed again then, and only if its text changed (see indexedCandidates).
  const changedFile = db.prepare('INSERT INTO files (rel_path) VALUES (?) ON CONFLICT (rel_path) DO UPDATE SET indexed = 0');
  const remove = db.prepare('DELETE FROM files WHERE id = ?');
  db.transaction(() => {
    db.prepare('INSERT INTO listing (id, entries) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET entries = excluded.entries').run(JSON.stringify(rows));
    for (const relPath of changed.keys()) changedFile.run(relPath);
    // Every row of a file gone, even one the listing had lost (an entry that did not validate).
    let removed = 0;
    for (const [id, relPath, digest] of db.prepare('SELECT id, rel_path, digest FROM files').raw(true).all() as Array<[number, unknown, unknown]>) {
      if (typeof relPath === 'string' && keep.has(relPath)) continue;
      remove.run(id);
      if (digest !== null) {
        dropWords(db, id);
        removed++;
      }
    }
    if (removed > 0) countDropped(db, removed);
  }).immediate();
}

function toRow(relPath: string, entry: CacheEntry, recordedMs: number): Row {
  return [relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, recordedMs, entry.article ? toRecord(entry.article) : null, entry.warnings];
}

/**
 * FTS5 keeps the totals that bm25 weighs words by (rows, tokens) in a
 * record that deleting from a contentless table does not update: each row
 * deleted leaves bm25 a little off. So a file's words are replaced only
 * when its text changed, the rows dropped are counted, and past a tenth of
 * the index (or 100) it is made anew: `delete-all` resets the totals, and
 * every file is indexed again when a search next needs it.
 */
function dropWords(db: Database, id: number): void {
  db.prepare('DELETE FROM words WHERE rowid = ?').run(id);
}

function countDropped(db: Database, more: number): void {
  vocabularyChanged(db);
  db.prepare(`INSERT INTO meta (key, value) VALUES ('dropped', ?) ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value`).run(more);
}

function forgetAllWords(db: Database): void {
  db.exec(`INSERT INTO words (words) VALUES ('delete-all'); UPDATE files SET indexed = 0, digest = NULL; DELETE FROM meta WHERE key = 'dropped';`);
  vocabularyChanged(db);
}

/** Whether so many rows were dropped that bm25's totals are worth making exact again. */
function tooManyDropped(db: Database): boolean {
  const dropped = Number((db.prepare(`SELECT value FROM meta WHERE key = 'dropped'`).raw(true).get() as [unknown] | undefined)?.[0] ?? 0);
  const rows = (db.prepare('SELECT count(*) FROM files WHERE digest IS NOT NULL').raw(true).get() as [number])[0];
  return !(dropped <= Math.max(100, rows / 10));
}

/** The listing's entries, each still to be validated; none when what is stored is not a JSON array. */
function parseRows(stored: unknown): unknown[][] {
  if (typeof stored !== 'string') return [];
  try {
    const rows: unknown = JSON.parse(stored);
    return Array.isArray(rows) ? rows.filter(Array.isArray) : [];
  } catch (error) {
    // Not JSON: a damaged or tampered cache, read again from the files.
    if (!(error instanceof SyntaxError)) throw error;
    return [];
  }
}

/** An entry as this version writes it, or null: anyone may have written there. */
function fromRow(row: unknown[]): StoredEntry | null {
  if (row.length !== 8) return null;
  // By index, not by destructuring: this runs for each of thousands of entries, and an array pattern costs an iterator.
  const size = row[1];
  const mtimeMs = row[2];
  const ctimeMs = row[3];
  const ino = row[4];
  const recordedMs = row[5];
  const record = row[6];
  const warnings = row[7];
  if (!isName(row[0]) || !isCount(size) || !isTime(mtimeMs) || !isTime(ctimeMs) || !isCount(ino) || !isTime(recordedMs)) return null;
  if (!isLines(warnings) || (record !== null && !isRecord(record))) return null;
  return { size, mtimeMs, ctimeMs, ino, recordedMs, warnings, article: record === null ? null : fromRecord(record) };
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

/** What the index tells a search: the articles (by path relative to the root) that may match, and their bm25. */
export interface Candidates {
  /** Null when the index cannot tell: every article must be read. */
  holders: Set<string> | null;
  /** Lower is better; null when there is nothing to rank by. */
  ranks: Map<string, number> | null;
}

const UNNARROWED: Candidates = { holders: null, ranks: null };

/**
 * The articles that may hold the query, from the library's database, with
 * their bm25; null holders when it cannot tell (no database, or a query it
 * cannot narrow). Articles whose words it does not hold yet are indexed
 * first, in one transaction, their body read by `bodyOf` (null: unreadable
 * now, left out of the index).
 */
export function indexedCandidates(
  path: string,
  articles: readonly Article[],
  bodyOf: (article: Article) => string | null,
  query: Query,
  progress?: (done: number, total: number) => void,
): Candidates {
  const { db } = openDatabase(path);
  if (!db) return UNNARROWED;
  try {
    if (tooManyDropped(db)) db.transaction(() => forgetAllWords(db)).immediate();
    const ids = new Map(db.prepare('SELECT rel_path, id FROM files').raw(true).all() as Array<[string, number]>);
    const staleRows = db.prepare('SELECT rel_path, digest FROM files WHERE indexed IS NOT 1').raw(true).all() as Array<[string, unknown]>;
    const digests = new Map(staleRows.map(([relPath, digest]) => [relPath, typeof digest === 'string' ? digest : null]));
    const stale = new Set(digests.keys());
    const todo = articles.filter((article) => stale.has(article.relPath));
    if (todo.length > 0) {
      const done = db.prepare('UPDATE files SET indexed = 1, digest = ? WHERE id = ?');
      db.transaction(() => {
        let dropped = 0;
        let added = 0;
        todo.forEach((article, index) => {
          const body = bodyOf(article);
          const id = ids.get(article.relPath)!;
          if (body !== null) {
            const text = indexedText(article, body);
            const digest = digestOf(text);
            const before = digests.get(article.relPath) ?? null;
            if (digest !== before) {
              if (before !== null) {
                dropWords(db, id);
                dropped++;
              }
              indexWords(db, id, text);
              added++;
            }
            done.run(digest, id);
            stale.delete(article.relPath);
          }
          progress?.(index, todo.length);
        });
        if (dropped > 0) countDropped(db, dropped);
        if (added > 0) vocabularyChanged(db);
      }).immediate();
    }
    const found = fromIds(narrow(db, query), ids);
    // What the index does not hold (a record not kept, a file unreadable when indexed) is searched anyway.
    if (found.holders) for (const article of articles) if (!ids.has(article.relPath) || stale.has(article.relPath)) found.holders.add(article.relPath);
    return found;
  } catch (error) {
    // Busy past the timeout, a full disk, damage: search reads every article instead.
    if (isDamage(error)) replaceDamaged(db, path);
    return UNNARROWED;
  } finally {
    if (db.open) db.close();
  }
}

/**
 * The same for articles read whole without the cache (`--no-cache`): they
 * are indexed in a database in memory, so that they are ranked exactly as
 * with it. Without the driver, nothing is narrowed or ranked.
 */
export function memoryCandidates(articles: readonly Article[], query: Query): Candidates {
  let db: Database;
  try {
    db = memoryDatabase();
  } catch {
    return UNNARROWED;
  }
  try {
    const ids = new Map<string, number>();
    db.transaction(() => {
      articles.forEach((article, index) => {
        ids.set(article.relPath, index + 1);
        indexWords(db, index + 1, indexedText(article, article.body));
      });
    })();
    return fromIds(narrow(db, query), ids);
  } finally {
    db.close();
  }
}

/** The index's answer with files named by their paths; rows of files no longer listed are dropped. */
function fromIds({ ids, ranks }: Narrowed, idOf: ReadonlyMap<string, number>): Candidates {
  const pathOf = new Map([...idOf].map(([relPath, id]) => [id, relPath]));
  const named = new Map<string, number>();
  for (const [id, rank] of ranks ?? []) {
    const relPath = pathOf.get(id);
    if (relPath !== undefined) named.set(relPath, rank);
  }
  return { holders: ids === null ? null : new Set([...ids].flatMap((id) => pathOf.get(id) ?? [])), ranks: ranks === null ? null : named };
}

/** What tells whether an article's words changed: a digest of all that is indexed of it. */
function digestOf(text: IndexedText): string {
  const hash = createHash('sha1');
  // Each part after its length: no two different texts give the same input, and no copy of the text is made.
  for (const part of [text.title, text.headings, text.body, ...text.tags, '', text.author ?? '']) hash.update(`${part.length}:`).update(part);
  return hash.digest('base64');
}

import { isSystemError } from '../../errors.js';
import { createRequire } from 'node:module';
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * One SQLite database per library, in kiosk's cache folder: each file's
 * record (what a listing needs, with the size and times it was read at)
 * and an FTS5 index of its words. It is kiosk's, but it is still untrusted
 * input: anything may have written there.
 * - WAL and a busy timeout: two kiosk processes read and write it at once,
 *   and a writer killed mid-transaction leaves the last committed state.
 * - A file that is not kiosk's (another program's database, damaged pages,
 *   not a database at all) is moved aside and a new one made, with one
 *   warning that says where it went.
 * - A file of an older kiosk's schema is kiosk's own: it is rebuilt
 *   without a word.
 * - Where a database should be, a folder, a FIFO or a link is never opened
 *   (a FIFO would hang the open): kiosk runs without it, and says so.
 */

type Database = BetterSqlite3.Database;

/** "kios": what tells kiosk's database from another program's. */
const APPLICATION_ID = 0x6b696f73;
/** Raised whenever the tables change; an older file is rebuilt. */
export const SCHEMA_VERSION = 5;
/** How long a writer waits for another to finish, in ms. */
const BUSY_TIMEOUT = 10_000;

/**
 * The tokenizer. The text is folded by kiosk before it is indexed (case,
 * accents, ligatures: see words.ts), so FTS5 folds nothing more of its own
 * (remove_diacritics 0; it lowercases what is already lower case), and its
 * vocabulary is kiosk's folding. Letters, digits and marks of every script
 * are word characters: a vowel sign of Thai or Devanagari stays in its word.
 */
export const TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'";

const SCHEMA = `
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  rel_path TEXT NOT NULL UNIQUE,
  -- Whether the words table holds this file's words as its listing entry describes it.
  indexed INTEGER NOT NULL DEFAULT 0,
  -- The digest of the text its words row was made from; null when it has none.
  digest TEXT
);
-- Every file's listing entry, as one JSON array in one row: read whole by every listing, it costs one value
-- where a row a file cost eight (a third of a 10,000-article listing's time).
CREATE TABLE listing (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  entries TEXT NOT NULL
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- The index's vocabulary, copied out of it (fts5vocab reads every posting list to list it): made anew when a search finds it stale.
CREATE TABLE vocabulary (
  term TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE VIRTUAL TABLE words USING fts5(title, headings, body, tags, author, content='', contentless_delete=1, tokenize="${TOKENIZER}");
`;

export interface Opened {
  /** Null when there is none to use: `warning` says why. */
  db: Database | null;
  /** One line for the user, after the database's path, when something was wrong with what was there. */
  warning: string | null;
}

const require = createRequire(import.meta.url);
let binding: string | null = null;

/**
 * better-sqlite3's addon, found where npm built or unpacked it. Its
 * JavaScript is bundled into this module (loaded only by commands that keep
 * a database), and the addon is given by path: the `bindings` package's
 * search of a dozen paths cost 2.5 ms of the 5.5 that the first open took.
 * Throws MODULE_NOT_FOUND when npm could not install it.
 */
function options(): BetterSqlite3.Options {
  binding ??= join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  return { timeout: BUSY_TIMEOUT, nativeBinding: binding };
}

/**
 * Opens the database at `path`, making it when there is none, and making it
 * anew when what is there is not kiosk's. Only the header and the schema are
 * read here, whatever the file's size: damage deeper in it is found when a
 * query meets it (see isDamage and replaceDamaged).
 */
export function openDatabase(path: string): Opened {
  const kind = fileKind(path);
  if (kind !== 'file' && kind !== 'none') return { db: null, warning: `is ${kind}, not kiosk's database: running without it` };
  mkdirSync(dirname(path), { recursive: true });
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(path, options());
    // What is there is looked at before anything is written, so another program's file goes aside as it was.
    const mine = db.pragma('application_id', { simple: true }) === APPLICATION_ID;
    const version = db.pragma('user_version', { simple: true }) as number;
    const empty = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0;
    if (mine ? version !== SCHEMA_VERSION : !empty) {
      db.close();
      if (!mine) return moveAside(path, 'is not a kiosk database');
      if (version > SCHEMA_VERSION) return { db: null, warning: `is from a newer kiosk: running without it` };
      return { db: recreate(path), warning: null };
    }
    ready(db, empty);
    return { db, warning: null };
  } catch (error) {
    db?.close();
    if (!isSqliteError(error)) throw error;
    return moveAside(path, `could not be read (${describe(error)})`);
  }
}

/** A database in memory with kiosk's tables, for a search without the cache. Throws when the driver is not installed. */
export function memoryDatabase(): Database {
  const db = new BetterSqlite3(':memory:', options());
  db.exec(SCHEMA);
  return db;
}

/** Whether an error from a query says the file is damaged, rather than busy or full. */
export function isDamage(error: unknown): boolean {
  return isSqliteError(error) && (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB');
}

/** For a database found damaged while in use: closed, moved aside with one warning, and made anew. */
export function replaceDamaged(db: Database, path: string): Opened {
  db.close();
  return moveAside(path, 'is damaged');
}

function open(path: string): Database {
  const db = new BetterSqlite3(path, options());
  try {
    ready(db, (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** WAL, so that readers never wait for a writer, and the tables when the file is new. */
function ready(db: Database, empty: boolean): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (empty) create(db);
}

function create(db: Database): void {
  db.transaction(() => {
    // Another kiosk may have made the tables between the look and the lock: made once.
    if ((db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n > 0) return;
    db.exec(SCHEMA);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Makes the database afresh at `path`, whatever was there. */
function recreate(path: string): Database {
  for (const suffix of ['', '-wal', '-shm']) removeQuietly(path + suffix);
  return open(path);
}

/** Moves what is at `path` (and its journal) aside, where a person can look at it, and makes a new database. */
function moveAside(path: string, why: string): Opened {
  const aside = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    // Another kiosk moved it first: what is there now is its new database.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return openDatabase(path);
    return { db: null, warning: `${why}, and could not be replaced (${describe(error)}): running without it` };
  }
  try {
    for (const suffix of ['-wal', '-shm']) removeQuietly(path + suffix);
    return { db: open(path), warning: `${why}; moved aside to ${aside} and made anew` };
  } catch (error) {
    return { db: null, warning: `${why}, and could not be replaced (${describe(error)}): running without it` };
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (error) {
    // A folder where a journal would be: SQLite will say so when it opens.
    if (!isSystemError(error)) throw error;
  }
}

type Kind = 'none' | 'file' | 'a folder' | 'a link' | 'a FIFO' | 'a device' | 'not a regular file';

function fileKind(path: string): Kind {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if (!isSystemError(error)) throw error;
    return 'none';
  }
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_');
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'SQLITE_NOTADB' ? 'not a database' : code === 'SQLITE_CORRUPT' ? 'damaged' : (message ?? String(error));
}

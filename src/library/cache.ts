import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Article } from '../types.js';

/**
 * What listing needs of each file, kept between runs under
 * $XDG_CACHE_HOME/kiosk (else ~/.cache/kiosk), one file per library root.
 * An entry is trusted only while the file's size, modification time and
 * change time are those recorded: an edit, an addition, a removal or a
 * rename is never missed. The file is replaced atomically (a temporary file,
 * then a rename), so two kiosk processes at once cannot leave it half
 * written; one that cannot be read, or was written by another version, is
 * rebuilt without a word.
 */

/** The article as listing needs it: everything but its text. */
export type CachedArticle = Omit<Article, 'path' | 'relPath' | 'source' | 'body' | 'partial'>;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Null when the file is not an article (binary, unreadable): its warnings say why. */
  article: CachedArticle | null;
  warnings: string[];
}

// On disk each file is one row of plain values, not an object with named
// fields: a third smaller, and parsed faster, for 100,000 files.
type ArticleRow = [
  slug: string,
  title: string,
  section: string,
  date: string | null,
  author: string | null,
  tags: string[],
  summary: string | null,
  lang: string | null,
  draft: boolean,
  meta: Record<string, unknown>,
  words: number,
  readingMinutes: number,
];
type Row = [relPath: string, size: number, mtimeMs: number, ctimeMs: number, warnings: string[], article: ArticleRow | null];

interface CacheFile {
  format: string;
  root: string;
  rows: Row[];
}

function toRow(relPath: string, entry: CacheEntry): Row {
  const a = entry.article;
  const article: ArticleRow | null = a
    ? [a.slug, a.title, a.section, a.date, a.author, a.tags, a.summary, a.lang, a.draft, a.meta, a.words, a.readingMinutes]
    : null;
  return [relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.warnings, article];
}

/** A row as written by this version; anything else (edited by hand, truncated) is ignored. */
function isRow(row: unknown): row is Row {
  if (!Array.isArray(row) || row.length !== 6) return false;
  const [relPath, size, mtimeMs, ctimeMs, warnings, article] = row as unknown[];
  const strings = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');
  return (
    typeof relPath === 'string' &&
    typeof size === 'number' &&
    typeof mtimeMs === 'number' &&
    typeof ctimeMs === 'number' &&
    strings(warnings) &&
    (article === null ||
      (Array.isArray(article) &&
        article.length === 12 &&
        typeof article[0] === 'string' &&
        typeof article[1] === 'string' &&
        typeof article[2] === 'string' &&
        strings(article[5]) &&
        typeof article[10] === 'number'))
  );
}

function fromRow(row: Row): CacheEntry {
  const [, size, mtimeMs, ctimeMs, warnings, a] = row;
  const article: CachedArticle | null = a
    ? { slug: a[0], title: a[1], section: a[2], date: a[3], author: a[4], tags: a[5], summary: a[6], lang: a[7], draft: a[8], meta: a[9], words: a[10], readingMinutes: a[11] }
    : null;
  return { size, mtimeMs, ctimeMs, warnings, article };
}

export interface Cache {
  path: string;
  /** Entries by path relative to the root. */
  entries: Map<string, CacheEntry>;
}

/** Where the cache of a library lives; null when it would be inside the library itself. */
export function cacheFile(directory: string, root: string): string | null {
  const realRoot = realpathSync(root);
  let realDirectory = directory;
  try {
    realDirectory = realpathSync(directory);
  } catch {
    // Not created yet: compare the path as given.
  }
  if (realDirectory === realRoot || realDirectory.startsWith(realRoot + sep)) return null;
  return join(directory, `${cacheName(realRoot)}.json`);
}

/**
 * A file name for a root: its last folder's name for people, and a 64-bit
 * FNV-1a hash of the whole path for uniqueness (node:crypto would add 9 ms
 * to every start).
 */
function cacheName(root: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(root)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  const base = root.split(sep).pop()?.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40) || 'root';
  return `${base}-${hash.toString(16).padStart(16, '0')}`;
}

export function readCache(path: string, root: string, format: string): Cache {
  const entries = new Map<string, CacheEntry>();
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (file.format === format && file.root === root && Array.isArray(file.rows)) {
      for (const row of file.rows) if (isRow(row)) entries.set(row[0], fromRow(row));
    }
  } catch {
    // Missing, unreadable or corrupt: start afresh.
    entries.clear();
  }
  return { path, entries };
}

export function writeCache(cache: Cache, root: string, format: string): void {
  const file: CacheFile = { format, root, rows: [...cache.entries].map(([relPath, entry]) => toRow(relPath, entry)) };
  writeAtomically(cache.path, JSON.stringify(file));
}

/**
 * Writes a cache file through a temporary file and a rename, so a reader
 * sees the old file or the new one, never half of one; a cache that cannot
 * be written is simply not kept.
 */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

export interface FileStats {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Whether what was recorded of a file still describes it. */
export function sameStats(recorded: FileStats | undefined, stats: FileStats): boolean {
  return recorded !== undefined && recorded.size === stats.size && recorded.mtimeMs === stats.mtimeMs && recorded.ctimeMs === stats.ctimeMs;
}

export function isCurrent(entry: CacheEntry | undefined, stats: FileStats): entry is CacheEntry {
  return sameStats(entry, stats);
}

import { join, sep } from 'node:path';
import type { Article } from '../types.js';
import { isoDate } from './dates.js';
import { readCacheFile, realFolder, writeCacheFile } from './cache-file.js';

/**
 * What listing needs of each file, kept between runs under
 * $XDG_CACHE_HOME/kiosk (else ~/.cache/kiosk), one file per library root.
 * An entry is trusted only while the file's size, modification time,
 * change time and inode are those recorded, and only when they were
 * recorded safely after its last change (see isCurrent): an edit, an
 * addition, a removal or a rename is never missed. The cache is untrusted
 * input (cache-file.ts): every row is validated, and one that does not
 * validate is dropped and its file read again, never served.
 */

/** The article as listing needs it: everything but its text. */
export type CachedArticle = Omit<Article, 'path' | 'relPath' | 'source' | 'body' | 'partial'>;

export interface FileStats {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface CacheEntry extends FileStats {
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
type Row = [relPath: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, warnings: string[], article: ArticleRow | null];

function toRow(relPath: string, entry: CacheEntry): Row {
  const a = entry.article;
  const article: ArticleRow | null = a
    ? [a.slug, a.title, a.section, a.date, a.author, a.tags, a.summary, a.lang, a.draft, a.meta, a.words, a.readingMinutes]
    : null;
  return [relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, entry.warnings, article];
}

// What the parser can produce, and so all a row may hold.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ONE_LINE = /^[^\n\r]*$/;

const isLine = (value: unknown): value is string => typeof value === 'string' && ONE_LINE.test(value);
const isName = (value: unknown): value is string => isLine(value) && value.trim() !== '';
const isLineOrNull = (value: unknown): value is string | null => value === null || isLine(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isLines = (value: unknown): value is string[] => Array.isArray(value) && value.every(isLine);
const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A row as this version writes it, every field of the type and form the parser gives; anything else is not served. */
export function isRow(row: unknown): row is Row {
  if (!Array.isArray(row) || row.length !== 7) return false;
  const [relPath, size, mtimeMs, ctimeMs, ino, warnings, article] = row as unknown[];
  if (!isName(relPath) || !isCount(size) || !isTime(mtimeMs) || !isTime(ctimeMs) || !isCount(ino) || !isLines(warnings)) return false;
  if (article === null) return true;
  if (!Array.isArray(article) || article.length !== 12) return false;
  const [slug, title, section, date, author, tags, summary, lang, draft, meta, words, readingMinutes] = article as unknown[];
  return (
    typeof slug === 'string' &&
    SLUG.test(slug) &&
    isName(title) &&
    isName(section) &&
    (date === null || (typeof date === 'string' && isoDate(date) === date)) &&
    isLineOrNull(author) &&
    isLines(tags) &&
    isLineOrNull(summary) &&
    isLineOrNull(lang) &&
    typeof draft === 'boolean' &&
    isMapping(meta) &&
    isCount(words) &&
    isCount(readingMinutes)
  );
}

function fromRow(row: Row): CacheEntry {
  const [, size, mtimeMs, ctimeMs, ino, warnings, a] = row;
  const article: CachedArticle | null = a
    ? { slug: a[0], title: a[1], section: a[2], date: a[3], author: a[4], tags: a[5], summary: a[6], lang: a[7], draft: a[8], meta: a[9], words: a[10], readingMinutes: a[11] }
    : null;
  return { size, mtimeMs, ctimeMs, ino, warnings, article };
}

export interface Cache {
  path: string;
  /** Entries by path relative to the root. */
  entries: Map<string, CacheEntry>;
  /** When the cache was written; 0 for a new one. */
  writtenAt: number;
}

/**
 * Where the cache of a library lives, or why there is none: kiosk never
 * writes into a library, so a cache folder inside it (XDG_CACHE_HOME
 * pointed there, directly or through a link) is not used.
 */
export function cacheFile(directory: string, root: string): { path: string } | { inside: string } {
  const realRoot = realFolder(root);
  const realDirectory = realFolder(directory);
  if (realDirectory === realRoot || realDirectory.startsWith(realRoot + sep)) return { inside: directory };
  return { path: join(directory, `${cacheName(realRoot)}.json`) };
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
  const file = readCacheFile(path);
  if (!file || file.header.format !== format || file.header.root !== root) return { path, entries, writtenAt: 0 };
  try {
    const rows: unknown = JSON.parse(file.body);
    if (Array.isArray(rows)) for (const row of rows) if (isRow(row)) entries.set(row[0], fromRow(row));
  } catch {
    // Its checksum held but it is not JSON: written by something else. Start afresh.
    entries.clear();
  }
  return { path, entries, writtenAt: entries.size > 0 ? file.writtenAt : 0 };
}

export function writeCache(cache: Cache, root: string, format: string): void {
  writeCacheFile(cache.path, { format, root }, JSON.stringify([...cache.entries].map(([relPath, entry]) => toRow(relPath, entry))));
}

/**
 * Time stamps on some file systems count whole seconds (ext3 with small
 * inodes, many network mounts) or two (FAT): an edit of the same size in
 * the same second as a listing leaves them unchanged. As git does, an entry
 * recorded less than this long after its file's last change is checked
 * again on the next run.
 */
const RACY_MS = 2_000;

/** Whether what was recorded of a file still describes it. */
export function sameStats(recorded: FileStats | undefined, stats: FileStats): boolean {
  return (
    recorded !== undefined &&
    recorded.size === stats.size &&
    recorded.mtimeMs === stats.mtimeMs &&
    recorded.ctimeMs === stats.ctimeMs &&
    recorded.ino === stats.ino
  );
}

/** Whether a record of a file, kept in a cache written at `writtenAt`, can be trusted without reading the file. */
export function isCurrent<T extends FileStats>(entry: T | undefined, stats: FileStats, writtenAt: number): entry is T {
  return sameStats(entry, stats) && Math.max(stats.mtimeMs, stats.ctimeMs) < writtenAt - RACY_MS;
}

import { isSystemError } from '../../errors.js';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { Article } from '../../types.js';
import { isIsoDay } from '../read/dates.js';

/**
 * What listing needs of each file, kept between runs in the library's
 * database (store.ts) under $XDG_CACHE_HOME/kiosk (else ~/.cache/kiosk). An
 * entry is trusted only while the file's size, modification time, change
 * time and inode are those recorded, and only when they were recorded
 * safely after its last change (see isCurrent): an edit, an addition, a
 * removal or a rename is never missed. What is stored is untrusted input:
 * every record is validated here, and one that does not validate is
 * dropped and its file read again, never served.
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

/** An article's record as stored: plain values in a fixed order, a third smaller than named fields. */
export type ArticleRecord = [
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

export function toRecord(a: CachedArticle): ArticleRecord {
  return [a.slug, a.title, a.section, a.date, a.author, a.tags, a.summary, a.lang, a.draft, a.meta, a.words, a.readingMinutes];
}

export function fromRecord(a: ArticleRecord): CachedArticle {
  return { slug: a[0], title: a[1], section: a[2], date: a[3], author: a[4], tags: a[5], summary: a[6], lang: a[7], draft: a[8], meta: a[9], words: a[10], readingMinutes: a[11] };
}

// What the parser can produce, and so all a record may hold.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ONE_LINE = /^[^\n\r]*$/;

const isLine = (value: unknown): value is string => typeof value === 'string' && ONE_LINE.test(value);
export const isName = (value: unknown): value is string => isLine(value) && value.trim() !== '';
const isLineOrNull = (value: unknown): value is string | null => value === null || isLine(value);
export const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
export const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
export const isLines = (value: unknown): value is string[] => Array.isArray(value) && value.every(isLine);
const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record as this version writes it, every field of the type and form the parser gives; anything else is not served. */
export function isRecord(article: unknown): article is ArticleRecord {
  if (!Array.isArray(article) || article.length !== 12) return false;
  // By index, not by destructuring: this runs for each of thousands of records, and an array pattern costs an iterator.
  const slug: unknown = article[0];
  const date: unknown = article[3];
  return (
    typeof slug === 'string' &&
    SLUG.test(slug) &&
    isName(article[1]) &&
    isName(article[2]) &&
    (date === null || (typeof date === 'string' && isIsoDay(date))) &&
    isLineOrNull(article[4]) &&
    isLines(article[5]) &&
    isLineOrNull(article[6]) &&
    isLineOrNull(article[7]) &&
    typeof article[8] === 'boolean' &&
    isMapping(article[9]) &&
    isCount(article[10]) &&
    isCount(article[11])
  );
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
  return { path: join(directory, `${cacheName(realRoot)}.db`) };
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

/** Whether a record of a file, taken at `recordedAt` (ms), can be trusted without reading the file. */
export function isCurrent<T extends FileStats>(entry: T | undefined, stats: FileStats, recordedAt: number): entry is T {
  return sameStats(entry, stats) && Math.max(stats.mtimeMs, stats.ctimeMs) < recordedAt - RACY_MS;
}

/**
 * The folder with links resolved, even when it does not exist yet: its
 * nearest existing ancestor is resolved and the rest appended.
 */
export function realFolder(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (error) {
      if (!isSystemError(error)) throw error;
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

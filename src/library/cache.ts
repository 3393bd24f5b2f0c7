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

interface CacheFile {
  format: string;
  root: string;
  entries: Record<string, CacheEntry>;
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
    if (file.format === format && file.root === root && file.entries && typeof file.entries === 'object') {
      for (const [relPath, entry] of Object.entries(file.entries)) entries.set(relPath, entry);
    }
  } catch {
    // Missing, unreadable or corrupt: start afresh.
  }
  return { path, entries };
}

/** Writes the cache through a temporary file and a rename; a cache that cannot be written is simply not kept. */
export function writeCache(cache: Cache, root: string, format: string): void {
  const file: CacheFile = { format, root, entries: Object.fromEntries(cache.entries) };
  const temporary = `${cache.path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(join(cache.path, '..'), { recursive: true });
    writeFileSync(temporary, JSON.stringify(file));
    renameSync(temporary, cache.path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

export function isCurrent(entry: CacheEntry | undefined, stats: { size: number; mtimeMs: number; ctimeMs: number }): entry is CacheEntry {
  return entry !== undefined && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs && entry.ctimeMs === stats.ctimeMs;
}

import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { failure, isSystemError } from '../errors.js';
import { PACKAGE_ROOT, packageVersion } from '../paths.js';
import type { Article, Warning } from '../types.js';
import type { Body, SearchHit } from './find/search.js';
import type { Query } from './find/query.js';
import { cacheFile, isCurrent, type CacheEntry, type FileStats } from './store/cache.js';
import { duplicateWarnings } from './find/catalog.js';
import { locateFrontMatter } from './read/body.js';
import { BINARY_PROBE, decodeBytes } from './read/decode.js';
import { describeFsError, discover } from './read/discover.js';

/** The `articles/` folder shipped inside the package. */
const EMBEDDED_ROOT = resolve(PACKAGE_ROOT, 'articles');

export interface RootChoice {
  root: string;
  /** Where the choice came from, for error messages. */
  origin: '--dir' | 'KIOSK_DIR' | 'config' | './articles' | 'embedded';
}

/**
 * The library root: `--dir`, else `KIOSK_DIR`, else the config's `library`
 * (an absolute path: config.ts resolved it), else `./articles` when it
 * exists, else the embedded library. `cwd` is null when the current folder
 * was deleted: only an absolute path can be followed then.
 */
export function chooseRoot(dirFlag: string | undefined, envDir: string | undefined, cwd: string | null, configured?: string): RootChoice {
  const from = (path: string, origin: RootChoice['origin']): RootChoice => {
    if (cwd === null && !isAbsolute(path)) throw failure(`${CWD_GONE}; give ${origin === 'KIOSK_DIR' ? 'KIOSK_DIR' : '--dir'} an absolute path`);
    return { root: resolve(cwd ?? '/', path), origin };
  };
  if (dirFlag !== undefined && dirFlag !== '') return from(dirFlag, '--dir');
  if (envDir !== undefined && envDir !== '') return from(envDir, 'KIOSK_DIR');
  if (configured !== undefined) return { root: configured, origin: 'config' };
  if (cwd === null) throw failure(`${CWD_GONE}; cd to another, or give --dir an absolute path`);
  const local = resolve(cwd, 'articles');
  if (isDirectory(local)) return { root: local, origin: './articles' };
  return { root: EMBEDDED_ROOT, origin: 'embedded' };
}

/** Why a relative path cannot be followed. */
export const CWD_GONE = 'the current folder no longer exists';

export interface Library {
  root: string;
  articles: Article[];
  warnings: Warning[];
  /** Every file was read whole (for search), not only its head. */
  whole: boolean;
  /** Each file's size and times, when the cache needed them (by path relative to the root). */
  stats: Map<string, FileStats> | null;
  /** The database the listing came from, when there is one. */
  cachePath: string | null;
  /** Why there is no cache, when the reason is worth a word. */
  cacheWarning: Warning | null;
}

export interface LoadOptions {
  /** Read every file whole (search), rather than its head (listing). */
  whole?: boolean;
  /** The folder to keep the listing cache in; none to read every file. */
  cacheDirectory?: string | null;
  /** Told how far the parsing has got, when there is much of it. */
  progress?: (done: number, total: number) => void;
  /** At most this many threads parse file heads at once (the process's own included); 1 for none besides it. */
  threads?: number;
}

/** A cache written by another version of kiosk is rebuilt: parsing may have changed. */
const CACHE_FORMAT = `kiosk-list-5 ${packageVersion()}`;
const PROGRESS_FROM = 200;
const CACHE_INSIDE = 'the cache folder is inside the library, and kiosk never writes there: running without a cache (set XDG_CACHE_HOME elsewhere)';

export async function loadLibrary(choice: RootChoice, options: LoadOptions = {}): Promise<Library> {
  const whole = options.whole ?? false;
  const { root, origin } = choice;
  if (!existsSync(root)) throw failure(`library not found: ${root} (from ${origin}); check the path or set --dir`);
  if (!isDirectory(root)) throw failure(`library is not a folder: ${root} (from ${origin})`);
  let found;
  try {
    found = discover(root);
  } catch (error) {
    throw failure(`cannot read the library ${root}: ${describeFsError(error)}`);
  }

  // The cache holds listing records, not texts: a whole read (search without the cache) does not use it.
  const where = !whole && options.cacheDirectory ? cacheFile(options.cacheDirectory, root) : null;
  const cacheWarning = where && 'inside' in where ? { file: where.inside, reason: CACHE_INSIDE } : null;
  // The stats taken from here on are as old as this moment, or newer: records are dated by it (see isCurrent).
  const recordedMs = Date.now();
  // The database's driver is loaded only when there is a cache to keep.
  const cache = where && 'path' in where ? (await import('./store/store.js')).openStore(where.path, root, CACHE_FORMAT) : null;
  const changed = new Map<string, CacheEntry>();
  const present = new Set<string>();

  const warnings = [...found.warnings];
  for (const reason of cache?.warnings ?? []) warnings.push({ file: cache!.path, reason });
  const articles: Article[] = [];
  const allStats = cache ? new Map<string, FileStats>() : null;
  const missing: Array<{ path: string; relPath: string; stats: FileStats | null }> = [];
  for (const file of found.files) {
    let stats: FileStats | null = null;
    if (cache) {
      try {
        const { size, mtimeMs, ctimeMs, ino } = statSync(file.path);
        stats = { size, mtimeMs, ctimeMs, ino };
      } catch (error) {
        // Gone since the walk: reading it will say so.
        if (!isSystemError(error)) throw error;
      }
      if (stats) allStats?.set(file.relPath, stats);
      present.add(file.relPath);
      const entry = cache.entries.get(file.relPath);
      if (stats && isCurrent(entry, stats, entry?.recordedMs ?? 0)) {
        for (const reason of entry.warnings) warnings.push({ file: file.path, reason });
        // The record parsed from the cache becomes the article itself: no copy for each of thousands.
        if (entry.article) {
          articles.push(Object.assign(entry.article as Article, { path: file.path, relPath: file.relPath, source: '', body: '', partial: true }));
        }
        continue;
      }
    }
    missing.push({ ...file, stats });
  }

  // Parsing costs module loading (YAML, slugs, Markdown titles): only for files the cache does not know.
  let loaded: LoadedFile[] = [];
  if (missing.length > 0) {
    const reader = await articleReader();
    loaded = whole
      ? missing.map((file, index) => {
          report(options.progress, index, missing.length);
          return reader.file(file.path, file.relPath);
        })
      : await parseInThreads(reader, missing, options.threads ?? 1, options.progress);
  }
  missing.forEach((file, index) => {
    const { article, warnings: found } = loaded[index]!;
    warnings.push(...found);
    if (article) articles.push(article);
    if (cache && file.stats) changed.set(file.relPath, { ...file.stats, article: article ? cachedPart(article) : null, warnings: found.map((w) => w.reason) });
  });
  if (cache && (changed.size > 0 || cache.entries.size !== present.size)) cache.save(changed, recordedMs, present);
  cache?.close();

  warnings.push(...duplicateWarnings(articles));
  return { root, articles, warnings, whole, stats: allStats, cachePath: cache?.path ?? null, cacheWarning };
}

function report(progress: LoadOptions['progress'], index: number, total: number): void {
  if (progress && total >= PROGRESS_FROM && (index % 100 === 0 || index === total - 1)) progress(index + 1, total);
}

export interface HeadJob {
  path: string;
  relPath: string;
}

/**
 * A cold listing of a large library is CPU-bound (UTF-8 decoding, word
 * counts, front matter): the files are shared out between threads (see
 * threads.ts), and the results come back in the files' order.
 */
async function parseInThreads(reader: ArticleReader, files: readonly HeadJob[], threads: number, progress: LoadOptions['progress']): Promise<LoadedFile[]> {
  const { shared } = await import('./read/threads.js');
  return shared(files, threads, (share) => {
    // Progress counts this thread's share, scaled: the others go at about the same pace.
    const scaled = progress && ((done: number) => progress(Math.min(files.length, Math.round((done * files.length) / share.length)), files.length));
    return reader.heads(share, (index) => report(scaled, index, share.length));
  });
}


export interface Searchable {
  /** The articles that may hold every word (all of them when the index cannot tell). */
  articles: readonly Article[];
  /** The body of one of them, read when asked and not kept; null when it cannot be read. */
  bodyOf: (article: Article) => Body | null;
  /** Their bm25 from the index (see words.ts), lower is better; null when it gave none. */
  ranks: ReadonlyMap<string, number> | null;
}

/**
 * What a search must read to answer `query`, and the bm25 to rank it by.
 * The library's FTS5 index (in its database, beside the listing records)
 * rules out the articles that cannot match; it is brought up to date first,
 * reading the files whose words it does not hold. Without the cache, the
 * articles (read whole) are indexed in memory, so that they rank the same.
 * For a query the index cannot narrow, every article is a candidate.
 * Bodies are read one at a time as the search asks for them, as bytes (see
 * bytePattern in find/patterns.ts), so a search never holds the library.
 */
export async function searchable(library: Library, query: Query, progress?: (done: number, total: number) => void): Promise<Searchable> {
  const { stats, cachePath } = library;
  const { indexedCandidates, memoryCandidates } = await import('./store/store.js');
  // Read whole (no cache): every article is there, indexed in memory to be ranked as with the cache.
  if (library.whole || !stats || !cachePath) {
    const { holders, ranks } = memoryCandidates(library.articles, query);
    return { articles: holders === null ? library.articles : library.articles.filter((article) => holders.has(article.relPath)), bodyOf: heldBody, ranks };
  }
  const found = indexedCandidates(
    cachePath,
    library.articles,
    (article) => (article.partial ? bodyText(article.path, stats.get(article.relPath)?.size ?? 0) : article.body),
    query,
    progress && ((done, total) => report(progress, done, total)),
  );
  const holders = found.holders;
  const chosen = holders === null ? library.articles : library.articles.filter((article) => holders.has(article.relPath));
  return { articles: chosen, bodyOf: (article) => (article.partial ? bodyBytes(article.path) : heldBody(article)), ranks: found.ranks };
}

/**
 * Searches the candidates, reading each body as it is matched. (Sharing this
 * between threads as a cold listing does was measured: on this two-core
 * machine it gained nothing, 1.21 s against 1.24 s for 10,000 articles.)
 */
export async function searchCandidates(found: Searchable, query: Query, options: { section?: string; limit?: number }): Promise<SearchHit[]> {
  const { searchBodies } = await import('./find/search.js');
  return searchBodies(found.articles, found.bodyOf, query, { ...options, ranks: found.ranks });
}

function heldBody(article: Article): Body | null {
  return article.partial ? null : { text: article.body, bytes: false };
}

/** The body of a file known from the cache, for the word index; null when it is too large, binary or unreadable now. */
function bodyText(path: string, size: number): string | null {
  if (size > MAX_ARTICLE_BYTES) return null;
  try {
    const decoded = decodeBytes(readFileSync(path));
    return decoded.kind === 'text' ? locateFrontMatter(decoded.text).body : null;
  } catch (error) {
    if (!isSystemError(error)) throw error;
    return null;
  }
}

const UTF8_BOM = '\xef\xbb\xbf';

/** The body of a file as its bytes, one character a byte: no UTF-8 decoding, which is most of a search's time. */
function bodyBytes(path: string): Body | null {
  try {
    const bytes = readAtMost(path, MAX_ARTICLE_BYTES);
    if (bytes === null || bytes.subarray(0, BINARY_PROBE).includes(0)) return null;
    const text = bytes.toString('latin1');
    return { text: locateFrontMatter(text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text).body, bytes: true };
  } catch (error) {
    // Unreadable since it was listed: read will say why.
    if (!isSystemError(error)) throw error;
    return null;
  }
}

/** A file's bytes, or null when it holds more than `max`: one open, one fstat, no stat by path first. */
function readAtMost(path: string, max: number): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > max) return null;
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function cachedPart(article: Article): CacheEntry['article'] {
  const { path: _path, relPath: _relPath, source: _source, body: _body, partial: _partial, ...rest } = article;
  return rest;
}

export interface LoadedFile {
  article: Article | null;
  warnings: Warning[];
}

/**
 * The largest file read whole. Rendering takes about twenty times a file's
 * size in memory, and a JavaScript string holds at most 512 Mi characters.
 */
const MAX_ARTICLE_BYTES = 100 * 1024 * 1024;

type Parse = (typeof import('./read/article.js'))['parseArticle'];

/**
 * What reads article files, from articleReader(). Problems become
 * warnings, never exceptions.
 */
export interface ArticleReader {
  /** One whole article file. Without `relPath`, the file is on its own, in no library. */
  file(path: string, relPath?: string): LoadedFile;
  /** An article from bytes already read: standard input. */
  bytes(bytes: Uint8Array, path: string, relPath: string, outside: boolean): LoadedFile;
  /** The heads of files, in order (the work of one thread). */
  heads(files: readonly HeadJob[], progress?: (done: number) => void): LoadedFile[];
}

let reader: Promise<ArticleReader> | null = null;

/**
 * The article reader, with the parser and what it needs (YAML, slugs,
 * Markdown titles) loaded on first use: a listing served from the cache
 * never pays for them.
 */
export function articleReader(): Promise<ArticleReader> {
  reader ??= import('./read/article.js').then(({ parseArticle }) => ({
    file: (path, relPath) => loadFile(parseArticle, path, relPath),
    bytes: (bytes, path, relPath, outside) => fromBytes(parseArticle, bytes, path, relPath, undefined, outside),
    heads: (files, progress) =>
      files.map((file, index) => {
        progress?.(index);
        return loadHead(parseArticle, file.path, file.relPath);
      }),
  }));
  return reader;
}

function loadFile(parse: Parse, path: string, relPath?: string): LoadedFile {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_ARTICLE_BYTES) {
      const reason = `too large to read whole (${Math.round(size / 1024 / 1024)} MB; the limit is ${MAX_ARTICLE_BYTES / 1024 / 1024} MB)`;
      return { article: null, warnings: [{ file: path, reason }] };
    }
    bytes = readFileSync(path);
  } catch (error) {
    return { article: null, warnings: [{ file: path, reason: `cannot read: ${describeFsError(error)}` }] };
  }
  return fromBytes(parse, bytes, path, relPath ?? basename(path), undefined, relPath === undefined);
}

/**
 * Listing needs the front matter, the title and a word count: the first
 * HEAD_BYTES of a file give them, so a 1 GB article costs no more than a small
 * one. The article is marked partial; `read` loads it whole.
 */
const HEAD_BYTES = 64 * 1024;

function loadHead(parse: Parse, path: string, relPath: string): LoadedFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { article: null, warnings: [{ file: path, reason: `cannot read: ${describeFsError(error)}` }] };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { article: null, warnings: [{ file: path, reason: 'not a regular file; skipped' }] };
    const buffer = Buffer.alloc(Math.min(stats.size, HEAD_BYTES));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    return fromBytes(parse, bytes, path, relPath, stats.size > read ? { bytes: read, size: stats.size } : undefined);
  } catch (error) {
    return { article: null, warnings: [{ file: path, reason: `cannot read: ${describeFsError(error)}` }] };
  } finally {
    closeSync(fd);
  }
}

function fromBytes(parse: Parse, bytes: Uint8Array, path: string, relPath: string, head?: { bytes: number; size: number }, outside = false): LoadedFile {
  const decoded = decodeBytes(bytes, head !== undefined);
  if (decoded.kind === 'binary') {
    return { article: null, warnings: [{ file: path, reason: 'binary content (NUL bytes), not Markdown; skipped' }] };
  }
  const warnings: Warning[] = [];
  if (decoded.warning) warnings.push({ file: path, reason: decoded.warning });
  const parsed = parse({ path, relPath, text: decoded.text, head, outside });
  for (const reason of parsed.warnings) warnings.push({ file: path, reason });
  return { article: parsed.article, warnings };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    if (!isSystemError(error)) throw error;
    return false;
  }
}

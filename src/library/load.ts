import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failure } from '../errors.js';
import { decodeBytes, parseArticle } from './article.js';
import { describeFsError, discover } from './discover.js';
import { duplicateWarnings } from './catalog.js';
import type { Article, Warning } from '../types.js';

/** The `articles/` folder shipped inside the package. */
const EMBEDDED_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'articles');

export interface RootChoice {
  root: string;
  /** Where the choice came from, for error messages. */
  origin: '--dir' | 'KIOSK_DIR' | './articles' | 'embedded';
}

/** The library root: `--dir`, else `KIOSK_DIR`, else `./articles` when it exists, else the embedded library. */
export function chooseRoot(dirFlag: string | undefined, envDir: string | undefined, cwd: string): RootChoice {
  if (dirFlag !== undefined && dirFlag !== '') return { root: resolve(cwd, dirFlag), origin: '--dir' };
  if (envDir !== undefined && envDir !== '') return { root: resolve(cwd, envDir), origin: 'KIOSK_DIR' };
  const local = resolve(cwd, 'articles');
  if (isDirectory(local)) return { root: local, origin: './articles' };
  return { root: EMBEDDED_ROOT, origin: 'embedded' };
}

export interface Library {
  root: string;
  articles: Article[];
  warnings: Warning[];
  /** Every file was read whole (for search), not only its head. */
  whole: boolean;
}

export function loadLibrary(choice: RootChoice, options: { whole?: boolean } = {}): Library {
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
  const warnings = [...found.warnings];
  const articles: Article[] = [];
  for (const file of found.files) {
    const loaded = whole ? loadFile(file.path, file.relPath) : loadHead(file.path, file.relPath);
    warnings.push(...loaded.warnings);
    if (loaded.article) articles.push(loaded.article);
  }
  warnings.push(...duplicateWarnings(articles));
  return { root, articles, warnings, whole };
}

export interface LoadedFile {
  article: Article | null;
  warnings: Warning[];
}

/** Reads and parses one article file; problems become warnings, never exceptions. */
/**
 * The largest file read whole. Rendering takes about twenty times a file's
 * size in memory, and a JavaScript string holds at most 512 Mi characters.
 */
const MAX_ARTICLE_BYTES = 100 * 1024 * 1024;

export function loadFile(path: string, relPath: string = basename(path)): LoadedFile {
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
  return fromBytes(bytes, path, relPath);
}

/**
 * Listing needs the front matter, the title and a word count: the first
 * HEAD_BYTES of a file give them, so a 1 GB article costs no more than a small
 * one. The article is marked partial; `read` loads it whole.
 */
const HEAD_BYTES = 64 * 1024;

export function loadHead(path: string, relPath: string): LoadedFile {
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
    return fromBytes(bytes, path, relPath, stats.size > read ? { bytes: read, size: stats.size } : undefined);
  } catch (error) {
    return { article: null, warnings: [{ file: path, reason: `cannot read: ${describeFsError(error)}` }] };
  } finally {
    closeSync(fd);
  }
}

export function fromBytes(bytes: Uint8Array, path: string, relPath: string, head?: { bytes: number; size: number }): LoadedFile {
  const decoded = decodeBytes(bytes, head !== undefined);
  if (decoded.kind === 'binary') {
    return { article: null, warnings: [{ file: path, reason: 'binary content (NUL bytes), not Markdown; skipped' }] };
  }
  const warnings: Warning[] = [];
  if (decoded.warning) warnings.push({ file: path, reason: decoded.warning });
  const parsed = parseArticle({ path, relPath, text: decoded.text, head });
  for (const reason of parsed.warnings) warnings.push({ file: path, reason });
  return { article: parsed.article, warnings };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `kiosk import`: saved pages (plain text or HTML) become articles of the
 * library. The only command that writes into a library, and it writes
 * through a temporary file and a rename, never over an article without
 * `--force`, and never outside the library's folder.
 *
 * This module is part of every command's start-up bundle (as a chunk of its
 * own it would split the modules it shares with main.js into more files, a
 * few milliseconds for every `kiosk list`); what only an import needs
 * (YAML, slugs, the text and HTML readers) is loaded when it runs.
 */
import { closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { failure, KioskError, usageError } from '../errors.js';
import { isoDate } from '../library/read/dates.js';
import { decodeBytes } from '../library/read/decode.js';
import { describeFsError } from '../library/read/discover.js';
import { CWD_GONE } from '../library/load.js';
import { sanitizeBody, sanitizeLine } from '../render/sanitize.js';
import type { Article } from '../types.js';
import type { Imported } from './article.js';

export interface ImportOptions {
  section?: string;
  title?: string;
  date?: string;
  author?: string;
  tag?: string[];
  lang?: string;
  from?: 'text' | 'html';
  dryRun?: boolean;
  force?: boolean;
}

export interface ImportContext {
  /** Null when the current folder was deleted: only absolute paths can be read then. */
  cwd: string | null;
  /** The library folder, or null when there is none to write into (only --dry-run works then). */
  root: string | null;
  /** Why there is no root, for the error. */
  noRoot: string;
  readStdin: () => Promise<Uint8Array>;
  /** The articles of the library as they are now (for taken slugs). */
  articles: () => Promise<readonly Article[]>;
  /** Where to tell about a file that was imported with a problem. */
  warn: (file: string, reason: string) => void;
  /** Shows a path to the user: relative to the current folder when inside it. */
  display: (path: string) => string;
}

export interface ImportResult {
  /** The Markdown of each article (the output of --dry-run), or the paths written. */
  stdout: string;
  /** One line per source that could not be imported. */
  errors: KioskError[];
}

export async function importSources(sources: readonly string[], options: ImportOptions, context: ImportContext): Promise<ImportResult> {
  checkOptions(sources, options);
  if (!options.dryRun && context.root === null) throw failure(context.noRoot);
  let stdout = '';
  const errors: KioskError[] = [];
  const written = new Set<string>();
  for (const source of sources) {
    try {
      const markdown = await convert(source, options, context);
      if (options.dryRun) {
        stdout += (stdout === '' ? '' : '\n') + markdown.text;
        continue;
      }
      const path = await place(markdown, options, context, written);
      written.add(path);
      // A folder of the library may have any name, escape sequences included.
      stdout += `${sanitizeLine(context.display(path))}\n`;
    } catch (error) {
      // One source that fails in a way nobody foresaw still leaves the others to import.
      errors.push(error instanceof KioskError ? error : failure(`${source}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return { stdout, errors };
}

function checkOptions(sources: readonly string[], options: ImportOptions): void {
  if (sources.filter((source) => source === '-').length > 1) throw usageError('standard input (-) can be imported only once');
  if (options.title !== undefined && sources.length > 1) throw usageError('--title names one article: import one file at a time with it');
  if (options.date !== undefined && isoDate(options.date) === null) throw usageError(`--date "${options.date}" is not a date like 2024-08-10`);
  for (const [name, value] of [['--title', options.title], ['--section', options.section]] as const) {
    if (value !== undefined && value.trim() === '') throw usageError(`${name} is empty`);
  }
}

interface Converted {
  /** The whole file: front matter and body. */
  text: string;
  title: string;
  section: string | null;
  /** What the user calls the source, for messages. */
  name: string;
}

async function convert(source: string, options: ImportOptions, context: ImportContext): Promise<Converted> {
  const name = source === '-' ? 'standard input' : source;
  let bytes: Uint8Array;
  if (source !== '-' && context.cwd === null && !isAbsolute(source)) throw failure(`cannot read ${name}: ${CWD_GONE}; give its absolute path`);
  try {
    bytes = source === '-' ? await context.readStdin() : readFileSync(resolve(context.cwd ?? '/', source));
  } catch (error) {
    throw failure(`cannot read ${name}: ${reason(error)}`);
  }
  const decoded = decodeBytes(bytes);
  if (decoded.kind === 'binary') throw failure(`${name} is binary, not text or HTML; nothing imported`);
  let text = decoded.text;
  if (decoded.warning) {
    const legacy = await legacyText(bytes);
    if (legacy) context.warn(name, `not UTF-8; read as ${legacy.encoding}${legacy.note}`);
    else context.warn(name, decoded.warning);
    text = legacy?.text ?? text;
  }
  text = text.replace(/^\ufeff/, '');
  if (text.trim() === '') throw failure(`${name} is empty; nothing imported`);

  const format = options.from ?? (looksLikeHtml(text) ? 'html' : 'text');
  const fallbackTitle = source === '-' ? undefined : titleFromFileName(source);
  let imported: Imported;
  if (format === 'html') {
    const { htmlToArticle } = await import('./html.js');
    imported = htmlToArticle(text, { title: options.title });
  } else {
    const { textToArticle } = await import('./text.js');
    imported = textToArticle(text, { title: options.title, section: options.section });
  }
  for (const warning of imported.warnings ?? []) context.warn(name, warning);
  let title = imported.title;
  let body = imported.body;
  if (title === null) {
    if (fallbackTitle === undefined) throw failure(`no title found in ${name}; give one with --title`);
    title = fallbackTitle;
    const { escapeMarkdown } = await import('./escape.js');
    body = `# ${escapeMarkdown(title)}\n\n${body}`;
  }
  if (body.replace(/^# .*\n/, '').trim() === '') throw failure(`no article text found in ${name}; nothing imported`);
  const section = options.section ?? imported.section;
  const lang = options.lang ?? imported.lang ?? (await guessLanguage(imported.text));
  const tags = options.tag && options.tag.length > 0 ? options.tag : imported.tags && imported.tags.length > 0 ? imported.tags : undefined;
  // A page is untrusted: controls and bidi overrides in it become visible marks in the file, for any tool that shows it.
  const line = (value: string | null | undefined) => (value === null || value === undefined ? undefined : sanitizeLine(value));
  const fields = {
    title: line(title),
    section: line(section),
    date: (options.date !== undefined ? isoDate(options.date) : imported.date) ?? undefined,
    author: line(options.author ?? imported.author),
    tags: tags?.map(sanitizeLine),
    lang: line(lang),
  };
  const { frontMatter } = await import('./article.js');
  return { text: `${frontMatter(fields)}\n${sanitizeBody(body)}`, title: sanitizeLine(title), section: line(section) ?? null, name };
}

/**
 * A page that is not UTF-8 was most likely saved in the encoding its
 * `<meta charset>` names, else in Windows-1252 (Latin-1 with typographic
 * quotes), as older browsers and editors did: read so, its accents survive
 * instead of becoming U+FFFD. iconv-lite decodes: Node 20's TextDecoder
 * reads windows-1252 as Latin-1 (nodejs/node#60888), turning “ into U+0093.
 * Null when the page claims UTF-8 (it is then only damaged) or names an
 * encoding iconv-lite does not know.
 */
async function legacyText(bytes: Uint8Array): Promise<{ text: string; encoding: string; note: string } | null> {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const declared = /<meta[^<>]*?charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared !== undefined && /^utf-?8$/.test(declared)) return null;
  // Far more good UTF-8 than bad bytes: damaged UTF-8, whatever the page says.
  if (mostlyUtf8(bytes)) return null;
  const { default: iconv } = await import('iconv-lite');
  const fallback = (note: string) => ({ text: iconv.decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252', note });
  if (declared === undefined) return fallback('');
  // UTF-16 and UTF-32 put a NUL byte in every ASCII character, and text with NUL bytes was refused as binary.
  if (/^(?:utf-?(?:16|32)|ucs-?[24]|unicode)/.test(declared)) return fallback(`, not the ${declared} it declares`);
  if (!iconv.encodingExists(declared)) return fallback(`, not the ${declared} it declares (unknown)`);
  const text = iconv.decode(Buffer.from(bytes), declared);
  // Bytes that the declared encoding cannot read (U+FFFD): the declaration is wrong.
  if (text.includes('\ufffd')) return fallback(`, not the ${declared} it declares`);
  return { text, encoding: declared, note: '' };
}

/** Whether valid multi-byte UTF-8 sequences outnumber the bytes that are not UTF-8, twice over. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) {
      invalid++;
      i++;
    } else {
      if (length > 1) valid++;
      i += length;
    }
  }
  return valid > 2 * invalid;
}

/** HTML is told from text by its first tag: a doctype, or an element that opens a page or its body. */
export function looksLikeHtml(text: string): boolean {
  const start = text.slice(0, 4096).replace(/^\s+/, '');
  if (/^<(?:!doctype\s+html|html|head|body|meta|title|article|main|section|div|p|h[1-6]|!--)[\s>]/i.test(start)) return true;
  return /<html[\s>]/i.test(start) && /<\/(?:body|html|p|div)>/i.test(text);
}

/** `bare-fragment.html` → `Bare fragment`. */
function titleFromFileName(source: string): string {
  const words = basename(source).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim() || basename(source);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The language of a text long enough to tell (franc, trigrams), as the
 * two-letter code where there is one (`fra` → `fr`); else null.
 */
async function guessLanguage(text: string): Promise<string | null> {
  if (text.length < 200) return null;
  const { franc } = await import('franc-min');
  const code = franc(text, { minLength: 200 });
  if (code === 'und') return null;
  try {
    return Intl.getCanonicalLocales(code)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Writes the article at `<root>/<section-slug>/<slug>.md` (at the root when
 * there is no section): checks that the slug is free, that the folder is
 * inside the library, then writes a temporary file beside the target and
 * links or renames it into place.
 */
async function place(converted: Converted, options: ImportOptions, context: ImportContext, written: Set<string>): Promise<string> {
  const root = context.root!;
  const { slugify } = await import('../library/read/slug.js');
  const slug = slugify(converted.title) || 'article';
  const folderName = converted.section !== null ? slugify(converted.section) : '';
  const folder = folderName === '' ? root : join(root, folderName);
  const target = join(folder, `${slug}.md`);
  const shown = context.display(target);

  // The library as loaded before this run does not know what the run itself wrote: two pages with one title never replace each other, even with --force.
  const other = written.has(target) ? target : (await context.articles()).find((article) => article.slug === slug && article.path !== target)?.path;
  if (other !== undefined) throw failure(`${converted.name}: the slug "${slug}" is taken by ${context.display(other)}; give another --title`);
  if (!options.force && exists(target)) throw alreadyExists(converted.name, shown);

  let realRoot: string;
  let realFolder: string;
  let made = false;
  try {
    realRoot = realpathSync(root);
    if (!existsSync(folder)) {
      mkdirSync(folder);
      made = true;
    }
    realFolder = realpathSync(folder);
  } catch (error) {
    throw failure(`${converted.name}: cannot make the folder ${context.display(folder)}: ${reason(error)}`);
  }
  // A file, a FIFO or a device that has the section's name.
  if (!isFolder(realFolder)) throw failure(`${converted.name}: ${context.display(folder)} is not a folder, so the section cannot go there; nothing written`);
  if (realFolder !== realRoot && !realFolder.startsWith(realRoot + sep)) {
    throw failure(`${converted.name}: ${shown} would be outside the library (${relative(realRoot, realFolder)}); nothing written`);
  }
  try {
    writeNew(target, converted.text, options.force === true, shown, converted.name);
  } catch (error) {
    // Nothing written means no new empty section folder either.
    if (made) removeEmptyFolder(folder);
    throw error;
  }
  return target;
}

function removeEmptyFolder(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Something else put a file there meanwhile: it stays.
  }
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A reader of the library sees no file or the whole file, never half of one:
 * the text goes to a hidden temporary file in the same folder, flushed to
 * disk, then takes the target's name. Without `force` a hard link does that,
 * which fails if the name was taken meanwhile; with it, a rename replaces.
 */
function writeNew(target: string, text: string, force: boolean, shown: string, name: string): void {
  const temporary = join(target, '..', `.${basename(target)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeWhole(fd, Buffer.from(text));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (force) renameSync(temporary, target);
    else linkOrRename(temporary, target, () => alreadyExists(name, shown));
  } catch (error) {
    if (error instanceof KioskError) throw error;
    throw failure(`${name}: cannot write ${shown}: ${reason(error)}; nothing written`);
  } finally {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Never made (the folder is not one): nothing to remove.
    }
  }
}

/**
 * Writes every byte, or throws: a write to a full disk may write part of
 * what it was given and return the count, without an error (a 157 KB page
 * became 57,344 bytes, and kiosk said it was imported).
 */
function writeWhole(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) {
    const n = writeSync(fd, bytes, written, bytes.length - written);
    if (n <= 0) throw Object.assign(new Error('no space left on the device'), { code: 'ENOSPC' });
    written += n;
  }
}

function linkOrRename(temporary: string, target: string, taken: () => KioskError): void {
  try {
    linkSync(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    // Some filesystems have no hard links: check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    if (exists(target)) throw taken();
    renameSync(temporary, target);
  }
}

function alreadyExists(name: string, shown: string): KioskError {
  return failure(`${name}: ${shown} already exists; nothing written (--force replaces it)`);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EEXIST') return 'something that is not a folder has that name';
  return describeFsError(error);
}

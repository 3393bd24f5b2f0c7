import { plainInline } from './plain-text.js';
import { splitFrontMatter } from './front-matter.js';
import { UNCLOSED } from './body.js';
import { slugify, symbolSlug } from './slug.js';
import { isoDate } from './dates.js';
import { fileStem, trimChars } from '../../text.js';
import type { Article } from '../../types.js';

export interface ArticleInput {
  /** Absolute path, or `-` for standard input. */
  path: string;
  /** Path relative to the library root, `/`-separated. */
  relPath: string;
  text: string;
  /** When `text` is only the head of the file: the file's whole size and the head's, in bytes. */
  head?: { bytes: number; size: number };
  /** A file read on its own (a path, standard input), in no library: it has no section. */
  outside?: boolean;
}

export interface ParsedArticle {
  article: Article;
  /** Problems found in this file, without its name. */
  warnings: string[];
}

const WORDS_PER_MINUTE = 230;
const KNOWN_FIELDS = new Set(['title', 'section', 'slug', 'date', 'author', 'tags', 'summary', 'lang', 'draft']);

/** Turns the text of one file into an Article, every field with its fallback. */
export function parseArticle(input: ArticleInput): ParsedArticle {
  const { data, body, warnings } = splitFrontMatter(input.text);
  // Listing reads a file's head: a front matter longer than that is not unclosed, only unread.
  if (input.head && input.head.bytes < input.head.size) {
    const cut = warnings.indexOf(UNCLOSED);
    if (cut !== -1) warnings[cut] = `front matter longer than the first ${Math.round(input.head.bytes / 1024)} KiB, which is all a listing reads; its fields are not listed`;
  }
  const field = (name: string): string | null => {
    const value = stringField(data[name]);
    if (value === undefined) {
      warnings.push(`"${name}" should be text; ignored`);
      return null;
    }
    return value;
  };

  const baseName = fileStem(input.relPath);
  // Outside a library, the first heading of any level names the text better than a file name, or `stdin`.
  const title =
    field('title') ??
    firstLevelOneHeading(body) ??
    (input.outside ? firstHeading(body, ATX_ANY, SETEXT_ANY) : null) ??
    (input.path === '-' ? 'Standard input' : baseName);
  const section = field('section') ?? (input.outside ? '' : (firstFolder(input.relPath) ?? 'Unsorted'));

  let slug = '';
  const givenSlug = field('slug');
  if (givenSlug !== null) {
    slug = slugify(givenSlug);
    if (slug === '') warnings.push(`"slug" ${JSON.stringify(givenSlug)} has no usable characters; using the file name`);
  }
  if (slug === '') slug = slugify(baseName) || symbolSlug(baseName) || 'article';

  const date = dateField(data.date, warnings);
  const headWords = countWords(body);
  // A head stands for the whole file: its words scale with the file's size.
  const words = input.head ? Math.round((headWords * input.head.size) / Math.max(input.head.bytes, 1)) : headWords;
  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!KNOWN_FIELDS.has(key)) meta[key] = value;
  }

  const article: Article = {
    path: input.path,
    relPath: input.relPath,
    slug,
    title,
    section,
    date,
    author: listOrText(data.author, 'author', warnings),
    tags: tagsField(data.tags, warnings),
    summary: field('summary'),
    lang: field('lang'),
    draft: draftField(data.draft, warnings),
    meta,
    source: input.text,
    body,
    words,
    readingMinutes: words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
    partial: input.head !== undefined,
  };
  return { article, warnings };
}

/**
 * A single-line text field: strings and numbers are kept, absent is null,
 * anything else is undefined (the caller warns).
 */
function stringField(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = oneLine(String(value));
    return text === '' ? null : text;
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return undefined;
}

function listOrText(value: unknown, name: string, warnings: string[]): string | null {
  if (Array.isArray(value)) {
    const parts = value.map(stringField).filter((part): part is string => typeof part === 'string');
    return parts.length > 0 ? parts.join(', ') : null;
  }
  const text = stringField(value);
  if (text === undefined) {
    warnings.push(`"${name}" should be text; ignored`);
    return null;
  }
  return text;
}

function tagsField(value: unknown, warnings: string[]): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (items === null) {
    warnings.push('"tags" should be a list or comma-separated text; ignored');
    return [];
  }
  const tags: string[] = [];
  for (const item of items) {
    const tag = stringField(item);
    if (typeof tag === 'string' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function dateField(value: unknown, warnings: string[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  const date = typeof value === 'string' ? isoDate(value) : null;
  if (date !== null) return date;
  warnings.push(`"date" ${oneLine(JSON.stringify(value) ?? String(value))} is not an ISO date (YYYY-MM-DD); ignored`);
  return null;
}

function draftField(value: unknown, warnings: string[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|yes|false|no)$/i.test(value.trim())) return /^(true|yes)$/i.test(value.trim());
  warnings.push('"draft" should be true or false; ignored');
  return false;
}

/** A value's lines joined into one: a front matter value may hold line breaks, a listing's field may not. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

function firstFolder(relPath: string): string | null {
  const slash = relPath.indexOf('/');
  return slash > 0 ? relPath.slice(0, slash) : null;
}

// Per UTF-16 code unit: 0 not yet known, 1 letter or digit, 2 whitespace (as \s), 3 other.
// Filled as characters are met: building it whole up front costs 12 ms of start-up.
const CLASSES = new Uint8Array(65536);

function classOf(code: number): number {
  let kind = CLASSES[code]!;
  if (kind === 0) {
    const char = String.fromCharCode(code);
    kind = /\s/.test(char) ? 2 : /[\p{L}\p{N}]/u.test(char) || (code >= 0xd800 && code <= 0xdfff) ? 1 : 3;
    CLASSES[code] = kind;
  }
  return kind;
}

/**
 * Whitespace-separated runs that hold a letter or a digit; Markdown marks
 * alone are not words. A single pass over the text, without splitting it:
 * listing counts the words of every article.
 */
export function countWords(markdown: string): number {
  let count = 0;
  // 0 between runs, 1 in a run without a letter yet, 2 in a counted run.
  let state = 0;
  for (let i = 0; i < markdown.length; i++) {
    const kind = classOf(markdown.charCodeAt(i));
    if (kind === 2) state = 0;
    else if (kind === 1) {
      if (state !== 2) {
        count++;
        state = 2;
      }
    } else if (state === 0) state = 1;
  }
  return count;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_ONE = /^ {0,3}#(?=[ \t]|$)/;
const SETEXT_ONE = /^ {0,3}=+[ \t]*$/;
const ATX_ANY = /^ {0,3}#{1,6}(?=[ \t]|$)/;
const SETEXT_ANY = /^ {0,3}(?:=+|-+)[ \t]*$/;

/** An ATX heading's text: spaces around it and a closing run of `#` (after a space, or alone) left out. */
function headingText(rest: string): string {
  const text = trimChars(rest, ' \t');
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || (end > 0 && text[end - 1] !== ' ' && text[end - 1] !== '\t')) return text;
  return trimChars(text.slice(0, end), ' \t', 'end');
}

/**
 * The text of the first level-1 heading, found by a line scan rather than a
 * full parse so that listing a large library stays cheap.
 */
export function firstLevelOneHeading(markdown: string): string | null {
  return firstHeading(markdown, ATX_ONE, SETEXT_ONE);
}

function firstHeading(markdown: string, atxOpen: RegExp, setextUnderline: RegExp): string | null {
  const lines = markdown.split(/\r?\n/);
  let fence: string | null = null;
  let previous = '';
  for (const line of lines) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) {
        fence = null;
      }
      previous = '';
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      previous = '';
      continue;
    }
    const atx = atxOpen.exec(line);
    if (atx) {
      const text = plainInline(headingText(line.slice(atx[0].length)));
      if (text !== '') return text;
    } else if (setextUnderline.test(line) && previous.trim() !== '' && !/^ {4}/.test(previous)) {
      const text = plainInline(previous);
      if (text !== '') return text;
    }
    previous = line;
  }
  return null;
}

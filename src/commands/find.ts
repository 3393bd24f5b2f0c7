/**
 * The article that `kiosk read` names: a slug, a section/slug, a file, `-`
 * for standard input, the start of a slug, words of a title; in PRODUCT.md's
 * order, with suggestions when nothing matches.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { failure } from '../errors.js';
import { distinctNames, findExact } from '../library/find/catalog.js';
import { articleReader, searchable, searchCandidates, type ArticleReader, type Library } from '../library/load.js';
import type { Environment } from '../options.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Article, Warning } from '../types.js';
import type { GlobalOptions } from './options.js';

const MARKDOWN_FILE = /\.(?:md|markdown)$/i;
/** Pages `kiosk import` makes into articles. */
const PAGE_FILE = /\.(?:html?|xhtml|txt|text)$/i;
const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

const resolving = () => import('../library/find/resolve.js');

/** What finding an article needs of the commands: the environment, the library, and where warnings go. */
export interface Finding {
  environment: Environment;
  readStdin: () => Promise<Uint8Array>;
  progress?: (done: number, total: number) => void;
  /** The library, read once when first needed. */
  load(globals: GlobalOptions): Promise<Library>;
  /** The library if it has been read. */
  library(): Library | null;
  warn(warnings: readonly Warning[]): void;
  displayPath(path: string): string;
}

/** Every word must appear in an article found: past this many, a query is surely a mistake (a pasted file). */
export const MAX_QUERY_WORDS = 100;

/** Resolves a query in PRODUCT.md's order; exits 1 with suggestions or candidates when it cannot. */
export async function findArticle(at: Finding, query: string, globals: GlobalOptions): Promise<Article> {
  let articles: readonly Article[] = [];
  let libraryError: unknown = null;
  try {
    articles = (await at.load(globals)).articles;
  } catch (error) {
    libraryError = error;
  }
  // Reading means parsing the file whole, whatever the cache knows.
  const reader = await articleReader();
  const pick = (found: Article[]): Article | null => {
    if (found.length === 1) return whole(at, reader, found[0]!);
    if (found.length > 1) throw ambiguous(query, found);
    return null;
  };

  const exact = pick(findExact(articles, query));
  if (exact) return exact;
  if (query === '-') return fromStdin(at, reader);
  const file = await asFile(at, reader, query);
  if (file) return file;
  if (libraryError) throw libraryError;
  const { didYouMean, findLoose } = await resolving();
  const loose = pick(findLoose(articles, query));
  if (loose) return loose;

  // A near spelling of a slug first; else the articles that hold the words.
  const hint =
    didYouMean(query, articles.map((article) => article.slug)) || ((await holding(at, query, globals)) ?? '; try `kiosk list` or `kiosk search`');
  throw failure(`no article matches "${sanitizeLine(query)}"${hint}`);
}

/** For a query that names no article: the articles that hold its words, as `search` finds them. */
async function holding(at: Finding, query: string, globals: GlobalOptions): Promise<string | null> {
  // The name as typed is words, not the query language: `trump#le-dementi` or `-x` mean nothing more.
  const words = (await import('../library/find/search.js')).plainQuery([query]);
  if (words.length === 0 || words.length > MAX_QUERY_WORDS) return null;
  const library = await at.load(globals);
  const hits = await searchCandidates(await searchable(library, words, at.progress), words, { limit: 3 });
  if (hits.length === 0) return null;
  const { quoteFor } = await import('../completion/shell-words.js');
  const [first, ...rest] = hits.map(({ article }) => quoteFor(article.slug, '', true));
  if (rest.length === 0) return `, but one holds it: \`kiosk read ${first}\``;
  return `, but some hold it, best first: ${[first, ...rest].join(', ')}; see \`kiosk search ${quoteFor(query, '', true)}\``;
}

/** The article found in the library, read whole if listing read only its head. */
function whole(at: Finding, reader: ArticleReader, article: Article): Article {
  const known = (at.library()?.warnings ?? []).filter((warning) => warning.file === article.path);
  if (!article.partial) {
    at.warn(known);
    return article;
  }
  // Read whole, the file speaks for itself: what its head alone said (a front matter cut short) is not repeated.
  const loaded = reader.file(article.path, article.relPath);
  if (!loaded.article) throw unreadable(at.displayPath(article.path), loaded.warnings);
  at.warn([...known.filter((warning) => warning.library), ...loaded.warnings]);
  return loaded.article;
}

async function fromStdin(at: Finding, reader: ArticleReader): Promise<Article> {
  const bytes = await at.readStdin();
  const loaded = reader.bytes(bytes, '-', 'stdin.md', true);
  at.warn(loaded.warnings);
  if (!loaded.article) throw failure('standard input is not Markdown text');
  return loaded.article;
}

/**
 * A query that names a Markdown file (`.md`, `.markdown`) on disk, relative
 * to the current folder or to the library. A file of the library is its
 * library article.
 */
async function asFile(at: Finding, reader: ArticleReader, query: string): Promise<Article | null> {
  const markdown = MARKDOWN_FILE.test(query);
  const page = !markdown && PAGE_FILE.test(query);
  if (!markdown && !page && !EXTENSION.test(query)) return null;
  const candidates = at.environment.cwd !== null || isAbsolute(query) ? [resolve(at.environment.cwd ?? '/', query)] : [];
  const library = at.library();
  if (library) candidates.push(resolve(library.root, query));
  const path = candidates.find((candidate) => existsSync(candidate));
  // No slug holds a dot: a name ending in .md or .html can only be a file.
  if (path === undefined) {
    if (markdown || page) throw failure(`no such file: ${sanitizeLine(query)}`);
    return null;
  }
  if (!statSync(path).isFile()) throw failure(`not a Markdown file: ${sanitizeLine(query)}`);
  if (!markdown) {
    const { quoteFor } = await import('../completion/shell-words.js');
    const hint = page ? `; to make it an article: \`kiosk import ${quoteFor(query, '', true)}\`` : '';
    throw failure(`${sanitizeLine(query)} is not Markdown${hint}`);
  }
  const known = library?.articles.find((article) => article.path === path);
  if (known) return whole(at, reader, known);
  const loaded = reader.file(path);
  if (!loaded.article) throw unreadable(query, loaded.warnings);
  at.warn(loaded.warnings);
  return loaded.article;
}

function unreadable(name: string, warnings: readonly Warning[]): Error {
  return failure(`${sanitizeLine(name)}: ${sanitizeLine(warnings.map((w) => w.reason).join('; ') || 'cannot read')}`);
}

function ambiguous(query: string, found: readonly Article[]): Error {
  const names = distinctNames(found);
  const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
  return failure(`"${sanitizeLine(query)}" matches ${found.length} articles: ${sanitizeLine(shown)}; give more of the slug or section/slug`);
}

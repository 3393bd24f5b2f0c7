import { isAbsolute, relative } from 'node:path';
import { failure, usageError } from './errors.js';
import type { Query } from './library/find/query.js';
import { filterArticles, findExact, groupBySection, nameKey, sectionNames, shortNames } from './library/find/catalog.js';
import { isoDate } from './library/read/dates.js';
import { chooseRoot, type RootChoice, articleReader, loadLibrary, searchable, searchCandidates, type Library } from './library/load.js';
import { cacheDirectory, colorLevel, parsingThreads, defaultFormat, explicitColorLevel, listWidth, parseCount, readWidth, type Environment } from './options.js';
import { articleRecord, toJson, type FullRecord } from './render/json.js';
import { sanitizeLine, sanitizeSource } from './render/sanitize.js';
import { renderPlainList, renderPlainSearch, renderPlainSections } from './render/tsv.js';
import type { Part, Rendered, RenderOptions } from './render/markdown.js';
import type { Article, ColorLevel, Warning } from './types.js';
import type { Theme } from './render/theme.js';
import { importSources } from './import/command.js';
import { findArticle, MAX_QUERY_WORDS } from './commands/find.js';
import type { ConfigOptions, GlobalOptions, ImportOptions, ListOptions, ReadOptions, SearchOptions } from './commands/options.js';
import type { ProgramModel } from './completion/engine.js';
import type { Shell } from './completion/scripts.js';

export type { ConfigOptions, GlobalOptions, ImportOptions, ListOptions, ReadOptions, SearchOptions } from './commands/options.js';

// Loaded on demand: a piped listing needs none of them.
const resolving = () => import('./library/find/resolve.js');
const listing = () => import('./render/listing.js');
const renderer = () => import('./render/markdown.js');

const LIMIT = { unit: 'articles', min: 1 } as const;



/** How a listing looks: its colours, whether it is laid out for a person, its width. */
interface View {
  level: ColorLevel;
  forPerson: boolean;
  width: number;
}

/** What a command decided to print. */
export interface Printed {
  stdout: string;
  /** Send stdout through the pager when it is taller than the screen. */
  page?: boolean;
  /** Exit 1 after writing everything: some of several things could not be done. */
  failed?: boolean;
}

/** What a run decided to print; main writes it. */
export interface Outcome extends Printed {
  /** Lines for stderr, each already starting with `kiosk:`. */
  stderr: string[];
}


/**
 * The commands themselves: each turns options into what to print. What
 * goes to stderr on the way (warnings, the errors of a batch) is kept in
 * `messages`. The library is loaded once, when a command first needs it.
 */
export class Commands {
  private library: Library | null = null;
  /** Lines for stderr, each starting with `kiosk:`, in the order they arose. */
  readonly messages: string[] = [];

  constructor(
    private readonly environment: Environment,
    private readonly readStdin: () => Promise<Uint8Array>,
    private readonly progress?: (done: number, total: number) => void,
  ) {}

  /**
   * Answers a completion script (`kiosk complete <shell> -- …`): the
   * candidates for the word under the cursor, from the library the line
   * names (`--dir`), else the one kiosk would read. Nothing is ever
   * reported: a library that cannot be read offers nothing.
   */
  async complete(shell: Shell, args: string[], model: ProgramModel): Promise<Printed> {
    const [{ complete }, { reply, typedWords }] = await Promise.all([import('./completion/engine.js'), import('./completion/scripts.js')]);
    const words = typedWords(shell, args);
    const globals: GlobalOptions = { dir: typedDir(words, this.environment.env.HOME), color: 'never', cache: true };
    const articles = async (): Promise<readonly Article[]> => {
      try {
        return (await this.load(globals)).articles;
      } catch (error) {
        // A shell's completion shows no error: a library that cannot be read offers nothing, unless kiosk is being debugged.
        if (this.environment.env.KIOSK_DEBUG === '1') throw error;
        return [];
      }
    };
    const completion = await complete(model, words, {
      articles,
      find: async (query) => {
        const all = await articles();
        const exact = findExact(all, query);
        if (exact.length > 0) return exact.length === 1 ? exact[0]! : null;
        const loose = (await resolving()).findLoose(all, query);
        return loose.length === 1 ? loose[0]! : null;
      },
      outline: async (article) => {
        const whole = article.partial ? (await articleReader()).file(article.path, article.relPath).article : article;
        if (!whole) return null;
        const headings = (await renderer()).outlineOf(whole.body);
        return headings[0]?.level === 1 && nameKey(headings[0].text) === nameKey(whole.title) ? headings.slice(1) : headings;
      },
    });
    return { stdout: reply(shell, args, completion) };
  }

  async list(positional: string | undefined, options: ListOptions, globals: GlobalOptions): Promise<Printed> {
    // The options are settled before the library is read: a mistake costs no time.
    if (positional !== undefined && options.section !== undefined && nameKey(positional) !== nameKey(options.section)) {
      throw usageError(`two different sections given: "${positional}" and --section "${options.section}"`);
    }
    const section = positional ?? options.section;
    const since = options.since === undefined ? undefined : isoDate(options.since);
    if (since === null) throw usageError(`--since takes an ISO date (YYYY-MM-DD), not "${options.since}"`);
    const limit = options.limit === undefined ? undefined : parseCount(options.limit, '--limit', LIMIT);
    const view = this.view(globals);
    const library = await this.load(globals);
    this.warn(library.warnings);
    if (section !== undefined) await checkSection(library.articles, section);
    const articles = filterArticles(library.articles, { section, tag: options.tag, author: options.author, since, drafts: options.drafts });
    let groups = groupBySection(articles);
    if (limit !== undefined) groups = firstArticles(groups, limit);
    const ordered = groups.flatMap((group) => group.articles);
    if (options.json) {
      return { stdout: toJson(ordered.map(articleRecord)) };
    } else if (view.forPerson && !options.plain) {
      const [theme, { renderListing }] = await Promise.all([this.theme(view.level), listing()]);
      return {
        stdout: groups.length > 0 ? renderListing(groups, theme, view.width, shortNames(library.articles)) : `No articles match in ${sanitizeLine(library.root)}\n`,
      };
    } else {
      return { stdout: renderPlainList(ordered) };
    }
  }

  async sections(options: { json?: boolean }, globals: GlobalOptions): Promise<Printed> {
    const view = this.view(globals);
    const library = await this.load(globals);
    this.warn(library.warnings);
    const counts = groupBySection(filterArticles(library.articles, {})).map((group) => ({ name: group.name, count: group.articles.length }));
    if (options.json) {
      return { stdout: toJson(counts) };
    } else if (view.forPerson) {
      const [theme, { renderSections }] = await Promise.all([this.theme(view.level), listing()]);
      return { stdout: renderSections(counts, theme, view.width) };
    } else {
      return { stdout: renderPlainSections(counts) };
    }
  }

  async search(typed: string[], options: SearchOptions, globals: GlobalOptions): Promise<Printed> {
    const query = await readQuery(typed);
    const limit = options.limit === undefined ? undefined : parseCount(options.limit, '--limit', LIMIT);
    const view = this.view(globals);
    // With the cache, the word index narrows what must be read; without it, every file is read whole.
    const library = await this.load(globals, { whole: globals.cache === false });
    this.warn(library.warnings);
    if (options.section !== undefined) await checkSection(library.articles, options.section);
    const candidates = await searchable(library, query, this.progress);
    const hits = await searchCandidates(candidates, query, { section: options.section, limit });
    // As with grep, finding nothing is a failure a script can test.
    if (hits.length === 0) throw failure(await nothingFound(query));
    if (options.json) {
      return {
        stdout: toJson(hits.map(({ article, score, rank, snippet }) => ({ slug: article.slug, title: article.title, section: article.section, score, rank, snippet }))),
      };
    } else if (view.forPerson) {
      const [theme, { renderSearch }] = await Promise.all([this.theme(view.level), listing()]);
      return { stdout: renderSearch(hits, theme, view.width, shortNames(library.articles)) };
    } else {
      return { stdout: renderPlainSearch(hits) };
    }
  }

  async read(query: string, options: ReadOptions, globals: GlobalOptions): Promise<Printed> {
    const width = readWidth(options.width, this.environment);
    const { articleQuery, part } = splitPart(query);
    const article = await this.find(articleQuery, globals);
    const level = colorLevel(globals.color, this.environment);
    const format = options.format ?? defaultFormat(level);
    const styled = format === 'ansi' ? explicitColorLevel(globals.color, this.environment) : 0;
    // The source as it is needs no renderer.
    if (format === 'markdown' && part === null && !options.toc) {
      return { stdout: asSource(article.source) };
    }
    const markdown = await renderer();

    if (options.toc) {
      const { toc } = await import('./render/toc.js');
      // Piped, one line per heading, as a script reads it; at a terminal, its width.
      const tocWidth = options.width !== undefined ? width : listWidth(this.environment);
      return { stdout: toc(markdown.outlineOf(article.body), article, format, await this.theme(styled), tocWidth) };
    }
    const partText = part === null ? null : await partMarkdown((slug) => markdown.partOf(article.body, slug), article, part.toLowerCase());
    const render = async (level: ColorLevel): Promise<Rendered> => {
      const body = partText ?? article.body;
      const options: RenderOptions = {
        width,
        theme: await this.theme(level),
        hyperlinks: level > 0 && (await this.environment.hyperlinks()),
        highlight: level > 0 && hasFencedCode(body) ? await (await import('./render/highlight.js')).loadHighlighter(level) : undefined,
      };
      const rendered = partText === null ? markdown.renderArticle(article, options) : markdown.renderMarkdown(partText, options);
      this.warn(rendered.warnings.map((reason) => ({ file: article.path, reason })));
      return rendered;
    };

    switch (format) {
      case 'markdown':
        return { stdout: asSource(partText ?? article.source) };
      case 'json': {
        const rendered = await render(0);
        const record: FullRecord = { ...articleRecord(article), headings: rendered.headings, footnotes: rendered.footnotes, markdown: partText ?? article.body, text: rendered.text };
        return { stdout: toJson(record) };
      }
      case 'ansi':
      case 'text': {
        return { stdout: (await render(styled)).text, page: options.pager !== false && this.environment.stdoutIsTTY };
      }
    }
  }

  async config(options: ConfigOptions, globals: GlobalOptions): Promise<Printed> {
    if (options.path) {
      // As it is for `$(kiosk config --path)`; a terminal sees its escapes made visible.
      const { path } = this.environment.config;
      return { stdout: `${this.environment.stdoutIsTTY ? sanitizeLine(path) : path}\n` };
    }
    const { renderSettings, settingsInEffect } = await import('./settings.js');
    const settings = settingsInEffect(this.environment, globals.color, this.root(globals));
    return { stdout: renderSettings(settings, options.json ? 'json' : this.environment.stdoutIsTTY ? 'person' : 'lines') };
  }

  async import(sources: string[], options: ImportOptions, globals: GlobalOptions): Promise<Printed> {
    const choice = this.root(globals);
    // The library shipped with kiosk belongs to the package: an upgrade would lose what went into it.
    const root = choice.origin === 'embedded' ? null : choice.root;
    if (root !== null && !options.dryRun) await this.load(globals);
    const result = await importSources(sources, options, {
      cwd: this.environment.cwd,
      root,
      noRoot: 'no library to import into (the embedded one is read-only): give --dir, set KIOSK_DIR, or run where ./articles is',
      readStdin: this.readStdin,
      articles: async () => (await this.load(globals)).articles,
      warn: (file, reason) => this.warn([{ file, reason }]),
      display: (path) => this.displayPath(path),
    });
    const [first] = result.errors;
    if (first && sources.length === 1) throw first;
    for (const error of result.errors) this.messages.push(`kiosk: ${sanitizeLine(error.message)}`);
    return { stdout: result.stdout, failed: result.errors.length > 0 };
  }

  private async load(globals: GlobalOptions, how: { whole?: boolean } = {}): Promise<Library> {
    if (!this.library || (how.whole && !this.library.whole)) {
      const choice = this.root(globals);
      const first = this.library === null;
      this.library = await loadLibrary(choice, {
        whole: how.whole ?? false,
        cacheDirectory: globals.cache === false ? null : cacheDirectory(this.environment),
        progress: this.progress,
        threads: parsingThreads(this.environment),
      });
      // Said once a run, whatever the command shows of the library's warnings.
      if (first && this.library.cacheWarning) this.warn([this.library.cacheWarning]);
    }
    return this.library;
  }

  /**
   * How a listing is to look, settled once from the flags, the environment
   * and the config. The views made for a person (aligned, wrapped, styled)
   * go to a terminal, and into a pipe when colour is asked for (`--color
   * always`, FORCE_COLOR), so that `fzf --ansi` and `less -R` get them; else
   * the TAB-separated lines.
   */
  private view(globals: GlobalOptions): View {
    const level = colorLevel(globals.color, this.environment);
    return { level, forPerson: this.environment.stdoutIsTTY || level > 0, width: listWidth(this.environment) };
  }

  private root(globals: GlobalOptions): RootChoice {
    return chooseRoot(globals.dir, this.environment.env.KIOSK_DIR, this.environment.cwd, this.environment.config.library?.value);
  }

  /** The theme at this level, with the config's restyled roles. */
  private async theme(level: ColorLevel): Promise<Theme> {
    const { createTheme } = await import('./render/theme.js');
    return createTheme(level, this.environment.config.theme);
  }

  /** One line per file, its reasons joined: a bad file never floods the terminal. */
  private warn(warnings: readonly Warning[]): void {
    const byFile = new Map<string, string[]>();
    for (const { file, reason } of warnings) {
      const reasons = byFile.get(file);
      if (reasons) reasons.push(reason);
      else byFile.set(file, [reason]);
    }
    for (const [file, reasons] of byFile) {
      this.messages.push(`kiosk: warning: ${sanitizeLine(this.displayPath(file))}: ${sanitizeLine(reasons.join('; '))}`);
    }
  }

  /** Resolves a query in PRODUCT.md's order; exits 1 with suggestions or candidates when it cannot. */
  private find(query: string, globals: GlobalOptions): Promise<Article> {
    return findArticle(
      {
        environment: this.environment,
        readStdin: this.readStdin,
        progress: this.progress,
        load: (globals) => this.load(globals),
        library: () => this.library,
        warn: (warnings) => this.warn(warnings),
        displayPath: (path) => this.displayPath(path),
      },
      query,
      globals,
    );
  }

  private displayPath(file: string): string {
    if (file === '-') return '<stdin>';
    if (this.environment.cwd === null) return file;
    const rel = relative(this.environment.cwd, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }

}

/** The library a command line being completed names with `--dir`, `~` expanded as the shell will. */
function typedDir(words: readonly string[], home: string | undefined): string | undefined {
  let dir: string | undefined;
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === '--dir') dir = words[i + 1];
    else if (words[i]!.startsWith('--dir=')) dir = words[i]!.slice('--dir='.length);
  }
  if (dir !== undefined && home && (dir === '~' || dir.startsWith('~/'))) return home + dir.slice(1);
  return dir;
}

async function checkSection(articles: readonly Article[], section: string): Promise<void> {
  const names = sectionNames(articles);
  if (names.some((name) => nameKey(name) === nameKey(section))) return;
  const { didYouMean } = await resolving();
  const hint = didYouMean(section, names, { otherwise: names.length > 0 ? `; sections: ${names.join(', ')}` : '' });
  throw failure(`no section "${sanitizeLine(section)}"${sanitizeLine(hint)}`);
}

/** The first `limit` articles in listing order, still grouped. */
function firstArticles<T extends { articles: Article[] }>(groups: T[], limit: number): T[] {
  const out: T[] = [];
  let left = limit;
  for (const group of groups) {
    if (left <= 0) break;
    out.push({ ...group, articles: group.articles.slice(0, left) });
    left -= group.articles.length;
  }
  return out;
}

/** `slug#heading-slug` → the article and the part; a lone `#` is part of the query. */
function splitPart(query: string): { articleQuery: string; part: string | null } {
  const hash = query.lastIndexOf('#');
  if (hash <= 0 || hash === query.length - 1) return { articleQuery: query, part: null };
  return { articleQuery: query.slice(0, hash), part: query.slice(hash + 1) };
}

/** The part `slug` names, or the one part whose heading's slug starts with it. */
async function partMarkdown(partOf: (slug: string) => Part, article: Article, slug: string): Promise<string> {
  const part = partOf(slug);
  if (part.found) return part.markdown;
  const prefixed = part.slugs.filter((each) => each.startsWith(slug));
  if (prefixed.length === 1) return partMarkdown(partOf, article, prefixed[0]!);
  if (prefixed.length > 1) {
    const shown = prefixed.slice(0, 5).map((each) => `#${each}`).join(', ') + (prefixed.length > 5 ? `, and ${prefixed.length - 5} more` : '');
    throw failure(`"#${sanitizeLine(slug)}" starts ${prefixed.length} headings of "${sanitizeLine(article.slug)}": ${sanitizeLine(shown)}; give more of it`);
  }
  const { didYouMean } = await resolving();
  const hint = didYouMean(slug, part.slugs, {
    show: (near) => `#${near}`,
    otherwise: part.slugs.length > 0 ? `; see \`kiosk read ${article.slug} --toc\`` : '',
  });
  throw failure(`"${sanitizeLine(article.slug)}" has no heading "#${sanitizeLine(slug)}"${hint}`);
}


/** Markdown shown as on disk: sanitised, ending with a newline. */
function asSource(markdown: string): string {
  const source = sanitizeSource(markdown);
  return source.endsWith('\n') || source === '' ? source : source + '\n';
}



function hasFencedCode(markdown: string): boolean {
  return /^ {0,3}(```|~~~)[ \t]*\S/m.test(markdown);
}

/** The search as typed, its arguments joined by spaces, read in the query language (see query.ts). */
async function readQuery(typed: readonly string[]): Promise<Query> {
  const [{ parseQuery, QueryError }, { usableQuery }] = await Promise.all([import('./library/find/query.js'), import('./library/find/search.js')]);
  const line = typed.join(' ');
  let query: Query;
  try {
    query = usableQuery(parseQuery(line));
  } catch (error) {
    if (error instanceof QueryError) throw usageError(`${error.message}, in the search ${sanitizeLine(line)}; see \`kiosk help search\``);
    throw error;
  }
  if (query.length === 0) throw usageError('search needs a word to look for, as in `kiosk search piratage`');
  const terms = query.flat().length;
  if (terms > MAX_QUERY_WORDS) throw usageError(`a search takes at most ${MAX_QUERY_WORDS} words, not ${terms}`);
  return query;
}

/** Why a search found nothing, in its own words: the words it needed, or the query as it could be typed again. */
async function nothingFound(query: Query): Promise<string> {
  const plain = query.every((group) => group.length === 1 && group[0]!.kind === 'word' && group[0]!.field === null && !group[0]!.negated);
  if (plain) return `no article contains ${query.map(([term]) => `"${sanitizeLine(term!.text)}"`).join(' and ')}`;
  const { showQuery } = await import('./library/find/query.js');
  return `no article matches the search ${sanitizeLine(showQuery(query))}`;
}

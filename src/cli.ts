import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { failure, usageError } from './errors.js';
import {
  closest,
  filterArticles,
  findExact,
  findLoose,
  groupBySection,
  distinctNames,
  sectionKey,
  sectionNames,
} from './library/catalog.js';
import { chooseRoot, fromBytes, loadFile, loadLibrary, type Library } from './library/load.js';
import {
  colorLevel,
  defaultFormat,
  explicitColorLevel,
  listWidth,
  readWidth,
  type ColorMode,
  type Environment,
} from './options.js';
import { articleRecord, toJson, type FullRecord } from './render/json.js';
import { renderListing, renderPlainList, renderSections } from './render/listing.js';
import { loadHighlighter } from './render/highlight.js';
import { outlineOf, renderArticle } from './render/markdown.js';
import { sanitizeLine, sanitizeSource } from './render/sanitize.js';
import { createTheme } from './render/theme.js';
import type { Article, Format, Warning } from './types.js';

/** Everything a run needs from outside, so tests can hand in their own. */
export interface Invocation {
  /** The arguments after `kiosk`. */
  args: string[];
  environment: Environment;
  readStdin: () => Promise<Uint8Array>;
  version: string;
}

/** What a run decided to print; main writes it. */
export interface Outcome {
  stdout: string;
  /** Lines for stderr, each already starting with `kiosk:`. */
  stderr: string[];
  /** Send stdout through the pager when it is taller than the screen. */
  page: boolean;
}

interface GlobalOptions {
  dir?: string;
  color: ColorMode;
}

const FORMATS: readonly Format[] = ['ansi', 'text', 'markdown', 'json'];

export async function run(invocation: Invocation): Promise<Outcome> {
  const outcome: Outcome = { stdout: '', stderr: [], page: false };
  const program = buildProgram(invocation, outcome);
  try {
    await program.parseAsync(withDefaultCommand(invocation.args), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return outcome;
      throw usageError(commanderMessage(error.message));
    }
    throw error;
  }
  return outcome;
}

/** `kiosk` alone, or with only global options, means `kiosk list`. */
function withDefaultCommand(args: string[]): string[] {
  const valued = new Set(['--dir', '--color']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (valued.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return args;
    if (['-h', '--help', '-V', '--version'].includes(arg)) return args;
  }
  return ['list', ...args];
}

function commanderMessage(message: string): string {
  return message
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

function buildProgram(invocation: Invocation, outcome: Outcome): Command {
  const { environment } = invocation;
  const program = new Command('kiosk')
    .description('Read a folder of Markdown articles: list them by section, read one by slug, pipe clean text or JSON.')
    .version(invocation.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--dir <path>', 'library folder (default: $KIOSK_DIR, ./articles, or the embedded library)')
    .addOption(new Option('--color <when>', 'colour output').choices(['auto', 'always', 'never']).default('auto'))
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => {
        outcome.stdout += text;
      },
      writeErr: (text) => {
        outcome.stdout += text;
      },
      outputError: () => {
        // Usage errors are reported by main as one `kiosk:` line.
      },
    })
    .addHelpText(
      'after',
      `
Examples:
  kiosk                              list the library by section
  kiosk read trump-menace            read an article by the start of its slug
  kiosk read monde/trump-menace | less   the same, as plain text through a pager
  kiosk list --json | jq -r '.[].title'  titles, from JSON
  kiosk --dir ~/notes sections       sections of another library

Environment: KIOSK_DIR (library folder), NO_COLOR, FORCE_COLOR, KIOSK_PAGER or PAGER,
KIOSK_DEBUG=1 (stack traces on errors).`,
    );

  const session = new Session(invocation, outcome);

  program
    .command('list')
    .description('list articles grouped by section (the default command)')
    .argument('[section]', 'only this section (case and accents ignored)')
    .option('--section <name>', 'only this section')
    .option('--drafts', 'include drafts')
    .option('--plain', 'one TAB-separated line per article, as when piped')
    .option('--json', 'JSON array of article records')
    .addHelpText(
      'after',
      `
Examples:
  kiosk list                         at a terminal: sections, dates, slugs, titles
  kiosk list monde                   one section
  kiosk list | cut -f2               slugs only (piped output is section, slug, date, title)
  kiosk list --json | jq '.[] | select(.words > 500) | .slug'`,
    )
    .action((section: string | undefined, options: ListOptions, command: Command) => {
      session.list(section, options, command.optsWithGlobals<GlobalOptions>());
    });

  program
    .command('sections')
    .description('section names with their article counts')
    .option('--json', 'JSON array of {name, count}')
    .addHelpText(
      'after',
      `
Examples:
  kiosk sections
  kiosk sections --json | jq -r '.[].name'`,
    )
    .action((options: { json?: boolean }, command: Command) => {
      session.sections(options, command.optsWithGlobals<GlobalOptions>());
    });

  program
    .command('read')
    .description('render one article')
    .argument('<query>', 'slug, section/slug, path to a Markdown file, - for stdin, or the start of a slug')
    .addOption(new Option('--format <format>', 'output format (default: ansi at a terminal, text when piped)').choices(FORMATS))
    .option('--width <n>', 'wrap width; 0 for no wrapping (default: terminal width up to 100, 80 piped)')
    .option('--pager', 'page output taller than the screen (the default at a terminal)')
    .option('--no-pager', 'never page')
    .option('--toc', 'print the outline of the article instead')
    .addHelpText(
      'after',
      `
Examples:
  kiosk read getting-started         by slug
  kiosk read guide/getting           section and the start of a slug
  kiosk read electorale              accents and case are ignored
  kiosk read notes.md                a file outside the library
  cat draft.md | kiosk read -        Markdown from standard input
  kiosk read trump-menace --format json | jq -r .text`,
    )
    .action(async (query: string, options: ReadOptions, command: Command) => {
      await session.read(query, options, command.optsWithGlobals<GlobalOptions>());
    });

  return program;
}

interface ListOptions {
  section?: string;
  drafts?: boolean;
  plain?: boolean;
  json?: boolean;
}

interface ReadOptions {
  format?: Format;
  width?: string;
  pager?: boolean;
  toc?: boolean;
}

/** One run's state: the library is loaded once, when a command first needs it. */
class Session {
  private library: Library | null = null;

  constructor(
    private readonly invocation: Invocation,
    private readonly outcome: Outcome,
  ) {}

  private get environment(): Environment {
    return this.invocation.environment;
  }

  private load(globals: GlobalOptions): Library {
    if (!this.library) {
      const choice = chooseRoot(globals.dir, this.environment.env.KIOSK_DIR, this.environment.cwd);
      this.library = loadLibrary(choice);
    }
    return this.library;
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
      this.outcome.stderr.push(`kiosk: warning: ${sanitizeLine(this.displayPath(file))}: ${sanitizeLine(reasons.join('; '))}`);
    }
  }

  private displayPath(file: string): string {
    if (file === '-') return '<stdin>';
    const rel = relative(this.environment.cwd, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  }

  list(positional: string | undefined, options: ListOptions, globals: GlobalOptions): void {
    const library = this.load(globals);
    this.warn(library.warnings);
    if (positional !== undefined && options.section !== undefined && sectionKey(positional) !== sectionKey(options.section)) {
      throw usageError(`two different sections given: "${positional}" and --section "${options.section}"`);
    }
    const section = positional ?? options.section;
    if (section !== undefined) this.checkSection(library.articles, section);
    const articles = filterArticles(library.articles, { section, drafts: options.drafts });
    const groups = groupBySection(articles);
    const ordered = groups.flatMap((group) => group.articles);
    if (options.json) {
      this.outcome.stdout = toJson(ordered.map(articleRecord));
    } else if (this.environment.stdoutIsTTY && !options.plain) {
      const theme = createTheme(colorLevel(globals.color, this.environment));
      this.outcome.stdout = groups.length > 0 ? renderListing(groups, theme, listWidth(this.environment)) : `No articles in ${sanitizeLine(library.root)}\n`;
    } else {
      this.outcome.stdout = renderPlainList(ordered);
    }
  }

  private checkSection(articles: readonly Article[], section: string): void {
    const names = sectionNames(articles);
    if (names.some((name) => sectionKey(name) === sectionKey(section))) return;
    const near = closest(section, names);
    const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : names.length > 0 ? `; sections: ${names.join(', ')}` : '';
    throw failure(`no section "${sanitizeLine(section)}"${sanitizeLine(hint)}`);
  }

  sections(options: { json?: boolean }, globals: GlobalOptions): void {
    const library = this.load(globals);
    this.warn(library.warnings);
    const counts = groupBySection(filterArticles(library.articles, {})).map((group) => ({ name: group.name, count: group.articles.length }));
    if (options.json) {
      this.outcome.stdout = toJson(counts);
      return;
    }
    const theme = createTheme(colorLevel(globals.color, this.environment));
    this.outcome.stdout = renderSections(counts, theme, this.environment.stdoutIsTTY);
  }

  async read(query: string, options: ReadOptions, globals: GlobalOptions): Promise<void> {
    const width = readWidth(options.width, this.environment);
    const article = await this.find(query, globals);
    const level = colorLevel(globals.color, this.environment);
    const format = options.format ?? defaultFormat(level);

    if (options.toc) {
      this.outcome.stdout = this.toc(article, format);
      return;
    }
    switch (format) {
      case 'markdown': {
        const source = sanitizeSource(article.source);
        this.outcome.stdout = source.endsWith('\n') || source === '' ? source : source + '\n';
        return;
      }
      case 'json': {
        const rendered = renderArticle(article, { width, theme: createTheme(0), hyperlinks: false });
        this.warn(rendered.warnings.map((reason) => ({ file: article.path, reason })));
        const record: FullRecord = { ...articleRecord(article), headings: rendered.headings, markdown: article.body, text: rendered.text };
        this.outcome.stdout = toJson(record);
        return;
      }
      case 'ansi':
      case 'text': {
        const styled = format === 'ansi' ? explicitColorLevel(globals.color, this.environment) : 0;
        const highlight = styled > 0 && hasFencedCode(article.body) ? await loadHighlighter(styled) : undefined;
        const hyperlinks = styled > 0 && this.environment.hyperlinks;
        const rendered = renderArticle(article, { width, theme: createTheme(styled), hyperlinks, highlight });
        this.warn(rendered.warnings.map((reason) => ({ file: article.path, reason })));
        this.outcome.stdout = rendered.text;
        this.outcome.page = options.pager !== false && this.environment.stdoutIsTTY;
        return;
      }
    }
  }

  private toc(article: Article, format: Format): string {
    const headings = outlineOf(article.body);
    if (format === 'json') return toJson(headings);
    const counters = [0, 0, 0, 0, 0, 0];
    const top = Math.min(...headings.map((h) => h.level));
    return headings
      .map((heading) => {
        const depth = heading.level - top;
        counters[depth]!++;
        counters.fill(0, depth + 1);
        const number = counters.slice(0, depth + 1).join('.');
        return `${'  '.repeat(depth)}${number}. ${sanitizeLine(heading.text)}\n`;
      })
      .join('');
  }

  /** Resolves a query in PRODUCT.md's order; exits 1 with suggestions or candidates when it cannot. */
  private async find(query: string, globals: GlobalOptions): Promise<Article> {
    let articles: readonly Article[] = [];
    let libraryError: unknown = null;
    try {
      articles = this.load(globals).articles;
    } catch (error) {
      libraryError = error;
    }
    const pick = (found: Article[]): Article | null => {
      if (found.length === 1) return this.withWarnings(found[0]!);
      if (found.length > 1) throw ambiguous(query, found);
      return null;
    };

    const exact = pick(findExact(articles, query));
    if (exact) return exact;
    if (query === '-') return this.fromStdin();
    const file = this.asFile(query);
    if (file) return file;
    if (libraryError) throw libraryError;
    const loose = pick(findLoose(articles, query));
    if (loose) return loose;

    const suggestions = closest(query, articles.map((article) => article.slug));
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '; try `kiosk list`';
    throw failure(`no article matches "${sanitizeLine(query)}"${hint}`);
  }

  /** The article found in the library, read whole if listing read only its head. */
  private withWarnings(article: Article): Article {
    if (this.library) this.warn(this.library.warnings.filter((warning) => warning.file === article.path));
    if (!article.partial) return article;
    const whole = loadFile(article.path, article.relPath);
    this.warn(whole.warnings.filter((warning) => !this.library?.warnings.some((known) => known.reason === warning.reason)));
    if (!whole.article) throw failure(`cannot read ${sanitizeLine(article.path)}`);
    return whole.article;
  }

  private async fromStdin(): Promise<Article> {
    const bytes = await this.invocation.readStdin();
    const loaded = fromBytes(bytes, '-', 'stdin.md');
    this.warn(loaded.warnings);
    if (!loaded.article) throw failure('standard input is not Markdown text');
    return loaded.article;
  }

  /**
   * A query that names a Markdown file (`.md`, `.markdown`) on disk, relative
   * to the current folder or to the library. A file of the library is its
   * library article.
   */
  private asFile(query: string): Article | null {
    if (!/\.(md|markdown)$/i.test(query)) return null;
    const candidates = [resolve(this.environment.cwd, query)];
    if (this.library) candidates.push(resolve(this.library.root, query));
    const path = candidates.find((candidate) => existsSync(candidate));
    if (path === undefined) return null;
    if (!statSync(path).isFile()) throw failure(`not a Markdown file: ${sanitizeLine(query)}`);
    const known = this.library?.articles.find((article) => article.path === path);
    if (known) return this.withWarnings(known);
    const loaded = loadFile(path);
    this.warn(loaded.warnings);
    if (!loaded.article) throw failure(`cannot read ${sanitizeLine(query)}`);
    return loaded.article;
  }
}

function ambiguous(query: string, found: readonly Article[]): Error {
  const names = distinctNames(found);
  const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
  return failure(`"${sanitizeLine(query)}" matches ${found.length} articles: ${sanitizeLine(shown)}; give more of the slug or section/slug`);
}

function hasFencedCode(markdown: string): boolean {
  return /^ {0,3}(```|~~~)[ \t]*\S/m.test(markdown);
}

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

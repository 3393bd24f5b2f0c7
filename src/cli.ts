import { Command, CommanderError, Help, Option } from 'commander';
import { Commands, type ConfigOptions, type GlobalOptions, type ImportOptions, type ListOptions, type Outcome, type Printed, type ReadOptions, type SearchOptions } from './commands.js';
import type { ProgramModel } from './completion/engine.js';
import { SHELLS, type Shell } from './completion/scripts.js';
import { NO_CONFIG } from './config.js';
import { usageError } from './errors.js';
import type { Environment } from './options.js';
import type { Format } from './types.js';
import { examplesFor, fitHelp, helpWidth, MIN_DESCRIPTION, wrapped, type HelpLayout } from './cli/help.js';
import { commandAt, commanderMessage, GLOBAL_VALUED, unknownCommand, visibleCommands } from './cli/mistakes.js';

export type { Outcome } from './commands.js';

/** Everything a run needs from outside, so tests can hand in their own. */
export interface Invocation {
  /** The arguments after `kiosk`. */
  args: string[];
  environment: Environment;
  readStdin: () => Promise<Uint8Array>;
  version: string;
  /** Told how far indexing a large library has got. */
  progress?: (done: number, total: number) => void;
}

const FORMATS: readonly Format[] = ['ansi', 'text', 'markdown', 'json'];

/** The environment variables kiosk reads: `short` in `kiosk --help`, `long` in the man page. */
export const ENVIRONMENT: readonly { name: string; short?: string; long: string }[] = [
  { name: 'KIOSK_DIR', short: 'library folder', long: 'The library folder, when `--dir` is not given.' },
  { name: 'NO_COLOR', long: 'Any value but the empty one turns colour off.' },
  { name: 'FORCE_COLOR', long: '`1` to `3` turn colour on even in a pipe; `0` turns it off.' },
  { name: 'FORCE_HYPERLINK', long: '`1` makes links OSC 8 hyperlinks; `0` never.' },
  {
    name: 'KIOSK_PAGER or PAGER',
    long: 'The pager for long articles, with its arguments: `KIOSK_PAGER`, else the config file’s `pager`, else `PAGER`, else `less`, started as `less -R -F`, with `--mouse` from less 551 and `-X` before less 530.',
  },
  { name: 'XDG_CONFIG_HOME', long: 'Where `kiosk/config.yaml` is (default: `~/.config`).' },
  { name: 'XDG_CACHE_HOME', long: 'Where the cache folder `kiosk/` goes (default: `~/.cache`).' },
  { name: 'KIOSK_THREADS', short: 'threads reading a large library', long: 'Threads that read a large library at once (default: the CPUs, at most 4; `1` for one).' },
  { name: 'KIOSK_DEBUG=1', short: 'stack traces on errors', long: 'Adds stack traces to error messages.' },
];

export async function run(invocation: Invocation): Promise<Outcome> {
  const commands = new Commands(invocation.environment, invocation.readStdin, invocation.progress);
  const layout: HelpLayout = { width: helpWidth(invocation.environment), wrap: null };
  // What commander prints itself (help, the version), then what the command decided.
  let shown = '';
  let printed: Printed = { stdout: '' };
  const program = buildProgram(invocation, commands, layout, {
    show: (text) => (shown += text),
    done: (result) => (printed = result),
  });
  const args = await withHelpCommand(withDefaultCommand(invocation.args), program);
  // A broken config is said on every run until it is mended, but never into a shell's completion.
  const stderr: string[] = [];
  const { config } = invocation.environment;
  if (config.warnings.length > 0 && args[commandAt(args)] !== 'complete') {
    const { sanitizeLine } = await import('./render/sanitize.js');
    for (const warning of config.warnings) stderr.push(`kiosk: warning: ${sanitizeLine(config.path)}: ${warning}`);
  }
  if (args.includes('--help') || args.includes('-h')) layout.wrap = (await import('./render/wrap.js')).wrap;
  const outcome = (): Outcome => ({ ...printed, stdout: shown + printed.stdout, stderr: [...stderr, ...commands.messages] });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return outcome();
      throw usageError(await commanderMessage(error, program, args));
    }
    throw error;
  }
  return outcome();
}

/** Where a run's output goes before main writes it. */
interface Sink {
  /** Text commander prints itself: help, the version. */
  show(text: string): void;
  /** What the command decided. */
  done(printed: Printed): void;
}

/**
 * `kiosk help` and `kiosk help help` show kiosk's help, `kiosk help read`
 * read's; `kiosk help nothing` is an unknown command, with a suggestion.
 */
async function withHelpCommand(args: string[], program: Command): Promise<string[]> {
  const at = commandAt(args);
  if (at === -1 || args[at] !== 'help') return args;
  const target = args[at + 1];
  const before = args.slice(0, at);
  if (target === undefined || target === 'help' || target.startsWith('-')) return [...before, '--help'];
  if (visibleCommands(program).some((command) => command.name() === target)) return [...before, target, '--help'];
  throw usageError(await unknownCommand(target, program));
}

/** `kiosk` alone, or with only global options, means `kiosk list`. */
function withDefaultCommand(args: string[]): string[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (GLOBAL_VALUED.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return args;
    if (['-h', '--help', '-V', '--version'].includes(arg)) return args;
  }
  return ['list', ...args];
}

function buildProgram(invocation: Invocation, commands: Commands, layout: HelpLayout, sink: Sink, exampleTexts = new Map<string, string>()): Command {
  const { width } = layout;
  const examples = (name: string, lines: string) => {
    exampleTexts.set(name, lines);
    return examplesFor(lines, layout);
  };
  const program = new Command('kiosk')
    .configureHelp({
      helpWidth: width,
      minWidthToWrap: MIN_DESCRIPTION,
      // Too narrow for a description beside its option or command: the description goes below it.
      formatItem(term: string, termWidth: number, description: string, helper: Help): string {
        if (!description || width - termWidth - 4 >= MIN_DESCRIPTION) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return [...wrapped(layout, term, '  '), ...wrapped(layout, description, '      ')].join('\n');
      },
    })
    .description('Read a folder of Markdown articles: list them by section, read one by slug, search them, pipe clean text or JSON.')
    .version(invocation.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--dir <path>', 'library folder (default: $KIOSK_DIR, ./articles, or the embedded library)')
    .option('--no-cache', 'read every file, without the cache kept in $XDG_CACHE_HOME/kiosk')
    .addOption(new Option('--color <when>', 'colour output').choices(['auto', 'always', 'never']))
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => sink.show(fitHelp(text, layout)),
      writeErr: (text) => sink.show(text),
      outputError: () => {
        // Usage errors are reported by main as one `kiosk:` line.
      },
    })
    .addHelpText(
      'after',
      examples('kiosk', `  kiosk                                  list the library by section
  kiosk read trump-menace                read an article by the start of its slug
  kiosk search piratage iran             find articles that hold every word
  kiosk list --json | jq -r '.[].title'  titles, from JSON
  kiosk --dir ~/notes sections           sections of another library
  kiosk --dir ~/notes import page.html   add a saved web page to a library
  source <(kiosk completion bash)        complete commands, slugs and sections

Environment: ${ENVIRONMENT.map((variable) => variable.name + (variable.short ? ` (${variable.short})` : '')).join(', ')}.

Settings may also go in ~/.config/kiosk/config.yaml: see \`kiosk config --help\`.`),
    );

  const globals = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();

  program
    .command('list')
    .description('list articles grouped by section (the default command)')
    .argument('[section]', 'only this section (case and accents ignored)')
    .option('--section <name>', 'only this section')
    .option('--tag <tag>', 'only articles with this tag')
    .option('--author <name>', 'only articles by this author (part of the name is enough)')
    .option('--since <date>', 'only articles dated on or after this ISO date')
    .option('--limit <n>', 'at most n articles, newest first within sections')
    .option('--drafts', 'include drafts')
    .option('--plain', 'one TAB-separated line per article, as when piped')
    .option('--json', 'JSON array of article records')
    .addHelpText(
      'after',
      examples('list', `  kiosk list                         at a terminal: sections, dates, slugs, titles
  kiosk list monde                   one section
  kiosk list --tag manual --since 2026-01-01
  kiosk list | cut -f2               slugs only (piped: section, slug, date, title)
  kiosk list --json | jq '.[] | select(.words > 500) | .slug'`),
    )
    .action(async (section: string | undefined, options: ListOptions, command: Command) => {
      sink.done(await commands.list(section, options, globals(command)));
    });

  program
    .command('sections')
    .description('section names with their article counts')
    .option('--json', 'JSON array of {name, count}')
    .addHelpText(
      'after',
      examples('sections', `  kiosk sections
  kiosk sections --json | jq -r '.[].name'`),
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      sink.done(await commands.sections(options, globals(command)));
    });

  program
    .command('read')
    .description('render one article, or one part of it')
    .argument('<query>', 'slug, section/slug, a .md file, - for stdin, or the start of a slug; add #heading for one part')
    .addOption(new Option('--format <format>', 'output format (default: ansi at a terminal, text when piped)').choices(FORMATS))
    .option('--width <n>', 'wrap width; 0 for no wrapping (default: terminal width up to 100, 80 piped)')
    .option('--pager', 'page output taller than the screen (the default at a terminal)')
    .option('--no-pager', 'never page')
    .option('--toc', 'print the numbered outline, with the #heading of each part')
    .addHelpText(
      'after',
      examples('read', `  kiosk read getting-started         by slug
  kiosk read guide/getting           section and the start of a slug
  kiosk read "Trump menace l’Iran"   words of the title: case and accents are ignored
  kiosk read trump --toc             the outline, with each part's #heading
  kiosk read trump#le-dementi-de-l-iran | wc -w    one part, piped on
  kiosk read notes.md                a file outside the library
  cat draft.md | kiosk read -        Markdown from standard input
  kiosk read trump-menace --format json | jq -r .text`),
    )
    .action(async (query: string, options: ReadOptions, command: Command) => {
      sink.done(await commands.read(query, options, globals(command)));
    });

  program
    .command('search')
    .description('find the articles that hold every word, best first')
    .argument('<query...>', 'words to find (case and accents ignored), in the query language below')
    .option('--section <name>', 'only this section')
    .option('--limit <n>', 'at most n results')
    .option('--json', 'JSON array of {slug, title, section, score, rank, snippet}')
    .addHelpText(
      'after',
      examples('search', `  kiosk search electorale                  finds “électorale”, “Électorales”
  kiosk search piratage iran --section monde
  kiosk search '"campagne électorale"'     these words together, in this order
  kiosk search 'pirat*'                    words that start with pirat
  kiosk search 'iran OR israël' trump      either word, and trump
  kiosk search -- trump -iran              trump, and not iran
  kiosk search title:iran author:dupont    a word in the title, an author
  kiosk search 'tag:"front matter"'        a tag (also section:)
  kiosk search jq | cut -f2                slugs only (piped: section, slug, title, snippet)
  kiosk search fzf --json | jq -r '.[0].slug'

Every word must appear, in any case and with any accents, in the title, the text, the tags or the author; a word is also found inside longer ones (pirat finds piratage). Quote the query for the shell when it holds " or *, and put -- before it when it starts with -. Results come best first: by bm25, a word in the title counting most, then one in a heading, then the text; then newest. JSON gives bm25 as rank (lower is better).`),
    )
    .action(async (words: string[], options: SearchOptions, command: Command) => {
      sink.done(await commands.search(words, options, globals(command)));
    });

  program
    .command('import')
    .description('make saved web pages (plain text or HTML) into articles of the library')
    .argument('<files...>', 'pages to import; - for standard input')
    .option('--section <name>', 'the section (default: the one the page names)')
    .option('--title <title>', 'the title (default: the one the page gives)')
    .option('--date <date>', 'the date, as YYYY-MM-DD (default: the page’s)')
    .option('--author <name>', 'the author (default: the page’s)')
    .option('--tag <tag>', 'a tag; repeat for more', (tag: string, tags: string[] | undefined) => [...(tags ?? []), tag])
    .option('--lang <code>', 'the language, as fr or en-GB (default: the page’s, or guessed from its text)')
    .addOption(new Option('--from <format>', 'read the page as this (default: told from its content)').choices(['text', 'html']))
    .option('--dry-run', 'print the article’s Markdown; write nothing')
    .option('--force', 'replace an article that already exists')
    .addHelpText(
      'after',
      examples('import', `  kiosk import page.txt                  section and title from the page
  kiosk import page.html --section Tech  article, title, author and date from the page
  kiosk import page.txt --dry-run | less  see the Markdown first
  curl -s https://example.com/a | kiosk import - --from html

Writes <library>/<section>/<slug>.md and prints its path; never replaces an
article without --force. The embedded library cannot be written to.`),
    )
    .action(async (files: string[], options: ImportOptions, command: Command) => {
      sink.done(await commands.import(files, options, globals(command)));
    });

  program
    .command('completion')
    .description('print a shell completion script (commands, options, slugs, sections, headings, paths)')
    .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      examples('completion', `  source <(kiosk completion bash)                       bash, this session
  kiosk completion bash >> ~/.bashrc                    bash, for good
  kiosk completion zsh > "\${fpath[1]}/_kiosk"
  kiosk completion fish > ~/.config/fish/completions/kiosk.fish`),
    )
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion/scripts.js');
      sink.done({ stdout: completionScript(shell) });
    });

  program
    .command('config')
    .description('show the settings in effect and where each comes from')
    .option('--path', 'print the config file’s path, whether or not it exists')
    .option('--json', 'a JSON object: each setting’s value and source')
    .addHelpText(
      'after',
      examples('config', `  kiosk config                 each setting, its value and where it comes from
  kiosk config --json | jq -r .library.value
  "\${EDITOR:-vi}" "$(kiosk config --path)"

The file is $XDG_CONFIG_HOME/kiosk/config.yaml, else ~/.config/kiosk/config.yaml:

  library: ~/notes       the library folder (relative: to the file's folder)
  width: 72              read's width; at a terminal, never past its edge
  pager: less -S         below KIOSK_PAGER, above PAGER
  color: auto            auto, always or never
  hyperlinks: auto       auto, always or never
  theme:                 title, heading, quote-bar, quotation, link, code, marker
    link: underline bright-blue

A style is words among black, red, green, yellow, blue, magenta, cyan, white,
their bright- forms, bold, dim, italic, underline, inverse, strikethrough and
plain. Flags beat environment variables, which beat the file. A bad line is
named in one warning, and the rest applies.`),
    )
    .action(async (options: ConfigOptions, command: Command) => {
      sink.done(await commands.config(options, globals(command)));
    });

  // What the completion scripts call on Tab: `kiosk complete <shell> -- <what the shell sends>`.
  program
    .command('complete', { hidden: true })
    .addArgument(program.createArgument('<shell>').choices(SHELLS))
    .argument('[words...]')
    .action(async (shell: Shell, words: string[]) => {
      sink.done(await commands.complete(shell, words, programModel(program)));
    });

  return program;
}

/**
 * kiosk's commands and options as `--help` shows them, with each command's
 * examples as written: what the man page is made from (see manpage.ts).
 */
export function describeProgram(version: string): { program: Command; examples: ReadonlyMap<string, string> } {
  const environment: Environment = {
    env: {},
    cwd: null,
    stdoutIsTTY: false,
    columns: undefined,
    rows: undefined,
    hyperlinks: async () => false,
    config: NO_CONFIG(''),
  };
  const readStdin = async () => new Uint8Array();
  const examples = new Map<string, string>();
  const ignore = (): void => {};
  const layout: HelpLayout = { width: helpWidth(environment), wrap: null };
  const program = buildProgram({ args: [], environment, readStdin, version }, new Commands(environment, readStdin), layout, { show: ignore, done: ignore }, examples);
  return { program, examples };
}

/** The commands and options as completion sees them, read from the parser itself. */
function programModel(program: Command): ProgramModel {
  const help = program.createHelp();
  const options = (command: Command) =>
    help
      .visibleOptions(command)
      .filter((option) => option.long !== undefined)
      .map((option) => ({
        long: option.long!,
        short: option.short,
        takesValue: option.required || option.optional,
        choices: option.argChoices,
        description: option.description,
      }));
  const commands = help
    .visibleCommands(program)
    .filter((command) => command.name() !== 'help')
    .map((command) => ({
      name: command.name(),
      description: command.description(),
      options: options(command),
      args: command.registeredArguments.map((argument) => ({ name: argument.name(), variadic: argument.variadic, choices: argument.argChoices })),
    }));
  commands.push({ name: 'help', description: 'show help for a command', options: [], args: [{ name: 'command', variadic: false, choices: undefined }] });
  return { globals: options(program), commands };
}

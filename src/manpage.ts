import type { Argument, Command, Option } from 'commander';
import { describeProgram, ENVIRONMENT } from './cli.js';
import { KEYS, ROLES } from './config.js';

/**
 * kiosk.1, written at build time (build.mjs) from the definitions that
 * `--help` prints: each command's usage, arguments, options and examples,
 * and the environment variables. Files and exit statuses are said here.
 * The text is kiosk's own, so roff needs escaping only for its syntax:
 * backslashes, hyphens of options, and a line that starts with `.` or `'`.
 */

/** Text for roff's fill mode: `code` in bold, roff's own characters escaped. */
export function roff(text: string): string {
  const escaped = text.replaceAll('\\', '\\e').replaceAll('-', '\\-');
  const bolded = escaped.replace(/`([^`]*)`/g, '\\fB$1\\fR');
  return bolded.replace(/^[.']/gm, '\\&$&');
}

/** A line for no-fill mode: as written, escaped, in bold. */
const literal = (text: string): string => `\\fB${roff(text)}\\fR`;

function optionItem(option: Option): string {
  const [flags, value] = option.flags.split(/ (?=[<[])/);
  const term = `\\fB${roff(flags!)}\\fR${value ? ` \\fI${roff(value.replace(/^[<[]|[>\]]$/g, ''))}\\fR` : ''}`;
  const choices = option.argChoices ? ` One of: ${option.argChoices.join(', ')}.` : '';
  return `.TP\n${term}\n${roff(sentence(option.description))}${roff(choices)}`;
}

function argumentItem(argument: Argument): string {
  return `.TP\n\\fI${roff(argument.name())}\\fR${argument.variadic ? '...' : ''}\n${roff(sentence(argument.description))}`;
}

/** A description as a sentence: a capital first and a full stop last. */
function sentence(text: string): string {
  if (text === '') return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** An example or a setting: what is typed, and what it does (empty when it says so itself). */
function item(line: string): string {
  const gap = line.indexOf('  ');
  const term = gap === -1 ? line : line.slice(0, gap);
  const what = gap === -1 ? '' : line.slice(gap).trim();
  return ['.TP', literal(term), what === '' ? '\\&' : roff(what)].join('\n');
}

/**
 * A block of examples as `--help` has them: `  command  what it does`
 * lines, each a tagged paragraph, and lines of notes, filled into
 * paragraphs. A line indented further than the one before it goes on that
 * one's item, as written (a nested setting of the config, say).
 */
function examples(text: string): string {
  const out: string[] = [];
  let note: string[] = [];
  let indent = 2;
  const flush = () => {
    if (note.length > 0) out.push('.PP', roff(note.join(' ')));
    note = [];
  };
  for (const line of text.split('\n')) {
    const depth = line.length - line.trimStart().length;
    if (line.trim() === '') {
      flush();
    } else if (depth < 2) {
      note.push(line.trim());
    } else if (depth > indent && out.length > 0 && note.length === 0) {
      out.push('.br', literal(line.trim()));
    } else {
      flush();
      out.push(item(line.trim()));
      indent = depth;
    }
  }
  flush();
  return out.join('\n');
}

const FILES: readonly [string, string][] = [
  ['./articles', 'The library, when neither `--dir`, `KIOSK_DIR` nor the config file names one. Without it, the embedded library that comes with kiosk.'],
  ['<library>/<section>/<slug>.md', 'An article: Markdown with optional YAML front matter (title, section, date, author, tags, draft). The folder is the section unless the front matter says otherwise.'],
  ['$XDG_CONFIG_HOME/kiosk/config.yaml', `The config file (default: \`~/.config/kiosk/config.yaml\`), with the settings ${KEYS.join(', ')}; the theme restyles ${ROLES.join(', ')}. \`kiosk config\` shows what is in effect and where it comes from.`],
  ['$XDG_CACHE_HOME/kiosk/', 'The cache of the listing and of the word index, one per library (default: `~/.cache/kiosk/`). Safe to delete; `--no-cache` reads every file instead. kiosk never writes into a library, except `kiosk import`.'],
];

const EXIT_STATUS: readonly [string, string][] = [
  ['0', 'Success, also when the reader of a pipe stops early, as `head` does.'],
  ['1', 'Something asked for cannot be done: no such article, no library.'],
  ['2', 'A usage error: an unknown command or option, a bad value.'],
];

const tagged = (items: readonly [string, string][], term: (name: string) => string): string =>
  items.map(([name, text]) => `.TP\n${term(name)}\n${roff(text)}`).join('\n');

/** The whole page, for kiosk `version`, dated `date` (YYYY-MM-DD). */
export function manPage(version: string, date: string): string {
  const { program, examples: written } = describeProgram(version);
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((command) => command.name() !== 'help');
  const globals = help.visibleOptions(program);
  const section = (command: Command): string => {
    const parts = [`.SS ${literal(help.commandUsage(command))}`, roff(sentence(command.description()))];
    const args = help.visibleArguments(command);
    if (args.length > 0) parts.push(...args.map(argumentItem));
    const options = help.visibleOptions(command).filter((option) => option.long !== '--help');
    parts.push(...options.map(optionItem));
    const text = written.get(command.name());
    if (text) parts.push('.PP', '\\fIExamples:\\fR', examples(text));
    return parts.join('\n');
  };
  return [
    `.\\" kiosk.1, made by build.mjs from kiosk's own definitions (src/manpage.ts). Do not edit.`,
    `.TH KIOSK 1 ${date} "kiosk ${version}" "User Commands"`,
    // Left-aligned and unhyphenated: paths and options stay whole and evenly spaced.
    '.ad l',
    '.nh',
    '.SH NAME',
    `kiosk \\- ${roff(program.description().replace(/^./, (first) => first.toLowerCase()).replace(/\.$/, ''))}`,
    '.SH SYNOPSIS',
    `.B kiosk\n[\\fIoptions\\fR] [\\fIcommand\\fR] [\\fIcommand options\\fR] [\\fIarguments\\fR]`,
    '.SH DESCRIPTION',
    roff(
      'kiosk reads a folder of Markdown articles, its library: it lists them by section, finds one by slug or by what it says, renders it for a person at a terminal (paged, in colour, wrapped between words), and hands clean text or JSON to the next program in a pipe. Articles are untrusted: no escape sequence or control character of theirs reaches the terminal. `kiosk` alone is `kiosk list`.',
    ),
    '.SH OPTIONS',
    globals.map(optionItem).join('\n'),
    '.SH COMMANDS',
    commands.map(section).join('\n'),
    '.SH ENVIRONMENT',
    tagged(
      ENVIRONMENT.map((variable) => [variable.name, variable.long]),
      (name) => name.split(' or ').map((each) => `\\fB${roff(each)}\\fR`).join(', '),
    ),
    '.SH FILES',
    tagged(FILES, (name) => `\\fI${roff(name)}\\fR`),
    '.SH EXIT STATUS',
    tagged(EXIT_STATUS, (name) => `\\fB${name}\\fR`),
    '.SH EXAMPLES',
    // The main help's examples, without its notes on the environment and the config: sections of their own here.
    examples((written.get('kiosk') ?? '').split('\n\n')[0]!),
    '.SH SEE ALSO',
    '\\fBless\\fR(1), \\fBjq\\fR(1), \\fBfzf\\fR(1)',
    '',
  ].join('\n');
}

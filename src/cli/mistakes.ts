/** commander's errors in kiosk's words, and where the command is in the arguments. */
import { Command, CommanderError } from 'commander';
import { trimChars } from '../text.js';

/** Options of kiosk itself that take a value: what comes after them is not a command. */
export const GLOBAL_VALUED = new Set(['--dir', '--color']);

/** Where the command's name is in the arguments, or -1. */
export function commandAt(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return -1;
    if (GLOBAL_VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

export const visibleCommands = (program: Command): Command[] => program.commands.filter((command) => command.name() !== 'complete');

export async function unknownCommand(name: string, program: Command): Promise<string> {
  const { didYouMean } = await import('../library/find/resolve.js');
  const names = visibleCommands(program).map((command) => command.name());
  return `unknown command "${name}"${didYouMean(name, names, { show: (near) => `\`kiosk ${near}\``, otherwise: '; see `kiosk --help`' })}`;
}

const ALLOWED = 'Allowed choices are ';

/** What commander read between quotes in its message: the option, value or argument at fault. */
const QUOTED = /'([^']*)'/g;

/** "a, b or c". */
function alternatives(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * commander's errors in kiosk's words: one line that says what was wrong,
 * the closest right spelling, and where to look.
 */
export async function commanderMessage(error: CommanderError, program: Command, args: readonly string[]): Promise<string> {
  const plain = error.message.replace(/^error: /, '').split('\n')[0]!.trim();
  const quoted = [...plain.matchAll(QUOTED)].map((match) => match[1]!);
  const at = commandAt(args);
  const command = at === -1 ? undefined : program.commands.find((each) => each.name() === args[at]);
  // "kiosk: read has no option --formt", as git says "git: 'x' is not a git command".
  const name = command ? command.name() : 'kiosk';
  const help = `see \`${command ? `kiosk ${name}` : 'kiosk'} --help\``;
  const { didYouMean } = await import('../library/find/resolve.js');
  switch (error.code) {
    case 'commander.unknownCommand':
      return unknownCommand(quoted[0] ?? '', program);
    case 'commander.unknownOption': {
      const typed = (quoted[0] ?? '').split('=')[0]!;
      // `kiosk search trump -iran`: a word left out, which the shell gives as an option.
      if (name === 'search' && /^-[^-]/.test(typed)) return leaveOut(typed, args, at);
      const longs = [...(command?.options ?? []), ...program.options].flatMap((option) => (option.long ? [option.long] : []));
      // list, sections and search write JSON with --json, where read has --format json.
      const json = typed.startsWith('--form') && longs.includes('--json') ? `; for JSON, give --json; ${help}` : `; ${help}`;
      return `${name} has no option ${typed}${didYouMean(typed, longs, { otherwise: json })}`;
    }
    case 'commander.invalidArgument': {
      // "option '--color <when>' argument 'alway' is invalid. Allowed choices are …", or for an argument
      // "command-argument value 'bsh' is invalid for argument 'shell'. Allowed choices are …".
      const marker = plain.lastIndexOf(ALLOWED);
      const choices = marker === -1 ? undefined : trimChars(plain.slice(marker + ALLOWED.length), '.', 'end').split(', ');
      const option = plain.startsWith('option ');
      const what = option ? (quoted[0] ?? '').split(' ')[0]! : name;
      const value = (option ? quoted[1] : quoted[0]) ?? '';
      if (!choices) return `${what}: ${plain}`;
      return `${what} takes ${alternatives(choices)}, not "${value}"${didYouMean(value, choices, { max: 1 })}`;
    }
    case 'commander.missingArgument':
      return `${name} needs its <${quoted[0] ?? 'argument'}>; ${help}`;
    case 'commander.optionMissingArgument':
      return `${(quoted[0] ?? '').split(' ')[0]} needs a value; ${help}`;
    case 'commander.excessArguments': {
      const [expected, got] = [...plain.matchAll(/\d+/g)].map((match) => match[0]);
      const most = expected === '0' ? 'no arguments' : `at most ${expected} argument${expected === '1' ? '' : 's'}`;
      return expected && got ? `${name} takes ${most}, not ${got}; ${help}` : `${plain}; ${help}`;
    }
    default:
      return plain;
  }
}

/**
 * For `kiosk search trump -iran`, where the shell gives `-iran` as an option:
 * how to write the query, with the words as typed when nothing else follows
 * the command.
 */
async function leaveOut(typed: string, args: readonly string[], at: number): Promise<string> {
  const words = args.slice(at + 1);
  const advice = `search has no option ${typed}; to leave out a word, put -- before the query`;
  if (words.some((word) => word.startsWith('--'))) return `${advice}, after the options`;
  const { quoteFor } = await import('../completion/shell-words.js');
  return `${advice}: \`kiosk ${[...args.slice(0, at + 1), '--', ...words].map((word) => quoteFor(word, '', true)).join(' ')}\``;
}

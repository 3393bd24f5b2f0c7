import { basename } from 'node:path';

/**
 * The pager and how to start it, decided as bat decides: a bare `less` gets
 * kiosk's flags for its version, a pager with arguments of its own keeps
 * them, and OSC 8 links go into it only when it shows them.
 */
export interface Pager {
  /** A shell command line. */
  command: string;
  /** The pager's environment. */
  env: Record<string, string | undefined>;
  /** Whether OSC 8 hyperlinks reach the terminal through it. */
  hyperlinks: boolean;
}

/** less 530 fixed -F without -X; -X keeps the page on screen but turns mouse-wheel scrolling off. */
const LESS_NO_INIT_NEEDED = 530;
/** less 551 added --mouse: the wheel scrolls the article. */
const LESS_MOUSE = 551;
/** less 581 passes OSC 8 hyperlinks through -R (earlier ones print them as text or drop them). */
const LESS_HYPERLINKS = 581;

/** The version in `less --version` ("less 590 (GNU regular expressions)"), or null (BusyBox, not less). */
export function lessVersion(output: string): number | null {
  const match = /^less (\d+)/.exec(output);
  return match ? Number(match[1]) : null;
}

/** kiosk's flags for a bare `less` of this version (null: unknown, taken as old). */
export function lessFlags(version: number | null): string[] {
  const flags = ['-R', '-F'];
  if (version === null || version < LESS_NO_INIT_NEEDED) flags.push('-X');
  if (version !== null && version >= LESS_MOUSE) flags.push('--mouse');
  return flags;
}

/** The program a pager command starts, when it is a plain word or path and not a shell construct. */
function programOf(command: string): { program: string; bare: boolean } | null {
  const words = command.trim().split(/\s+/);
  const program = words[0] ?? '';
  if (!/^[\w./-]+$/.test(program)) return null;
  return { program, bare: words.length === 1 };
}

/**
 * Decides how to page. `version` runs `<less> --version` (its output, or
 * null when it cannot); it is asked only when the pager is less.
 */
export async function choosePager(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  version: (program: string) => Promise<string | null>,
): Promise<Pager> {
  const parsed = programOf(command);
  if (!parsed || basename(parsed.program) !== 'less') return { command, env: { ...env }, hyperlinks: false };
  const found = lessVersion((await version(parsed.program)) ?? '');
  const hyperlinks = found !== null && found >= LESS_HYPERLINKS;
  if (parsed.bare) return { command: [parsed.program, ...lessFlags(found)].join(' '), env: { ...env }, hyperlinks };
  // less with the user's own arguments: those stay; without a LESS of theirs, colours pass and one screen quits.
  const defaults = found === null || found < LESS_NO_INIT_NEEDED ? 'FRX' : 'FR';
  return { command, env: { LESS: defaults, ...env }, hyperlinks };
}

/** Runs `program --version` with the user's PATH, briefly; null if it cannot. */
export async function askVersion(program: string, env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(program, ['--version'], { env, timeout: 2000, encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout));
  });
}

/** OSC 8 hyperlinks, kiosk's own (every other escape in the output was made visible): a pager that cannot show them gets the text alone. */
const OSC8 = /\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function withoutHyperlinks(text: string): string {
  return text.replace(OSC8, '');
}

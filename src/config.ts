import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * kiosk's config file, `$XDG_CONFIG_HOME/kiosk/config.yaml` (else
 * `~/.config/kiosk/config.yaml`): the library, width, pager, colour,
 * hyperlinks and theme. Flags beat environment variables, which beat it.
 * It is read as data only and every value is checked; a bad line gives one
 * warning naming it, and the rest applies.
 */

export type Mode = 'auto' | 'always' | 'never';
export const MODES: readonly Mode[] = ['auto', 'always', 'never'];

/** The parts of the theme a config may restyle. */
export const ROLES = ['title', 'heading', 'quote-bar', 'quotation', 'link', 'code', 'marker'] as const;
export type Role = (typeof ROLES)[number];

/** A value and the line of the config file that set it. */
export interface Setting<T> {
  value: T;
  line: number;
}

export interface Config {
  /** Where the file is (or would be). */
  path: string;
  /** Whether it was read. */
  found: boolean;
  library?: Setting<string>;
  width?: Setting<number>;
  pager?: Setting<string>;
  color?: Setting<Mode>;
  hyperlinks?: Setting<Mode>;
  /** Each restyled role: the words of its style, checked (see STYLE_WORDS). */
  theme: Partial<Record<Role, Setting<StyleWord[]>>>;
  /** One line each: `line 3: …`. */
  warnings: string[];
}

/** The words a style is made of: the 16 theme colours and the attributes. */
export const STYLE_WORDS = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'bright-black', 'bright-red', 'bright-green', 'bright-yellow', 'bright-blue', 'bright-magenta', 'bright-cyan', 'bright-white',
  'bold', 'dim', 'italic', 'underline', 'inverse', 'strikethrough', 'plain',
] as const; // prettier-ignore
export type StyleWord = (typeof STYLE_WORDS)[number];
export const isStyleWord = (word: string): word is StyleWord => (STYLE_WORDS as readonly string[]).includes(word);

export const KEYS = ['library', 'width', 'pager', 'color', 'hyperlinks', 'theme'] as const;
/** A config file is a few lines: past this it is not one. */
const MAX_BYTES = 64 * 1024;

export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  const { XDG_CONFIG_HOME, HOME } = env;
  const base = XDG_CONFIG_HOME && isAbsolute(XDG_CONFIG_HOME) ? XDG_CONFIG_HOME : join(HOME || homedir(), '.config');
  return join(base, 'kiosk', 'config.yaml');
}

export const NO_CONFIG = (path: string): Config => ({ path, found: false, theme: {}, warnings: [] });

/**
 * Reads the config file. None there: no settings, no cost beyond one open.
 * Not a file, too large, unreadable: one warning and no settings.
 */
export async function loadConfig(env: Readonly<Record<string, string | undefined>>): Promise<Config> {
  const path = configPath(env);
  let text: string;
  try {
    text = readSmallFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return NO_CONFIG(path);
    return { ...NO_CONFIG(path), found: true, warnings: [why(error)] };
  }
  try {
    return await (await import('./config-parse.js')).parseConfig(text, path, env);
  } catch (error) {
    // A fault of kiosk's own must not stop it reading: the config is left out, and said so.
    return { ...NO_CONFIG(path), found: true, warnings: [`could not be read (${error instanceof Error ? error.message : String(error)}); ignored`] };
  }
}

/** The file's text; a FIFO or device is never waited on, a large file never read whole. */
function readSmallFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error('is a folder, not a file'), { code: 'EISDIR' });
    if (!stats.isFile()) throw Object.assign(new Error('is not a regular file'), { code: 'ENOTFILE' });
    if (stats.size > MAX_BYTES) throw Object.assign(new Error(`is larger than ${MAX_BYTES / 1024} KB; a config is a few lines`), { code: 'ETOOBIG' });
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function why(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied); ignored';
  if (code === 'EISDIR' || code === 'ENOTFILE' || code === 'ETOOBIG') return `${message}; ignored`;
  return `cannot be read (${code ?? message}); ignored`;
}


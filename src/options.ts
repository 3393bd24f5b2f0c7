import { availableParallelism, homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { usageError } from './errors.js';
import type { Config } from './config.js';
import type { ColorLevel, Format } from './types.js';

/** What kiosk knows about where it runs, read once at the edge. */
export interface Environment {
  env: Readonly<Record<string, string | undefined>>;
  /** The current folder; null when it was deleted while kiosk's shell sat in it. */
  cwd: string | null;
  stdoutIsTTY: boolean;
  columns: number | undefined;
  rows: number | undefined;
  /** Whether the terminal shows OSC 8 hyperlinks (FORCE_HYPERLINK=1 forces it); asked only when styling. */
  hyperlinks: () => Promise<boolean>;
  /** The config file's settings, below flags and environment variables. */
  config: Config;
}

/** A setting in effect and where it came from: `--width`, `NO_COLOR`, `config line 3`, `default`. */
export interface Chosen<T> {
  value: T;
  source: string;
}

export const fromConfig = (setting: { line: number }): string => `config line ${setting.line}`;

export type ColorMode = 'auto' | 'always' | 'never';

/** Width for `read` when not at a terminal, and the cap at one. */
const PIPE_WIDTH = 80;
const MAX_WIDTH = 100;

/**
 * The colour level: `--color` first, then `NO_COLOR` (any non-empty value
 * turns colour off), then `FORCE_COLOR`, then the config's `color`, then
 * whether stdout is a terminal.
 */
export function colorLevel(flag: ColorMode | undefined, environment: Environment): ColorLevel {
  return colorChoice(flag, environment).level;
}

/** The colour mode in effect, where it came from, and the level it gives here. */
export function colorChoice(flag: ColorMode | undefined, environment: Environment): Chosen<ColorMode> & { level: ColorLevel } {
  const auto = (source: string) => ({ value: 'auto' as const, source, level: (!environment.stdoutIsTTY || environment.env.TERM === 'dumb' ? 0 : 1) as ColorLevel });
  if (flag === 'never') return { value: 'never', source: '--color', level: 0 };
  const force = forcedLevel(environment.env.FORCE_COLOR);
  if (flag === 'always') return { value: 'always', source: '--color', level: force && force > 0 ? force : 1 };
  // `--color auto` leaves the variables their say, as no flag does; it only overrides the config.
  const noColor = environment.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return { value: 'never', source: 'NO_COLOR', level: 0 };
  if (force !== null) return { value: force > 0 ? 'always' : 'never', source: 'FORCE_COLOR', level: force };
  if (flag === 'auto') return auto('--color');
  const configured = environment.config.color;
  if (!configured) return auto('default');
  if (configured.value === 'auto') return auto(fromConfig(configured));
  return { value: configured.value, source: fromConfig(configured), level: configured.value === 'always' ? 1 : 0 };
}

/**
 * The level for output the user asked to be styled (`--format ansi` into a
 * pipe): as at a terminal, so only `--color never`, `NO_COLOR` or
 * `FORCE_COLOR=0` turn it off; the flag beats the config's `color: never`.
 */
export function explicitColorLevel(flag: ColorMode | undefined, environment: Environment): ColorLevel {
  const { color: _ignored, ...config } = environment.config;
  return colorLevel(flag, { ...environment, stdoutIsTTY: true, config });
}

function forcedLevel(value: string | undefined): ColorLevel | null {
  if (value === undefined) return null;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const level = Number.parseInt(value, 10);
  if (Number.isNaN(level)) return null;
  return Math.min(Math.max(level, 0), 3) as ColorLevel;
}

/**
 * The default format: styled when colour is on, plain text otherwise (piped,
 * `NO_COLOR`, `--color never`).
 */
export function defaultFormat(level: ColorLevel): Format {
  return level > 0 ? 'ansi' : 'text';
}

/** No terminal is this wide; a larger `--width` (600000000) could only exhaust memory drawing rules. */
const WIDEST = 10_000;

/**
 * `--width`, else the terminal's columns up to 100, else 80. The config's
 * `width` replaces 100 and 80: at a terminal it never goes past the edge.
 */
export function readWidth(flag: string | undefined, environment: Environment): number {
  return widthChoice(flag, environment).value;
}

export function widthChoice(flag: string | undefined, environment: Environment): Chosen<number> {
  if (flag !== undefined) return { value: parseCount(flag, '--width', { unit: 'columns', min: 0, max: WIDEST, minMeans: 'no wrapping' }), source: '--width' };
  const configured = environment.config.width;
  const columns = environment.stdoutIsTTY && environment.columns && environment.columns > 0 ? environment.columns : null;
  if (configured) {
    const value = columns !== null && (configured.value === 0 || configured.value > columns) ? columns : configured.value;
    return { value, source: fromConfig(configured) };
  }
  return { value: columns !== null ? Math.min(columns, MAX_WIDTH) : PIPE_WIDTH, source: 'default' };
}

/** The width a listing is cut to: the terminal's, or none when piped. */
export function listWidth(environment: Environment): number {
  return environment.stdoutIsTTY && environment.columns && environment.columns > 0 ? environment.columns : 0;
}

export interface CountRange {
  /** What is counted, for the message: `columns`, `articles`. */
  unit: string;
  min: number;
  max?: number;
  /** What the least value means, when it is special: `no wrapping`. */
  minMeans?: string;
}

/** A whole number given on the command line, within `range`; else a usage error that gives the range. */
export function parseCount(value: string, flag: string, range: CountRange): number {
  const trimmed = value.trim();
  const number = /^\d{1,15}$/.test(trimmed) ? Number.parseInt(trimmed, 10) : Number.NaN;
  if (Number.isNaN(number) || number < range.min || (range.max !== undefined && number > range.max)) {
    const least = range.minMeans ? `${range.min} (${range.minMeans})` : `${range.min}`;
    const span = range.max === undefined ? `${least} or more` : `from ${least} to ${range.max}`;
    throw usageError(`${flag} takes a whole number of ${range.unit}, ${span}; not "${value}"`);
  }
  return number;
}

/**
 * The pager command: `$KIOSK_PAGER`, else the config's `pager`, else
 * `$PAGER`, else `less` (with flags for its version, see pager.ts). As git
 * puts core.pager before PAGER: PAGER is every program's default, the
 * config is kiosk's own.
 */
export function pagerCommand(environment: Environment): string {
  return pagerChoice(environment).value;
}

export function pagerChoice(environment: Environment): Chosen<string> {
  const { KIOSK_PAGER, PAGER } = environment.env;
  if (KIOSK_PAGER !== undefined && KIOSK_PAGER.trim() !== '') return { value: KIOSK_PAGER, source: 'KIOSK_PAGER' };
  const configured = environment.config.pager;
  if (configured) return { value: configured.value, source: fromConfig(configured) };
  if (PAGER !== undefined && PAGER.trim() !== '') return { value: PAGER, source: 'PAGER' };
  return { value: 'less', source: 'default' };
}

/** Where kiosk keeps its caches: `$XDG_CACHE_HOME/kiosk`, else `~/.cache/kiosk`. */
export function cacheDirectory(environment: Environment): string {
  const { XDG_CACHE_HOME, HOME } = environment.env;
  const base = XDG_CACHE_HOME && isAbsolute(XDG_CACHE_HOME) ? XDG_CACHE_HOME : join(HOME || homedir(), '.cache');
  return join(base, 'kiosk');
}

/**
 * Threads that may parse a large library at once: `$KIOSK_THREADS`, at
 * most the CPUs there are (1,000 threads once took 1.9 GB and 22 s where one
 * took 4.7 s); else the CPUs, at most four. Not a whole number from 1 up: a
 * usage error.
 */
export function parsingThreads(environment: Environment): number {
  const cpus = availableParallelism();
  const value = environment.env.KIOSK_THREADS;
  if (value === undefined || value.trim() === '') return Math.min(cpus, 4);
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw usageError(`KIOSK_THREADS takes a whole number of threads from 1 (up to the ${cpus} CPUs), not "${value}"`);
  }
  return Math.min(Number(value), cpus);
}

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/types.js';
import type { Query } from '../src/library/find/query.js';
import { searchBodies, type SearchHit, type SearchOptions } from '../src/library/find/search.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'kiosk.js');
export const SEED_SLUG = 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale';
export const SEED_PATH = join(ROOT, 'articles', 'monde', `${SEED_SLUG}.md`);

/** Variables that change kiosk's output, cleared so tests do not depend on the machine. */
const MACHINE_VARIABLES = ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'LINES', 'KIOSK_DIR', 'PAGER', 'KIOSK_PAGER', 'KIOSK_DEBUG', 'KIOSK_THREADS', 'TERM'];

/** The run's own temporary folder, which global-setup.ts removes at the end; the system's when a file runs alone. */
export const TEST_TMP = process.env.KIOSK_TEST_TMP ?? tmpdir();

/** One cache folder for the whole test run: tests never read or fill the user's own. */
const TEST_CACHE = mkdtempSync(join(TEST_TMP, 'kiosk-test-cache-'));
/** An empty config folder: the user's own config.yaml never changes what a test sees. */
const TEST_CONFIG = mkdtempSync(join(TEST_TMP, 'kiosk-test-config-'));
// Open to all, as a home's .config is: tests that run kiosk as another user must not meet "permission denied".
chmodSync(TEST_CONFIG, 0o755);

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !MACHINE_VARIABLES.includes(key)) env[key] = value;
  }
  return { ...env, XDG_CACHE_HOME: TEST_CACHE, XDG_CONFIG_HOME: TEST_CONFIG, ...extra };
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Defaults to a fresh empty folder, so `./articles` of the repository is not picked up by accident. */
  cwd?: string;
}

/** Runs the built CLI as a user would, stdout and stderr piped. */
export function kiosk(args: string[], options: RunOptions = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? emptyDir(),
    env: cleanEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** Runs a shell pipeline with the built CLI available as `kiosk`. */
export function shell(script: string, options: RunOptions = {}): Run {
  const result = spawnSync('bash', ['-c', `set -o pipefail; kiosk() { "${process.execPath}" "${BIN}" "$@"; }; ${script}`], {
    cwd: options.cwd ?? emptyDir(),
    env: cleanEnv(options.env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

export function emptyDir(): string {
  return mkdtempSync(join(TEST_TMP, 'kiosk-test-'));
}

/** Builds a library in a temporary folder from `relative path → content`. */
export function library(files: Record<string, string | Buffer>): string {
  const root = emptyDir();
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export const ESCAPE = /\x1b/;

const found = new Map<string, boolean>();

/** Whether a program is on the PATH. */
export function installed(program: string): boolean {
  let here = found.get(program);
  if (here === undefined) {
    here = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;
    found.set(program, here);
  }
  return here;
}

/**
 * What a test that needs programs beyond Node (a pty, tmux, a shell, rg)
 * does on this machine: `skip` when one is missing, and then `name` says
 * which, so that the summary lists the test and why (see skipped-reporter.ts):
 * `it.skipIf(pty.skip)(pty.name('…'), …)`.
 */
export function needs(...programs: string[]): { skip: boolean; missing: string[]; name: (name: string) => string } {
  const missing = programs.filter((program) => !installed(program));
  return { skip: missing.length > 0, missing, name: (name) => (missing.length === 0 ? name : `${name} (skipped: needs ${missing.join(' and ')})`) };
}

/** A pseudo-terminal, for terminal(). */
export const pty = needs('script');

/**
 * Runs the built CLI on a pseudo-terminal of the given width (util-linux
 * `script`), as a person at a terminal would; CRLF from the terminal becomes
 * LF. Tests that call it skip without `script` (`pty`).
 */
export function terminal(args: string[], options: RunOptions & { columns?: number; rows?: number } = {}): Run {
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const command = `stty cols ${options.columns ?? 80} rows ${options.rows ?? 200}; ${quoted}`;
  if (pty.skip) throw new Error('terminal() needs util-linux script: the test should skip with pty.skip');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd ?? emptyDir(),
    env: cleanEnv({ TERM: 'xterm-256color', ...options.env }),
    input: '',
    encoding: 'utf8',
  });
  return { stdout: result.stdout.replaceAll('\r\n', '\n'), stderr: result.stderr, status: result.status };
}

/** A Markdown file without its front matter (and the blank line after it). */
export function bodyOf(markdown: string): string {
  return markdown.replace(/^---\n[\s\S]*?\n---\n\n?/, '');
}

export interface InProcessOptions extends RunOptions {
  /** stdout is a terminal of this many columns (and rows); stderr too, unless `stderr: false`. */
  tty?: { columns: number; rows?: number; stderr?: boolean };
}

/**
 * Runs kiosk's `main` in this process with a fake process: the same code as
 * the binary, from the sources, without spawning Node.
 */
export async function inProcess(args: string[], options: InProcessOptions = {}): Promise<Run> {
  const { default: main } = await import('../src/main.js');
  let stdout = '';
  let stderr = '';
  const writer = (append: (text: string) => void, tty: boolean) => ({
    isTTY: tty,
    columns: tty ? options.tty?.columns : undefined,
    rows: options.tty?.rows ?? (options.tty ? 200 : undefined),
    write(chunk: string, callback?: (error?: Error | null) => void): boolean {
      append(chunk);
      callback?.();
      return true;
    },
    on: () => undefined,
  });
  const input = options.input ?? '';
  const fake = {
    argv: ['node', 'kiosk', ...args],
    env: cleanEnv(options.env),
    cwd: () => options.cwd ?? emptyDir(),
    stdin: (async function* () {
      yield typeof input === 'string' ? Buffer.from(input) : input;
    })(),
    stdout: writer((text) => (stdout += text), options.tty !== undefined),
    stderr: writer((text) => (stderr += text), options.tty !== undefined && options.tty.stderr !== false),
    exitCode: undefined as number | string | undefined,
    on: () => undefined,
    removeListener: () => undefined,
  };
  await main(fake);
  return { stdout, stderr, status: Number(fake.exitCode ?? 0) };
}

/**
 * The articles that the database's word index says may hold every query
 * word (by relPath), or null when it cannot narrow: the articles' words
 * indexed in a fresh database, as search indexes them.
 */
/** What search finds in the bodies the articles hold, as strings, without an index: what the index must never rule out. */
export function searchStrings(articles: readonly Article[], query: Query, options?: SearchOptions): SearchHit[] {
  return searchBodies(articles, (article) => ({ text: article.body, bytes: false }), query, options);
}

export async function indexCandidates(articles: readonly Article[], query: Query): Promise<Set<string> | null> {
  const { memoryCandidates } = await import('../src/library/store/store.js');
  return memoryCandidates(articles, query).holders;
}

import { run, type Outcome } from './cli.js';
import { loadConfig } from './config.js';
import { packageVersion } from './paths.js';
import { KioskError, failure } from './errors.js';
import { describeFsError } from './library/read/discover.js';
import type { Environment } from './options.js';
import { pagerCommand } from './options.js';
import { ignoreClosedPipe, page, progressLine, writeAll, type Signals, type Writable } from './output.js';
import { sanitizeLine } from './render/sanitize.js';

/** The parts of `process` kiosk uses; tests hand in a fake one. */
export interface ProcessLike extends Signals {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd(): string;
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  exitCode?: number | string | undefined;
}

/**
 * Reads the environment once, runs the command, and writes what it decided.
 * Sets process.exitCode and lets Node end on its own: output into a pipe must arrive whole.
 */
export default async function main(proc: ProcessLike): Promise<void> {
  ignoreClosedPipe(proc.stdout);
  ignoreClosedPipe(proc.stderr);
  const config = await loadConfig(proc.env);
  const environment: Environment = {
    env: proc.env,
    cwd: currentFolder(proc),
    stdoutIsTTY: proc.stdout.isTTY === true,
    columns: proc.stdout.columns,
    rows: proc.stdout.rows,
    hyperlinks: async () => (await import('./hyperlinks.js')).terminalHyperlinks(proc.stdout, proc.env, config.hyperlinks),
    config,
  };
  let outcome: Outcome;
  try {
    outcome = await run({
      args: proc.argv.slice(2),
      environment,
      readStdin: () => readAll(proc.stdin),
      version: packageVersion(),
      progress: progressLine(proc.stderr),
    });
  } catch (error) {
    await report(proc, error);
    return;
  }
  await writeErr(proc, outcome.stderr.map((line) => line + '\n').join(''));
  if (outcome.page && tallerThanScreen(outcome.stdout, environment.rows)) {
    const { askVersion, choosePager, withoutHyperlinks } = await import('./pager.js');
    const pager = await choosePager(pagerCommand(environment), proc.env, (program) => askVersion(program, proc.env));
    const paged = await page(pager.hyperlinks ? outcome.stdout : withoutHyperlinks(outcome.stdout), pager.command, pager.env, proc);
    if (paged.shown) return;
    await writeErr(proc, `kiosk: warning: the pager "${sanitizeLine(pager.command)}" ${sanitizeLine(paged.problem)}; printed directly\n`);
  }
  try {
    await writeAll(proc.stdout, outcome.stdout);
  } catch (error) {
    await report(proc, failure(`cannot write the output: ${describeFsError(error)}`));
    return;
  }
  if (outcome.failed) proc.exitCode = 1;
}

/**
 * Writes to stderr; a stderr that cannot be written to (`2> /dev/full`)
 * leaves nothing to tell. At a terminal each message wraps between words,
 * under its own text; into a pipe or a file it stays one line, for grep.
 */
async function writeErr(proc: ProcessLike, text: string): Promise<void> {
  try {
    const { columns } = proc.stderr;
    if (proc.stderr.isTTY && columns && columns > 0 && text !== '') text = await wrapMessages(text, columns);
    await writeAll(proc.stderr, text);
  } catch {
    // Nowhere left to say it.
  }
}

/** Below this width, a continuation line hangs by two columns, not under the message. */
const ALIGNED = 40;

/** A command quoted in a message: backticks around no backtick nor line end. */
const COMMAND = /`[^`\n]*`/g;

async function wrapMessages(text: string, width: number): Promise<string> {
  const { unbroken, wrap } = await import('./render/wrap.js');
  const { displayWidth } = await import('./render/width.js');
  const out: string[] = [];
  for (const whole of text.replace(/\n$/, '').split('\n')) {
    if (displayWidth(whole) <= width) {
      out.push(whole);
      continue;
    }
    const hang = width >= ALIGNED && whole.startsWith('kiosk: ') ? 'kiosk: '.length : 2;
    // A command to type, `kiosk list --help`, stays on one line when it can.
    const glued = (text: string) => text.replace(COMMAND, (command) => (displayWidth(command) <= width - hang ? unbroken(command) : command));
    const [first, ...rest] = wrap(glued(whole), width);
    const tail = glued(rest.join(' '));
    out.push(first!, ...(tail === '' ? [] : wrap(tail, width - hang).map((each) => ' '.repeat(hang) + each)));
  }
  return `${out.join('\n')}\n`;
}

/** The current folder, or null when it no longer exists (process.cwd() throws then). */
function currentFolder(proc: ProcessLike): string | null {
  try {
    return proc.cwd();
  } catch {
    return null;
  }
}

function tallerThanScreen(text: string, rows: number | undefined): boolean {
  if (!rows || rows <= 0) return false;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines >= rows) return true;
  }
  return false;
}

async function report(proc: ProcessLike, error: unknown): Promise<void> {
  const debug = proc.env.KIOSK_DEBUG === '1';
  const known = error instanceof KioskError;
  const message = known ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  let text = `kiosk: ${sanitizeLine(message)}\n`;
  if (debug && error instanceof Error && error.stack) text += error.stack + '\n';
  else if (!known) text += 'kiosk: run again with KIOSK_DEBUG=1 for details\n';
  proc.exitCode = known ? error.exitCode : 1;
  await writeErr(proc, text);
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

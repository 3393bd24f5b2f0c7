import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, emptyDir } from './helpers.js';

/**
 * An interactive shell in a tmux pane, driven as a person would: keys in,
 * the screen out. `kiosk` on its PATH is the built CLI, through a wrapper
 * that counts its runs, so a test knows when a Tab's answer has arrived.
 */
export class ShellSession {
  readonly home = emptyDir();
  private readonly socket = `kiosk-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly runs = join(this.home, '.kiosk-runs');

  constructor(
    private readonly command: string,
    private readonly env: Record<string, string> = {},
  ) {
    const bin = join(this.home, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(
      join(bin, 'kiosk'),
      `#!/bin/sh\n"${process.execPath}" "${BIN}" "$@"\nstatus=$?\necho >> "${this.runs}"\nexit $status\n`,
    );
    chmodSync(join(bin, 'kiosk'), 0o755);
    const variables = {
      HOME: this.home,
      PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      XDG_CACHE_HOME: join(this.home, '.cache'),
      ...this.env,
    };
    const environment = Object.entries(variables).map(([key, value]) => `${key}='${value.replaceAll("'", `'\\''`)}'`);
    this.tmux('new-session', '-d', '-x', '200', '-y', '50', `cd '${this.home}' && exec env -i ${environment.join(' ')} ${this.command}`);
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** Types text literally (no key names), then the keys given by name. */
  type(text: string, ...keys: string[]): void {
    if (text !== '') this.tmux('send-keys', '-l', text);
    if (keys.length > 0) this.tmux('send-keys', ...keys);
  }

  /** The screen as text, or with its colours and attributes (`escapes`). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []));
  }

  title(): string {
    return this.tmux('display-message', '-p', '#{pane_title}').trim();
  }

  private runCount(): number {
    return existsSync(this.runs) ? readFileSync(this.runs, 'utf8').length : 0;
  }

  /**
   * Waits until kiosk has run `count` more times since `from`, then until
   * the screen differs from `before` (the shell has used the answer; on a
   * busy machine that may take a while), then until it has settled.
   */
  async settle(from: number, count = 1, before: string | null = null, timeout = 15_000): Promise<void> {
    const start = Date.now();
    while (this.runCount() < from + count) {
      if (Date.now() - start > timeout) throw new Error(`kiosk did not answer in ${timeout} ms; screen:\n${this.screen()}`);
      await sleep(25);
    }
    for (let waited = 0; before !== null && this.screen() === before && waited < 3_000; waited += 25) await sleep(25);
    let last = this.screen();
    for (let stable = 0; stable < 6; ) {
      await sleep(40);
      const now = this.screen();
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
  }

  /** Runs a setup line (Enter) and waits for `ready` to show on the screen. */
  async run(line: string, ready: RegExp, timeout = 15_000): Promise<void> {
    this.type(line, 'Enter');
    const start = Date.now();
    while (!ready.test(this.screen())) {
      if (Date.now() - start > timeout) throw new Error(`"${line}" did not finish; screen:\n${this.screen()}`);
      await sleep(25);
    }
  }

  /**
   * Clears the line, types `line`, presses Tab (`tabs` times, each waiting
   * for kiosk's answer), and returns the command line as it stands.
   */
  async complete(line: string, tabs = 1): Promise<string> {
    this.type('', 'C-u');
    await sleep(30);
    this.type(line);
    // The line shown as typed before the first Tab, so that what changes after is the answer.
    for (let waited = 0; this.commandLine() !== line.trimEnd() && waited < 3_000; waited += 25) await sleep(25);
    for (let i = 0; i < tabs; i++) {
      const runs = this.runCount();
      const screen = this.screen();
      this.type('', 'Tab');
      // A second Tab may only page through what the first one got (fish does).
      await this.settle(runs, i === 0 ? 1 : 0, screen);
    }
    return this.commandLine();
  }

  /** The text after the last prompt (`$ `) on the screen. */
  commandLine(): string {
    const lines = this.screen().split('\n').filter((line) => line.startsWith('$ '));
    return (lines.at(-1) ?? '').slice(2).trimEnd();
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

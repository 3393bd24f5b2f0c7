import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, SEED_SLUG, emptyDir, library } from './helpers.js';

/**
 * The pager, tested as a person meets it: kiosk runs in a tmux pane at a
 * fixed size, keys are sent to it, and the screen is read back.
 */
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

let socket = '';
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'k');
}

async function waitFor(condition: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = screen();
    if (condition(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A shell in a 80×20 pane with a clean environment, `kiosk` defined, and a recognisable prompt. */
function startShell(env: Record<string, string> = {}): void {
  socket = `kiosk-test-${randomBytes(4).toString('hex')}`;
  const exports = Object.entries({ PS1: 'READY$ ', TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env })
    .map(([key, value]) => `export ${key}='${value}';`)
    .join(' ');
  tmux('new-session', '-d', '-s', 'k', '-x', '80', '-y', '20', 'env', '-i', `PATH=${process.env.PATH}`, `HOME=${emptyDir()}`, 'bash', '--norc', '--noprofile');
  tmux('send-keys', '-t', 'k', `${exports} kiosk() { "${process.execPath}" "${BIN}" "$@"; }; clear`, 'Enter');
}

function type(keys: string, enter = true): void {
  tmux('send-keys', '-t', 'k', ...(enter ? [keys, 'Enter'] : [keys]));
}

const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

afterEach(() => {
  if (socket) {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
});

describe.skipIf(!hasTmux)('the pager, in a terminal', () => {
  it('pages an article taller than the screen with less, and leaves the terminal as it was on q', async () => {
    startShell();
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    type('kiosk read trump; echo "status=$?"');
    const paged = await waitFor((text) => lastLine(text) === ':', 'less to show its prompt');
    expect(paged.split('\n')[0]).toBe('Trump menace l’Iran après le piratage de sa campagne électorale');
    expect(paged).not.toContain('Un contexte de tensions historiques');
    type('q', false);
    const after = await waitFor((text) => text.includes('status=0') && lastLine(text) === 'READY$', 'the prompt after q');
    // less -X leaves the page on screen; the shell prompt follows it.
    expect(after).toContain('status=0');
  });

  it('ends on Ctrl-C in the pager with the terminal still usable', async () => {
    startShell();
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    type('kiosk read trump; echo "done"');
    await waitFor((text) => lastLine(text) === ':', 'less to show its prompt');
    tmux('send-keys', '-t', 'k', 'C-c');
    type('q', false);
    await waitFor((text) => lastLine(text) === 'READY$', 'the prompt after Ctrl-C');
    type('echo typed-and-echoed');
    await waitFor((text) => text.includes('\ntyped-and-echoed\n'), 'an echo: the terminal still echoes and reads lines');
  });

  it('uses $KIOSK_PAGER, else $PAGER', async () => {
    startShell({ KIOSK_PAGER: 'sed s/^/K:/', PAGER: 'sed s/^/P:/' });
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    type('kiosk read trump | tail -1 >/dev/null; kiosk read trump');
    await waitFor((text) => text.includes('K:Un contexte de tensions historiques') && lastLine(text) === 'READY$', 'KIOSK_PAGER output');
    type('clear; unset KIOSK_PAGER; kiosk read trump');
    await waitFor((text) => text.includes('P:Un contexte de tensions historiques') && lastLine(text) === 'READY$', 'PAGER output');
  });

  it('prints directly with --no-pager, for short output, into a pipe, and when the pager cannot start', async () => {
    const short = library({ 'short.md': '# Short\n\nOne line.\n' });
    startShell({ KIOSK_PAGER: 'sed s/^/K:/' });
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    type(`kiosk read trump --no-pager | head -0; kiosk read trump --no-pager >/dev/null; kiosk --dir ${short} read short; echo "short=$?"`);
    const text = await waitFor((screen) => screen.includes('short=0'), 'the short article');
    expect(text).toContain('\nOne line.\n');
    expect(text).not.toContain('K:');
    type(`clear; KIOSK_PAGER=/no/such/pager kiosk read ${SEED_SLUG} 2>/dev/null; echo "fallback=$?"`);
    const fallback = await waitFor((screen) => screen.includes('fallback=0'), 'the article printed without a pager');
    expect(fallback).toContain('Un contexte de tensions historiques');
  });
});

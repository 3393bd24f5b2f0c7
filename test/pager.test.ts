import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalHyperlinks } from '../src/hyperlinks.js';
import { choosePager, lessFlags, lessVersion, withoutHyperlinks } from '../src/pager.js';
import { BIN, SEED_SLUG, emptyDir, library, needs, pty, terminal } from './helpers.js';

describe('choosing how to page', () => {
  it('reads less --version, and knows BusyBox and others are not less', () => {
    expect(lessVersion('less 590 (GNU regular expressions)\nCopyright (C) 1984-2021  Mark Nudelman\n')).toBe(590);
    expect(lessVersion('less 487 (POSIX regular expressions)\n')).toBe(487);
    expect(lessVersion('BusyBox v1.36.1 (2023-06-09) multi-call binary.\n')).toBeNull();
    expect(lessVersion('')).toBeNull();
  });

  it('gives a bare less -X before 530, --mouse from 551, as bat does', () => {
    expect(lessFlags(487)).toEqual(['-R', '-F', '-X']);
    expect(lessFlags(529)).toEqual(['-R', '-F', '-X']);
    expect(lessFlags(530)).toEqual(['-R', '-F']);
    expect(lessFlags(551)).toEqual(['-R', '-F', '--mouse']);
    expect(lessFlags(null)).toEqual(['-R', '-F', '-X']);
  });

  it('keeps a pager with its own arguments, and sends links only to less 581 and later', async () => {
    const versions = (output: string | null) => async () => output;
    expect(await choosePager('less', {}, versions('less 590'))).toEqual({ command: 'less -R -F --mouse', env: {}, hyperlinks: true });
    expect(await choosePager('/usr/bin/less', {}, versions('less 580'))).toMatchObject({ command: '/usr/bin/less -R -F --mouse', hyperlinks: false });
    expect(await choosePager('less -S', {}, versions('less 590'))).toEqual({ command: 'less -S', env: { LESS: 'FR' }, hyperlinks: true });
    expect(await choosePager('less -S', { LESS: 'i' }, versions('less 487'))).toEqual({ command: 'less -S', env: { LESS: 'i' }, hyperlinks: false });
    expect(await choosePager('less', {}, versions(null))).toMatchObject({ command: 'less -R -F -X', hyperlinks: false });
    let asked = false;
    const most = await choosePager('most', { LESS: 'x' }, async () => ((asked = true), 'less 590'));
    expect(most).toEqual({ command: 'most', env: { LESS: 'x' }, hyperlinks: false });
    expect(asked).toBe(false);
    // A shell construct is left to the shell, as written.
    expect(await choosePager('$(less)', {}, versions('less 590'))).toMatchObject({ command: '$(less)', hyperlinks: false });
  });

  it('takes kiosk’s own OSC 8 links out, text kept', () => {
    const link = '\x1b]8;;https://example.com\x1b\\label\x1b]8;;\x1b\\ and \x1b]8;;x\x07bel\x1b]8;;\x07';
    expect(withoutHyperlinks(link)).toBe('label and bel');
  });
});

describe('hyperlinks inside tmux', () => {
  const tty = { isTTY: true };
  const features = (list: string | null) => async () => list;

  it('asks tmux whether its client shows them, whatever the outer terminal says', async () => {
    const outer = { TMUX: '/tmp/tmux-0/default,1,0', VTE_VERSION: '7600' };
    expect(await terminalHyperlinks(tty, outer, undefined, features('256,RGB,bpaste,clipboard,hyperlinks,title\n'))).toBe(true);
    expect(await terminalHyperlinks(tty, outer, undefined, features('256,RGB,title\n'))).toBe(false);
    expect(await terminalHyperlinks(tty, outer, undefined, features(''))).toBe(false);
    expect(await terminalHyperlinks(tty, outer, undefined, features(null))).toBe(false);
  });

  it('lets FORCE_HYPERLINK decide, and gives none to a pipe', async () => {
    const never = features('hyperlinks');
    expect(await terminalHyperlinks(tty, { TMUX: 'x', FORCE_HYPERLINK: '0' }, { value: 'always', line: 1 }, never)).toBe(false);
    expect(await terminalHyperlinks({ isTTY: false }, { FORCE_HYPERLINK: '1' }, { value: 'never', line: 1 }, never)).toBe(true);
    expect(await terminalHyperlinks({ isTTY: false }, { TMUX: 'x' }, undefined, never)).toBe(false);
  });
});

/** A fake `less` first on PATH: answers --version as told, records its arguments, LESS and what it was given. */
function fakeLess(version: string): { dir: string; log: string } {
  const dir = emptyDir();
  const log = join(dir, 'log');
  const script = [
    '#!/bin/sh',
    `if [ "$1" = --version ]; then printf '%s\\n' '${version}'; exit 0; fi`,
    `printf '%s\\n' "$@" > '${log}.args'`,
    `printf '%s' "\${LESS-unset}" > '${log}.env'`,
    `cat > '${log}.in'`,
  ].join('\n');
  writeFileSync(join(dir, 'less'), script + '\n');
  chmodSync(join(dir, 'less'), 0o755);
  return { dir, log };
}

describe.skipIf(pty.skip)(pty.name('the pager, started for less of each version'), () => {
  const links = library({ 'links.md': `# Links\n\n${Array.from({ length: 30 }, (_, i) => `Line ${i} with [a link](https://example.com/${i}).`).join('\n\n')}\n` });
  const read = (version: string, env: Record<string, string> = {}) => {
    const { dir, log } = fakeLess(version);
    const run = terminal(['--dir', links, 'read', 'links'], { rows: 10, env: { PATH: `${dir}:${process.env.PATH}`, FORCE_HYPERLINK: '1', ...env } });
    expect(run.status).toBe(0);
    expect(existsSync(`${log}.in`)).toBe(true);
    return { args: readFileSync(`${log}.args`, 'utf8').trim().split('\n'), less: readFileSync(`${log}.env`, 'utf8'), input: readFileSync(`${log}.in`, 'utf8') };
  };

  it.each([
    ['less 487 (POSIX regular expressions)', ['-R', '-F', '-X'], false],
    ['less 551 (GNU regular expressions)', ['-R', '-F', '--mouse'], false],
    ['less 590 (GNU regular expressions)', ['-R', '-F', '--mouse'], true],
    ['BusyBox v1.36.1 (2023-06-09) multi-call binary.', ['-R', '-F', '-X'], false],
  ])('%s gets %j, links %s', (version, args, hyperlinks) => {
    const { args: given, input } = read(version);
    expect(given).toEqual(args);
    expect(input).toContain('a link');
    expect(input.includes('\x1b]8;')).toBe(hyperlinks);
  });

  it('keeps the arguments of PAGER and KIOSK_PAGER, with a LESS that passes colours when there is none', () => {
    const mine = read('less 590', { PAGER: 'less -S -i' });
    expect(mine.args).toEqual(['-S', '-i']);
    expect(mine.less).toBe('FR');
    expect(read('less 590', { KIOSK_PAGER: 'less -S', LESS: '-M' }).less).toBe('-M');
  });
});

/**
 * The pager, tested as a person meets it: kiosk runs in a tmux pane at a
 * fixed size, keys are sent to it, and the screen is read back.
 */
const inTmux = needs('tmux', 'less');

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

describe.skipIf(inTmux.skip)(inTmux.name('the pager, in a terminal'), () => {
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

  it('starts the real less with the mouse wheel on and without -X', async () => {
    startShell();
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    type('kiosk read trump');
    await waitFor((text) => lastLine(text) === ':', 'less to show its prompt');
    const version = lessVersion(execFileSync('less', ['--version'], { encoding: 'utf8' }));
    const args = execFileSync('ps', ['-o', 'args=', '-C', 'less'], { encoding: 'utf8' });
    const line = args.split('\n').find((each) => each.includes('-R -F'));
    expect(line).toBeDefined();
    expect(line).toContain(version !== null && version >= 551 ? '--mouse' : '-X');
    if (version !== null && version >= 530) expect(line).not.toContain('-X');
    type('q', false);
    await waitFor((text) => lastLine(text) === 'READY$', 'the prompt after q');
  });

  it('sends no OSC 8 link through a tmux that cannot show them, though the outer terminal could', async () => {
    const out = join(emptyDir(), 'typescript');
    const links = library({ 'links.md': '# Links\n\nA [link](https://example.com).\n' });
    startShell({ VTE_VERSION: '7600' });
    await waitFor((text) => text.includes('READY$'), 'the prompt');
    // script gives kiosk a terminal of its own inside the pane, TMUX still set.
    type(`script -qc 'kiosk --dir ${links} read links --no-pager' ${out} >/dev/null; echo "done=$?"`);
    await waitFor((text) => text.includes('done=0'), 'the article');
    const features = tmux('display-message', '-p', '-t', 'k', '#{client_termfeatures}');
    expect(readFileSync(out, 'utf8').includes('\x1b]8;')).toBe(features.split(',').includes('hyperlinks'));
    expect(readFileSync(out, 'utf8')).toContain('link');
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

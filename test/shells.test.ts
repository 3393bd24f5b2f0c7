import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { installed, library } from './helpers.js';
import { ShellSession } from './tmux.js';

/**
 * Completion in the real shells, pressing Tab in a tmux pane as a person
 * would: bash (with and without Debian's bash-completion), zsh and fish. A
 * hostile library's sections, tags and titles hold command substitutions
 * and escape sequences: nothing may run, nothing raw may reach the screen,
 * and every candidate must arrive as one word.
 */

const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';

interface Shell {
  name: string;
  needs: string[];
  command: string;
  /** Lines that set a plain `$ ` prompt and load kiosk's script twice. */
  setup: string[];
}

const SHELLS: Shell[] = [
  {
    name: 'bash',
    needs: ['bash'],
    command: 'bash --norc --noprofile -i',
    setup: [`PS1='$ '; source <(kiosk completion bash); source <(kiosk completion bash); echo READY`],
  },
  {
    name: 'bash with bash-completion',
    needs: ['bash', BASH_COMPLETION],
    command: 'bash --norc --noprofile -i',
    setup: [`source ${BASH_COMPLETION}; PS1='$ '; source <(kiosk completion bash); source <(kiosk completion bash); echo READY`],
  },
  {
    name: 'zsh',
    needs: ['zsh'],
    command: 'zsh -f',
    setup: [`PROMPT='$ '; autoload -U compinit && compinit -u && source <(kiosk completion zsh) && source <(kiosk completion zsh); echo READY`],
  },
  {
    name: 'fish',
    needs: ['fish'],
    command: 'fish --no-config',
    setup: [`function fish_prompt; echo -n '$ '; end; kiosk completion fish | source; kiosk completion fish | source; echo READY`],
  },
];

function missing(shell: Shell): string[] {
  return ['tmux', ...shell.needs].filter((need) => (need.startsWith('/') ? !existsSync(need) : !installed(need)));
}

const sessions: ShellSession[] = [];
afterAll(() => sessions.forEach((session) => session.close()));

describe.concurrent.each(SHELLS)('completion in $name', (shell) => {
  const lacking = missing(shell);
  const name = lacking.length > 0 ? `skipped: needs ${lacking.join(' and ')}` : 'inserts library values as data, quoted, and shows nothing raw';

  // The test's own expect: a soft assertion bound to it never depends on the runner's notion of the current test.
  it.skipIf(lacking.length > 0)(name, async ({ expect }) => {
    const session = new ShellSession(shell.command);
    sessions.push(session);
    const marker = join(session.home, 'ran');
    const root = library({
      'notes/article.md': `---\ntitle: "\\e]2;PWNED\\a Un titre"\nsection: Mes notes\ntags: [front matter, "\`touch ${marker}\`"]\n---\n# Un titre\n\n## Première partie\n\n## Seconde partie\n`,
      'evil/other.md': `---\ntitle: Autre\nsection: "$(touch ${marker})"\n---\ntext\n`,
    });
    const lib = join(session.home, 'lib');
    writeFileSync(join(session.home, 'page.html'), '<p>page</p>');
    mkdirSync(lib);
    writeFileSync(join(lib, 'local.md'), '# Local\n');

    for (const line of shell.setup) await session.run(line, /^READY$/m);
    // Loading the script twice printed nothing before READY.
    const screen = session.screen();
    expect(screen.slice(screen.lastIndexOf('echo READY\n') + 'echo READY\n'.length).trim().split('\n')[0]).toBe('READY');
    const title = session.title();

    const dir = `--dir ${root}`;
    const cases: Array<[typed: string, expected: string]> = [
      [`kiosk ${dir} li`, `kiosk ${dir} list`],
      [`kiosk ${dir} list Me`, `kiosk ${dir} list Mes\\ notes`],
      [`kiosk ${dir} list --tag fr`, `kiosk ${dir} list --tag front\\ matter`],
      [`kiosk ${dir} list \\$`, `kiosk ${dir} list \\$\\(touch\\ ${marker.replaceAll('/', '/')}\\)`],
      [`kiosk ${dir} read art`, `kiosk ${dir} read article`],
      [`kiosk ${dir} read mes\\ notes/`, `kiosk ${dir} read mes\\ notes/article`],
      [`kiosk ${dir} read article#s`, `kiosk ${dir} read article${shell.name === 'zsh' ? '\\#' : '#'}seconde-partie`],
      [`kiosk import pa`, `kiosk import page.html`],
      [`kiosk --dir li`, `kiosk --dir lib/`],
      [`kiosk read ./lib/lo`, `kiosk read ./lib/local.md`],
    ];
    if (shell.name !== 'fish') cases.push([`kiosk ${dir} list --tag \\\``, `kiosk ${dir} list --tag \\\`touch\\ ${marker}\\\``]);
    for (const [typed, expected] of cases) {
      let got = await session.complete(typed);
      // A shell on a machine busy with other tests may draw late: once more before calling it wrong.
      if (got !== expected) got = await session.complete(typed);
      expect.soft(got, typed).toBe(expected);
    }

    // The hostile section, completed, then run: kiosk receives it as one literal word and lists it.
    await session.complete(`kiosk ${dir} list \\$`);
    await session.run('', /^\$\(touch .*\(1\)$/m);
    // Descriptions (zsh, fish) and lists (bash) of titles show escape sequences as marks.
    await session.complete(`kiosk ${dir} read `, 2);
    if (shell.name === 'zsh' || shell.name === 'fish') expect(session.screen()).toContain('␛]2;PWNED␇ Un titre');
    expect(session.title()).toBe(title);
    expect(existsSync(marker)).toBe(false);
  }, 120_000);
});

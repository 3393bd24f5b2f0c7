import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProgram, ENVIRONMENT } from '../src/cli.js';
import { manPage, roff } from '../src/manpage.js';
import { ROOT, cleanEnv, inProcess } from './helpers.js';

const PAGE = join(ROOT, 'dist', 'kiosk.1');
const hasMan = spawnSync('man', ['--version'], { encoding: 'utf8' }).status === 0;

/** The page as `man` shows it at `width` columns, with groff's warnings on. */
function shown(width: number): { text: string; warnings: string; status: number | null } {
  const result = spawnSync('man', ['--warnings', '-l', PAGE], { encoding: 'utf8', env: cleanEnv({ MANWIDTH: String(width), MANPAGER: 'cat', PAGER: 'cat', LANG: 'C.UTF-8' }) });
  return { text: result.stdout, warnings: result.stderr, status: result.status };
}

describe('the man page, made from the definitions of --help', () => {
  const page = manPage('9.9.9', '2026-01-02');
  const { program } = describeProgram('9.9.9');
  const commands = program.commands.filter((command) => command.name() !== 'complete');

  it('has the sections a man page has, dated and versioned', () => {
    expect(page).toMatch(/^\.TH KIOSK 1 2026-01-02 "kiosk 9\.9\.9" "User Commands"$/m);
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'COMMANDS', 'ENVIRONMENT', 'FILES', '"EXIT STATUS"', 'EXAMPLES', '"SEE ALSO"']) {
      expect(page, section).toMatch(new RegExp(`^\\.SH ${section.replaceAll('"', '"?')}$`, 'm'));
    }
  });

  it('covers every command, option and environment variable, and no hidden one', () => {
    for (const command of commands) {
      expect(page).toContain(`.SS \\fBkiosk ${command.name()} `);
      for (const option of command.options) expect(page, `${command.name()} ${option.long}`).toContain(roff(option.long!));
    }
    for (const option of program.options) expect(page).toContain(roff(option.long!));
    for (const variable of ENVIRONMENT) for (const name of variable.name.split(' or ')) expect(page).toContain(roff(name));
    expect(page).not.toContain('kiosk complete');
    expect(page).toContain('$XDG_CONFIG_HOME/kiosk/config.yaml');
    expect(page).toContain('$XDG_CACHE_HOME/kiosk/');
  });

  it('escapes what roff would read as its own', () => {
    expect(roff('a\\b --c')).toBe('a\\eb \\-\\-c');
    expect(roff('.x\n\'y\nz')).toBe("\\&.x\n\\&'y\nz");
    expect(roff('see `kiosk --help`')).toBe('see \\fBkiosk \\-\\-help\\fR');
    // Every line that starts as a request is one that the page means.
    for (const line of page.split('\n').filter((each) => /^[.']/.test(each))) {
      expect(line).toMatch(/^\.(?:\\"|TH|SH|SS|TP|PP|RS|RE|nf|fi|br|ad|nh|B)(?: |$)/);
    }
  });
});

describe.skipIf(!hasMan)(hasMan ? 'man -l dist/kiosk.1' : 'man -l dist/kiosk.1 (skipped: no man on this machine)', () => {
  it('is built with kiosk, and shows without a warning within 80 columns', () => {
    expect(readFileSync(PAGE, 'utf8')).toMatch(/^\.TH KIOSK 1 \d{4}-\d\d-\d\d "kiosk \d+\.\d+\.\d+"/m);
    const { text, warnings, status } = shown(80);
    expect(status).toBe(0);
    expect(warnings).toBe('');
    expect(text).toContain('kiosk read [options] <query>');
    expect(text).toMatch(/^EXIT STATUS$/m);
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('lists every option that each command’s --help shows', async () => {
    const { text } = shown(80);
    for (const command of ['', 'list', 'sections', 'read', 'search', 'import', 'completion', 'config']) {
      const help = (await inProcess([...(command ? [command] : []), '--help'])).stdout;
      for (const [option] of help.matchAll(/--[a-z][a-z-]+/g)) expect(text, `${command} ${option}`).toContain(option);
    }
  });
});

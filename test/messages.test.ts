import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { NO_CONFIG } from '../src/config.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { KioskError } from '../src/errors.js';
import { TEST_TMP } from './helpers.js';

/**
 * kiosk's messages for a command line that is wrong, driven in-process
 * through `run`: each is one line that says what was wrong and what to do,
 * in kiosk's words rather than commander's.
 */
const folder = mkdtempSync(join(TEST_TMP, 'kiosk-messages-'));
writeFileSync(join(folder, 'page.html'), '<p>x</p>');
writeFileSync(join(folder, 'note.txt'), 'x');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function failing(args: string[]): Promise<{ message: string; exitCode: number }> {
  try {
    await run({
      args,
      environment: { env: {}, cwd: folder, stdoutIsTTY: false, columns: undefined, rows: undefined, hyperlinks: async () => false, config: NO_CONFIG('/nowhere/config.yaml') },
      readStdin: async () => new Uint8Array(),
      version: '0.0.0',
    });
  } catch (error) {
    if (error instanceof KioskError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error(`kiosk ${args.join(' ')} succeeded`);
}

describe('usage errors, exit 2', () => {
  it.each([
    ['a misspelt command', ['serch', 'x'], 'unknown command "serch"; did you mean `kiosk search`?'],
    ['help for no command', ['help', 'nothing'], 'unknown command "nothing"; see `kiosk --help`'],
    ['a misspelt long option', ['read', 'trump', '--formt=json'], 'read has no option --formt; did you mean --format?'],
    ['--format where --json is meant', ['list', '--format', 'jsn'], 'list has no option --format; for JSON, give --json; see `kiosk list --help`'],
    ['a misspelt format', ['read', 'trump', '--format', 'jsn'], '--format takes ansi, text, markdown or json, not "jsn"; did you mean json?'],
    ['a misspelt colour mode', ['list', '--color', 'alway'], '--color takes auto, always or never, not "alway"; did you mean always?'],
    ['a misspelt shell', ['completion', 'bsh'], 'completion takes bash, zsh or fish, not "bsh"; did you mean bash?'],
    ['a missing query', ['read'], 'read needs its <query>; see `kiosk read --help`'],
    ['a missing value', ['read', 'trump', '--width'], '--width needs a value; see `kiosk read --help`'],
    ['too many arguments', ['list', 'a', 'b'], 'list takes at most 1 argument, not 2; see `kiosk list --help`'],
    ['a negative width', ['read', 'trump', '--width', '-3'], '--width takes a whole number of columns, from 0 (no wrapping) to 10000; not "-3"'],
    ['a limit of 0', ['search', 'iran', '--limit', '0'], '--limit takes a whole number of articles, 1 or more; not "0"'],
  ])('%s', async (_name, args, message) => {
    expect(await failing(args)).toEqual({ message, exitCode: 2 });
  });
});

describe('help', () => {
  it.each([[['help']], [['help', 'help']], [['help', 'read']], [['--help']]])('kiosk %j shows help, exit 0', async (args) => {
    const outcome = await run({
      args,
      environment: { env: {}, cwd: folder, stdoutIsTTY: false, columns: undefined, rows: undefined, hyperlinks: async () => false, config: NO_CONFIG('/nowhere/config.yaml') },
      readStdin: async () => new Uint8Array(),
      version: '0.0.0',
    });
    expect(outcome.stdout).toMatch(args[1] === 'read' ? /^Usage: kiosk read / : /^Usage: kiosk \[options\] \[command\]/);
  });
});

describe('what read cannot find, exit 1', () => {
  it.each([
    ['a Markdown file that is not there', ['read', './nonexist.md'], 'no such file: ./nonexist.md'],
    ['a page that is not there', ['read', 'nope.html'], 'no such file: nope.html'],
    ['an HTML page', ['read', 'page.html'], 'page.html is not Markdown; to make it an article: `kiosk import page.html`'],
    ['a text file', ['read', 'note.txt'], 'note.txt is not Markdown; to make it an article: `kiosk import note.txt`'],
    ['an article only a search finds', ['read', 'politico'], 'no article matches "politico", but one holds it: `kiosk read trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale`'],
    ['articles only a search finds', ['read', 'piratage'], 'no article matches "piratage", but some hold it, best first: trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale, getting-started; see `kiosk search piratage`'],
    ['a heading prefix that starts several', ['read', 'trump#le'], expect.stringMatching(/^"#le" starts 2 headings of "trump-menace-[a-z-]+": #les-details-du-piratage, #le-dementi-de-l-iran; give more of it$/)],
  ])('%s', async (_name, args, message) => {
    expect(await failing(args)).toEqual({ message, exitCode: 1 });
  });

  it('reads a part by the start of its heading, when only one heading starts so', async () => {
    const outcome = await run({
      args: ['read', 'trump#le-dementi', '--format', 'text'],
      environment: { env: {}, cwd: folder, stdoutIsTTY: false, columns: undefined, rows: undefined, hyperlinks: async () => false, config: NO_CONFIG('/nowhere/config.yaml') },
      readStdin: async () => new Uint8Array(),
      version: '0.0.0',
    });
    expect(outcome.stdout).toMatch(/^Le démenti de l’Iran\n/);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, cpSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, emptyDir, kiosk, inProcess } from './helpers.js';

/**
 * The hostile library: test/fixtures/hostile plus what git cannot hold (a
 * FIFO, a control character in a file name, a sparse 1 GB file, a 50 MB
 * article, a file nobody may read), copied to a temporary folder.
 */
let root: string;
const isRoot = process.getuid?.() === 0;

beforeAll(() => {
  root = join(emptyDir(), 'hostile');
  cpSync(join(ROOT, 'test', 'fixtures', 'hostile'), root, { recursive: true, verbatimSymlinks: true });
  execFileSync('mkfifo', [join(root, 'files', 'fifo.md')]);
  writeFileSync(join(root, 'escapes', 'name-\x1b[31mred\x1b[0m.md'), '# A file name with an escape\n');
  // 1 GB, sparse: a small head, then zeros. Listing must read only the head.
  const huge = openSync(join(root, 'files', 'huge.md'), 'w');
  writeSync(huge, `---\ntitle: A one-gigabyte article\n---\n\n${'The head of a huge file. '.repeat(400)}\n`);
  closeSync(huge);
  execFileSync('truncate', ['-s', '1G', join(root, 'files', 'huge.md')]);
  writeFileSync(join(root, 'depth', 'list-2500.md'), '# Deep list\n\n' + Array.from({ length: 2500 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'));
  writeFileSync(join(root, 'files', 'unreadable.md'), '# Locked\n');
  chmodSync(join(root, 'files', 'unreadable.md'), 0o000);
});

const OWN_SEQUENCES = /\x1b\[[0-9;]*m|\x1b\]8;;[\x20-\x7e]*\x1b\\/g;
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** Output a terminal may receive: kiosk's own SGR and OSC 8 sequences, never anything from the content. */
function expectSafe(output: string): void {
  expect(output.replace(OWN_SEQUENCES, '')).not.toMatch(RAW_CONTROL);
}

const run = (args: string[], env: Record<string, string> = {}) => inProcess([...args, '--dir', root], { env });

describe('kiosk list on the hostile library', () => {
  // File → what its one warning line must say.
  const expected: Record<string, RegExp> = {
    'files/binary.md': /binary content \(NUL bytes\), not Markdown; skipped/,
    'files/fifo.md': /not a regular file/,
    'files/invalid-utf8.md': /invalid UTF-8; bad bytes shown as U\+FFFD/,
    'front-matter/alias-bomb.md': /invalid front matter: Excessive alias count/,
    'front-matter/broken.md': /invalid front matter \(line \d+, column \d+\): /,
    'front-matter/deep.md': /front matter nested more than 100 levels deep; ignored/,
    'front-matter/duplicate-keys.md': /invalid front matter \(line \d+, column \d+\): Map keys must be unique/,
    'front-matter/javascript.md': /front matter in "javascript" is not supported \(only YAML\); shown as text/,
    'front-matter/js.md': /front matter in "js" is not supported/,
    'front-matter/json.md': /front matter in "json" is not supported/,
    'front-matter/not-a-mapping.md': /front matter is not a mapping of fields; shown as Markdown/,
    'front-matter/toml.md': /front matter in TOML \(\+\+\+\) is not supported/,
    'front-matter/unclosed.md': /front matter has no closing "---" line; shown as text/,
    'front-matter/unknown-tag.md': /front matter \(line 2, column 8\): Unresolved tag/,
    'front-matter/wrong-types.md': /"date" "not-a-date" is not an ISO date.*"author" should be text.*"tags" should be a list.*"draft" should be true or false/,
    'links/broken.md': /broken symbolic link/,
    'links/etc': /symbolic link leads outside the library; skipped/,
    'links/etc-passwd.md': /symbolic link leads outside the library; skipped/,
    ...(isRoot ? {} : { 'files/unreadable.md': /cannot read: permission denied/ }),
  };

  it('exits 0 and prints one warning line per bad file, naming it and the reason', async () => {
    const { stderr, status } = await run(['list']);
    expect(status).toBe(0);
    const lines = stderr.trimEnd().split('\n');
    const byFile = new Map(lines.map((line) => [/^kiosk: warning: .*?hostile\/(.+?): /.exec(line)?.[1] ?? line, line]));
    expect([...byFile.keys()].sort()).toEqual(Object.keys(expected).sort());
    expect(lines).toHaveLength(byFile.size);
    for (const [file, reason] of Object.entries(expected)) expect(byFile.get(file)).toMatch(reason);
    expectSafe(stderr);
  });

  it('lists every readable article', async () => {
    const slugs = (await run(['list'])).stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]);
    expect(slugs.sort()).toEqual(
      [
        'alias-bomb', 'bank-link', 'broken', 'deep', 'duplicate-keys', 'emphasis-3000', 'empty', 'entities', 'etc-passwd',
        'huge', 'invalid-utf8', 'javascript', 'js', 'json', 'list-2500', 'list-30', 'name-31mred-0m', 'not-a-mapping', 'plain',
        'quote-5000', 'report', 'report', 'terminal', 'toml', 'unclosed', 'unknown-tag', 'wrong-types',
        ...(isRoot ? ['unreadable'] : []),
      ].sort(),
    );
  });

  it.each([['list'], ['list', '--json'], ['sections'], ['sections', '--json']])('writes nothing raw from the content: %j', async (...args) => {
    const { stdout, stderr } = await run(args, { FORCE_COLOR: '1' });
    expectSafe(stdout);
    expectSafe(stderr);
  });

  it('shows control characters of titles, sections and file names as visible marks', async () => {
    const rows = (await run(['list'])).stdout.split('\n');
    expect(rows).toContain('Esc␛[31mapes\tterminal\t\tClear ␛[2J screen ␛]0;pwned␇ title');
    expect(rows.find((row) => row.includes('name-31mred-0m'))).toBe('escapes\tname-31mred-0m\t\tA file name with an escape');
  });

  it('keeps JSON exact while escaping what a terminal would act on', async () => {
    const { stdout } = await run(['list', '--json']);
    const records = JSON.parse(stdout) as Array<{ slug: string; title: string; author: string | null }>;
    const terminal = records.find((record) => record.slug === 'terminal')!;
    expect(terminal.title).toBe('Clear \x1b[2J screen \x1b]0;pwned\x07 title');
    expect(terminal.author).toBe('\u202egnp.exe');
    expect(stdout).toContain('\\u202egnp.exe');
  });

  it('reads only the head of each file: a 1 GB article is listed at once', async () => {
    const { stdout } = await run(['list', '--json']);
    const huge = (JSON.parse(stdout) as Array<{ slug: string; title: string; words: number }>).find((r) => r.slug === 'huge')!;
    expect(huge.title).toBe('A one-gigabyte article');
    expect(huge.words).toBeGreaterThan(0);
  });
});

describe('kiosk read on the hostile library', () => {
  const formats = ['ansi', 'text', 'markdown', 'json'];
  const articles = ['terminal', 'entities', 'bank-link', 'js', 'invalid-utf8', 'empty', 'wrong-types', 'etc-passwd', 'list-30'];

  it.each(articles.flatMap((slug) => formats.map((format) => [slug, format])))('%s as %s: exit 0, nothing raw reaches the terminal', async (slug, format) => {
    const { stdout, stderr, status } = await run(['read', slug!, '--format', format!, '--color', 'always'], { FORCE_HYPERLINK: '1' });
    expect(status).toBe(0);
    if (!(slug === 'empty' && format === 'markdown')) expect(stdout.length).toBeGreaterThan(0);
    expectSafe(stdout);
    expectSafe(stderr);
  });

  it('shows escape sequences of the body as marks, in every format', async () => {
    const text = (await run(['read', 'terminal'])).stdout;
    expect(text).toContain('Raw CSI: ␛[31mred␛[0m and clear: ␛[2J␛[H.');
    expect(text).toContain('OSC 52 writes the clipboard: ␛]52;c;ZXZpbCBjb21tYW5k␇ done.');
    expect(text).toContain('C1 CSI: <U+009B>2J and a DEL ␡ and a BEL ␇.');
    expect(text).toContain('Bidi override: <U+202E>evil<U+202C> and isolate <U+2066>x<U+2069>.');
    expect((await run(['read', 'terminal', '--format', 'markdown'])).stdout).toContain('echo "␛]52;c;ZXZpbA==␇"');
  });

  it('decodes entities to marks, not to controls, and keeps links inert', async () => {
    const { stdout } = await run(['read', 'entities', '--color', 'always'], { FORCE_HYPERLINK: '1' });
    const plain = stdout.replace(OWN_SEQUENCES, '');
    expect(plain).toContain('Encoded ESC: ␛[2J and ␛]52;c;ZXZpbA==␇ and C1 <U+009B>2J and RLO <U+202E>.');
    expect(plain).toContain('Heading ␛[31m');
    expect(plain).toContain('␛[2J in HTML');
    // The link's target went into OSC 8 percent-encoded: it cannot close the sequence.
    expect(stdout).toMatch(/\x1b\]8;;https:\/\/example\.com\/%E2%90%9B%5D8;;https:\/\/evil\.example%E2%90%9B%5C\x1b\\/);
  });

  it('shows the real target of a link whose label is another address', async () => {
    expect((await run(['read', 'bank-link'])).stdout).toContain('Pay at https://bank.example[1].\n\n[1] https://evil.example/login\n');
  });

  it('never evaluates front matter written in JavaScript', async () => {
    const { stdout, stderr, status } = await run(['read', 'js']);
    expect(status).toBe(0);
    expect(existsSync('/tmp/kiosk-pwned')).toBe(false);
    expect(stdout).toContain('require("child_process")');
    expect(stderr).toMatch(/js\.md: front matter in "js" is not supported/);
    expect((await run(['read', 'javascript'])).status).toBe(0);
  });

  it('keeps a path-traversal slug to [a-z0-9-] and reads it by that slug', async () => {
    expect((await run(['read', 'etc-passwd'])).stdout).toContain('Path traversal slug');
    expect((await run(['read', '../../etc/passwd'])).status).toBe(1);
  });

  it('calls a duplicate slug ambiguous, naming both, and reads each by section/slug', async () => {
    const { stderr, status } = await run(['read', 'report']);
    expect(status).toBe(1);
    expect(stderr).toBe('kiosk: "report" matches 2 articles: one/report, two/report; give more of the slug or section/slug\n');
    expect((await run(['read', 'two/report'])).stdout).toContain('Second report.');
  });

  it.each([
    ['quote-5000', 'nested too deeply to lay out; shown as plain text'],
    ['list-2500', 'nested too deeply to lay out; shown as plain text'],
    ['emphasis-3000', 'emphasis nested more than 64 levels deep; the inner marks are shown as written'],
  ])('shows %s with one warning, exit 0', async (slug, warning) => {
    const { stdout, stderr, status } = await run(['read', slug, '--color', 'always']);
    expect(status).toBe(0);
    expect(stderr).toBe(`kiosk: warning: ${join(root, 'depth', `${slug}.md`)}: ${warning}\n`);
    expect(stdout).not.toMatch(/RangeError|\n\s+at /);
  });

  it('keeps a 30-level list within the width', async () => {
    const lines = (await run(['read', 'list-30', '--width', '50'])).stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
  });

  it('reads an empty file as an empty article titled by its name', async () => {
    expect((await run(['read', 'empty'])).stdout).toBe('empty\nfiles\n');
  });

  it('reads invalid UTF-8 with U+FFFD and a warning', async () => {
    const { stdout, stderr } = await run(['read', 'invalid-utf8']);
    expect(stdout).toContain('Octets \ufffd\ufffd invalid in UTF-8.');
    expect(stderr).toMatch(/invalid-utf8\.md: invalid UTF-8/);
  });

  it('handles a 50 MB article and delivers it whole through a pipe', () => {
    const big = emptyDir();
    const paragraph = 'Un paragraphe de « texte » français, avec des accents : élection, déjà, où. ';
    const text = '# Cinquante mégaoctets\n\n' + `${paragraph.repeat(20)}\n\n`.repeat(Math.ceil((50 * 1024 * 1024) / (paragraph.length * 20)));
    writeFileSync(join(big, 'big.md'), text);
    const { stdout, stderr, status } = kiosk(['read', 'big', '--dir', big]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.length).toBeGreaterThan(text.length * 0.95);
  }, 120_000);
});

describe('an unreadable file', () => {
  // root reads everything: the file is then read by an unprivileged user (setpriv, util-linux).
  const asNobody = isRoot && spawnSync('setpriv', ['--version']).status === 0;

  it.runIf(!isRoot || asNobody)('is skipped with a warning, and the rest is listed', () => {
    const dir = emptyDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'open.md'), '# Open\n');
    writeFileSync(join(dir, 'locked.md'), '# Locked\n');
    chmodSync(join(dir, 'open.md'), 0o644);
    chmodSync(join(dir, 'locked.md'), 0o000);
    const command = [process.execPath, BIN, 'list', '--no-cache', '--dir', dir];
    const result = asNobody
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...command], { env: cleanEnv({ HOME: dir }), encoding: 'utf8', cwd: dir })
      : spawnSync(command[0]!, command.slice(1), { env: cleanEnv(), encoding: 'utf8', cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Unsorted\topen\t\tOpen\n');
    expect(result.stderr).toMatch(/^kiosk: warning: .*locked\.md: cannot read: permission denied\n$/);
  });
});

describe('never writes', () => {
  /** Every entry under the root with its type, size, mode, mtime and content hash. */
  function snapshot(dir: string): string[] {
    const out: string[] = [];
    const walk = (path: string): void => {
      const stats = lstatSync(path);
      let content = '';
      if (stats.isSymbolicLink()) content = readlinkSync(path);
      else if (stats.isFile() && stats.size < 100_000_000 && stats.mode & 0o444) content = createHash('sha1').update(readFileSync(path)).digest('hex');
      out.push(`${path} ${stats.mode} ${stats.size} ${stats.mtimeMs} ${content}`);
      if (stats.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    };
    walk(dir);
    return out;
  }

  it('no command that reads changes a byte under the library root', async () => {
    const before = snapshot(root);
    for (const args of [['list'], ['list', '--json'], ['sections'], ['read', 'terminal'], ['read', 'terminal', '--format', 'json'], ['read', 'js', '--format', 'markdown'], ['read', 'entities', '--toc'], ['read', 'report']]) {
      await run(args);
    }
    expect(snapshot(root)).toEqual(before);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { ESCAPE, ROOT, SEED_PATH, SEED_SLUG, emptyDir, library, pty, shell, terminal, inProcess } from './helpers.js';

const SUBHEADINGS = [
  'Une accusation de piratage par l’Iran',
  'Les détails du piratage',
  'Une réponse ferme de la campagne de Trump',
  'Le démenti de l’Iran',
  'Un contexte de tensions historiques',
];
const QUOTATIONS = [
  '“ne durera pas longtemps”',
  '“points faibles potentiels”',
  '“ces documents ont été obtenus illégalement',
  '“les Iraniens savent que le président Trump',
  '“défensives et proportionnelles aux menaces auxquelles elle est confrontée”',
];

/** One run's stderr must be nothing, or exactly one `kiosk:` line. */
function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^kiosk: /);
  expect(lines[0]).toMatch(pattern);
}

describe('kiosk list', () => {
  it('lists the embedded library, piped: four TAB-separated fields a line', async () => {
    const { stdout, stderr, status } = await inProcess(['list']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const rows = stdout.trimEnd().split('\n').map((line) => line.split('\t'));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row).toHaveLength(4);
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(['Guide', 'Monde']));
    expect(rows).toContainEqual(['Monde', SEED_SLUG, '', 'Trump menace l’Iran après le piratage de sa campagne électorale']);
    expect(stdout).not.toMatch(ESCAPE);
  });

  it('is the default command', async () => {
    expect((await inProcess([])).stdout).toBe((await inProcess(['list'])).stdout);
    expect((await inProcess(['--color', 'never'])).stdout).toBe((await inProcess(['list'])).stdout);
  });

  it('cut -f2 gives slugs only', () => {
    const { stdout, status } = shell('kiosk list | cut -f2');
    expect(status).toBe(0);
    for (const line of stdout.trimEnd().split('\n')) expect(line).toMatch(/^[a-z0-9-]+$/);
    expect(stdout).toContain(`${SEED_SLUG}\n`);
  });

  it('--json gives article records', async () => {
    const { stdout, status } = await inProcess(['list', '--json']);
    expect(status).toBe(0);
    const records = JSON.parse(stdout) as Array<Record<string, unknown>>;
    const seed = records.find((record) => record.slug === SEED_SLUG);
    expect(seed).toMatchObject({ title: 'Trump menace l’Iran après le piratage de sa campagne électorale', section: 'Monde', lang: 'fr', date: null, path: SEED_PATH });
    for (const key of ['slug', 'title', 'section', 'date', 'author', 'tags', 'summary', 'lang', 'path', 'words', 'readingMinutes']) {
      expect(seed).toHaveProperty(key);
    }
  });

  it.each([['guide'], ['GUIDE'], ['--section', 'Guide']])('filters by section: %j', async (...args) => {
    const rows = (await inProcess(['list', ...args])).stdout.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row.startsWith('Guide\t')).toBe(true);
  });

  it('accepts a section ignoring accents', async () => {
    const root = library({ 'a.md': '---\nsection: Économie\n---\n', 'b.md': '---\nsection: Sport\n---\n' });
    expect((await inProcess(['list', 'economie', '--dir', root])).stdout).toBe('Économie\ta\t\ta\n');
  });

  it('suggests a section for a typo, exit 1', async () => {
    const { stdout, stderr, status } = await inProcess(['list', 'gide']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expectOneErrorLine(stderr, /no section "gide"; did you mean Guide\?/);
  });

  it('sorts newest first and hides drafts unless --drafts', async () => {
    const root = library({
      'old.md': '---\ndate: 2020-01-01\n---\n',
      'new.md': '---\ndate: 2024-01-01\n---\n',
      'undated.md': 'text',
      'wip.md': '---\ndraft: true\n---\n',
    });
    expect((await inProcess(['list', '--dir', root])).stdout).toBe('Unsorted\tnew\t2024-01-01\tnew\nUnsorted\told\t2020-01-01\told\nUnsorted\tundated\t\tundated\n');
    expect((await inProcess(['list', '--dir', root, '--drafts'])).stdout).toContain('Unsorted\twip\t\twip\n');
  });

  it('keeps four fields when a title holds tabs', async () => {
    const root = library({ 'a.md': '---\ntitle: "tab\\there"\n---\n' });
    expect((await inProcess(['list', '--dir', root])).stdout).toBe('Unsorted\ta\t\ttab here\n');
  });
});

describe.skipIf(pty.skip)(pty.name('at a terminal'), () => {
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

  it('lists sections with counts and aligned rows, in colour', () => {
    const { stdout, status } = terminal(['list']);
    expect(status).toBe(0);
    expect(stdout).toMatch(ESCAPE);
    const lines = plain(stdout).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Guide \(\d+\)$/);
    expect(lines).toContain('Monde (1)');
    // The shortest name read takes, not the whole slug.
    expect(lines[1]).toMatch(/^  2026-11-29  getting +Getting started with kiosk$/);
  });

  it.each([20, 40, 80, 200])('keeps list and search within %i columns, titles whole', (columns) => {
    for (const args of [['list'], ['search', 'iran']]) {
      const out = plain(terminal(args, { columns }).stdout);
      for (const line of out.trimEnd().split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      expect(out.replace(/\s+/g, ' ')).toContain('Trump menace l’Iran après le piratage de sa campagne électorale');
    }
  });

  it('honours NO_COLOR and --plain', async () => {
    const noColor = terminal(['list'], { env: { NO_COLOR: '1' } }).stdout;
    expect(noColor).not.toMatch(ESCAPE);
    expect(noColor.split('\n')[0]).toMatch(/^Guide \(\d+\)$/);
    expect(terminal(['list', '--plain']).stdout).toBe((await inProcess(['list'])).stdout);
  });

  it('reads in colour, wrapped to the terminal up to 100 columns', async () => {
    const wide = terminal(['read', 'trump', '--no-pager'], { columns: 140 }).stdout;
    expect(wide).toMatch(ESCAPE);
    const widths = plain(wide).split('\n').map((line) => stringWidth(line));
    expect(Math.max(...widths)).toBeLessThanOrEqual(100);
    expect(Math.max(...widths)).toBeGreaterThan(90);
    expect(plain(wide)).toBe((await inProcess(['read', 'trump', '--width', '100'])).stdout);
  });
});

describe('kiosk sections', () => {
  it('gives names and counts, piped and as JSON', async () => {
    expect((await inProcess(['sections'])).stdout).toMatch(/^Guide\t\d+\nMonde\t1\n$/);
    const sections = JSON.parse((await inProcess(['sections', '--json'])).stdout) as Array<{ name: string; count: number }>;
    expect(sections.map((s) => s.name)).toEqual(['Guide', 'Monde']);
  });
});

describe('kiosk read', () => {
  it('shows the seed article with its sub-headings and every quotation, without escapes when piped', async () => {
    const { stdout, stderr, status } = await inProcess(['read', 'trump-menace']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(ESCAPE);
    expect(stdout.split('\n')[0]).toBe('Trump menace l’Iran après le piratage de sa campagne électorale');
    const flat = stdout.replace(/\s+/g, ' ');
    for (const heading of SUBHEADINGS) expect(stdout).toContain(`\n${heading}\n───`);
    for (const quotation of QUOTATIONS) expect(flat).toContain(quotation);
    expect(stdout).not.toContain('#');
    expect(stdout.match(/Trump menace l’Iran après/g)).toHaveLength(1);
  });

  it('loses no word of the article', async () => {
    const source = readFileSync(SEED_PATH, 'utf8').split('---\n')[2]!;
    const words = source.replace(/^#+ /gm, '').split(/\s+/).filter(Boolean);
    const flat = (await inProcess(['read', SEED_SLUG, '--width', '0'])).stdout.split(/\s+/);
    for (const word of words) expect(flat).toContain(word);
  });

  it.each([
    ['an exact slug', SEED_SLUG],
    ['section/slug', `monde/${SEED_SLUG}`],
    ['a unique prefix', 'trump'],
    ['case and accents ignored', 'TRUMP-Menace-l’Iran-Après'],
    ['words of the title', 'Trump menace l’Iran'],
    ['a path', SEED_PATH],
  ])('finds the article by %s', async (_name, query) => {
    const { stdout, status } = await inProcess(['read', query]);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Trump menace l’Iran après le piratage de sa campagne électorale');
  });

  it('reads Markdown from standard input with -', async () => {
    const { stdout, status } = await inProcess(['read', '-'], { input: '# From stdin\n\nHello *there*.\n' });
    expect(status).toBe(0);
    expect(stdout).toBe('From stdin\n1 min\n\nHello there.\n');
  });

  it('says "did you mean" with the closest slugs, exit 1', async () => {
    const { stdout, stderr, status } = await inProcess(['read', 'getting-startd']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expectOneErrorLine(stderr, /no article matches "getting-startd"; did you mean getting-started\?$/);
  });

  it('lists the candidates of an ambiguous query, exit 1', async () => {
    const root = library({ 'one/report-2023.md': 'a', 'two/report-2024.md': 'b' });
    const { stderr, status } = await inProcess(['read', 'report', '--dir', root]);
    expect(status).toBe(1);
    expectOneErrorLine(stderr, /"report" matches 2 articles: one\/report-2023, two\/report-2024/);
  });

  it('tells duplicate slugs apart with section/slug', async () => {
    const root = library({ 'monde/brief.md': '# Monde brief', 'sport/brief.md': '# Sport brief' });
    const listed = await inProcess(['list', '--dir', root]);
    expect(listed.stdout.trimEnd().split('\n')).toHaveLength(2);
    // Two sections may share a slug: no warning.
    expect(listed.stderr).toBe('');
    expect((await inProcess(['read', 'brief', '--dir', root])).status).toBe(1);
    expect((await inProcess(['read', 'sport/brief', '--dir', root])).stdout).toContain('Sport brief');
  });

  it('--format markdown prints the file as it is on disk', async () => {
    expect((await inProcess(['read', 'trump', '--format', 'markdown'])).stdout).toBe(readFileSync(SEED_PATH, 'utf8'));
  });

  it('--format json gives the record, headings, body and text', async () => {
    const record = JSON.parse((await inProcess(['read', 'trump', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(record).toMatchObject({ slug: SEED_SLUG, section: 'Monde', lang: 'fr' });
    expect((record.headings as Array<{ text: string }>).map((h) => h.text)).toEqual([
      'Trump menace l’Iran après le piratage de sa campagne électorale',
      ...SUBHEADINGS,
    ]);
    expect(record.markdown).toContain('## Le démenti de l’Iran');
    expect(record.text).toBe((await inProcess(['read', 'trump'])).stdout);
  });

  it('--width sets the wrap width, 0 turns wrapping off', async () => {
    const narrow = (await inProcess(['read', 'trump', '--width', '40'])).stdout.split('\n');
    expect(Math.max(...narrow.map((line) => line.length))).toBeLessThanOrEqual(40);
    const unwrapped = (await inProcess(['read', 'trump', '--width', '0'])).stdout.split('\n');
    expect(unwrapped.some((line) => line.length > 200)).toBe(true);
  });
});

describe('colour', () => {
  it.each([
    ['piped', [], {}, false],
    ['--color always', ['--color', 'always'], {}, true],
    ['FORCE_COLOR=1', [], { FORCE_COLOR: '1' }, true],
    ['--format ansi', ['--format', 'ansi'], {}, true],
    ['--format ansi with NO_COLOR', ['--format', 'ansi'], { NO_COLOR: '1' }, false],
    ['FORCE_COLOR with --color never', ['--color', 'never'], { FORCE_COLOR: '1' }, false],
  ])('%s', async (_name, args, env, colored) => {
    const { stdout, status } = await inProcess(['read', 'trump', ...args], { env });
    expect(status).toBe(0);
    expect(ESCAPE.test(stdout)).toBe(colored);
  });
});

describe('code blocks', () => {
  const root = () => library({ 'code.md': '# Code\n\n```sh\ncut -f2 file\n```\n\n```nosuchlang\nplain words\n```\n' });

  it('are highlighted when the language is known, and silently plain when not', async () => {
    const { stdout, stderr, status } = await inProcess(['read', 'code', '--dir', root(), '--color', 'always']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('    \x1b[35mcut\x1b[39m -f2 file');
    expect(stdout).toContain('\n    plain words\n');
  });

  it('are indented plain text in a pipe', async () => {
    expect((await inProcess(['read', 'code', '--dir', root()])).stdout).toBe('Code\nUnsorted · 1 min\n\n    cut -f2 file\n\n    plain words\n');
  });
});

describe('links', () => {
  const root = () => library({ 'links.md': 'See [the spec](https://spec.commonmark.org/).\n' });

  it.each([
    ['OSC 8 hyperlinks where the terminal supports them', { FORCE_HYPERLINK: '1' }, true],
    ['numbered markers only otherwise', {}, false],
  ])('%s', async (_name, env, osc8) => {
    const { stdout } = await inProcess(['read', 'links', '--dir', root(), '--color', 'always'], { env });
    expect(stdout.includes('\x1b]8;;https://spec.commonmark.org/\x1b\\')).toBe(osc8);
    // The real address is always shown, whatever the label says.
    expect(stdout).toMatch(/\[1\] https:\/\/spec\.commonmark\.org\//);
  });

  it('never writes OSC 8 into a pipe without colour', async () => {
    expect((await inProcess(['read', 'links', '--dir', root()], { env: { FORCE_HYPERLINK: '1' } })).stdout).not.toMatch(ESCAPE);
  });
});

describe('bounded output', () => {
  const deepList = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- level ${i} ${'word '.repeat(10)}`).join('\n');

  it('keeps a 30-deep list in colour small and within the width', async () => {
    const root = library({ 'deep.md': deepList });
    const { stdout, stderr, status } = await inProcess(['read', 'deep', '--dir', root, '--color', 'always', '--width', '60']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.length).toBeLessThan(deepList.length * 3);
    for (const line of stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    for (let i = 0; i < 30; i++) expect(stdout).toContain(`level ${i} `);
  });

  it.each([
    ['a 5,000-deep quote', `${'> '.repeat(5000)}deep text\n`, /nested too deeply to lay out; shown as plain text$/],
    ['3,000 nested emphasis marks', `${'*'.repeat(3000)}deep text${'*'.repeat(3000)}\n`, /emphasis nested more than 64 levels deep; the inner marks are shown as written$/],
    ['a 2,500-deep list', Array.from({ length: 2500 }, (_, i) => `${'  '.repeat(i)}- deep text ${i}`).join('\n'), /nested too deeply to lay out; shown as plain text$/],
  ])('shows %s with one warning, exit 0', async (_name, markdown, warning) => {
    const root = library({ 'deep.md': markdown });
    const { stdout, stderr, status } = await inProcess(['read', 'deep', '--dir', root, '--color', 'always']);
    expect(status).toBe(0);
    expectOneErrorLine(stderr, new RegExp(`^kiosk: warning: .*deep\\.md: ${warning.source}`));
    expect(stdout.replace(/\s+/g, ' ')).toContain('deep text');
    expect(stdout).not.toMatch(/RangeError|\n\s+at /);
  });
});

describe('pipes', () => {
  it('ends quietly with status 0 when the reader stops early', () => {
    const { stdout, stderr, status } = shell('kiosk read trump-menace | head -1');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('Trump menace l’Iran après le piratage de sa campagne électorale\n');
  });

  it('survives a broken pipe on a large article (EPIPE), status 0', () => {
    const root = library({ 'big.md': '# Big\n\n' + 'Un paragraphe assez long pour remplir le tube. '.repeat(40).concat('\n\n').repeat(3000) });
    const { stdout, stderr } = shell(`set +o pipefail; kiosk read big --dir '${root}' | head -3 >/dev/null; echo "kiosk exited \${PIPESTATUS[0]}"`);
    expect(stderr).toBe('');
    expect(stdout).toBe('kiosk exited 0\n');
  });

  it('delivers large output whole into a pipe', async () => {
    const root = library({ 'big.md': '# Big\n\n' + 'word '.repeat(200).concat('\n\n').repeat(5000) });
    const direct = (await inProcess(['read', 'big', '--dir', root])).stdout;
    expect(direct.length).toBeGreaterThan(4_000_000);
    const counted = shell(`kiosk read big --dir '${root}' | wc -c`);
    expect(Number(counted.stdout.trim())).toBe(Buffer.byteLength(direct));
  });
});

describe('the library root', () => {
  const other = () => library({ 'x/only-here.md': '# Only here' });

  it('uses KIOSK_DIR', async () => {
    expect((await inProcess(['list'], { env: { KIOSK_DIR: other() } })).stdout).toBe('x\tonly-here\t\tOnly here\n');
  });

  it('prefers --dir to KIOSK_DIR', async () => {
    const dir = library({ 'from-flag.md': 'x' });
    expect((await inProcess(['list', '--dir', dir], { env: { KIOSK_DIR: other() } })).stdout).toBe('Unsorted\tfrom-flag\t\tfrom-flag\n');
  });

  it('uses ./articles in the current directory', async () => {
    const cwd = emptyDir();
    const root = library({ 'articles/local.md': 'x' });
    expect((await inProcess(['list'], { cwd: root })).stdout).toBe('Unsorted\tlocal\t\tlocal\n');
    expect((await inProcess(['list'], { cwd })).stdout).toContain(SEED_SLUG);
  });

  it('says which library is missing, exit 1', async () => {
    const { stderr, status } = await inProcess(['list', '--dir', join(emptyDir(), 'nope')]);
    expect(status).toBe(1);
    expectOneErrorLine(stderr, /library not found: .*nope \(from --dir\)/);
  });
});

describe('bad files', () => {
  it('warns once per bad file, naming it, and lists the rest', async () => {
    const root = library({
      'good.md': '# Good',
      'broken.md': '---\ntitle: [unclosed\n---\nbody',
      'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'latin1.md': Buffer.from('# Caf\xe9\n', 'latin1'),
    });
    const { stdout, stderr, status } = await inProcess(['list', '--dir', root]);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]).sort()).toEqual(['broken', 'good', 'latin1']);
    const warnings = stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^kiosk: warning: .*binary\.md: binary content/);
    expect(warnings[1]).toMatch(/^kiosk: warning: .*broken\.md: invalid front matter/);
    expect(warnings[2]).toMatch(/^kiosk: warning: .*latin1\.md: invalid UTF-8/);
  });
});

describe('usage errors and help', () => {
  it.each([
    ['an unknown option', ['list', '--nope'], /list has no option --nope/],
    ['an unknown command', ['lsit'], /unknown command "lsit".*list/],
    ['a bad width', ['read', 'trump', '--width', 'wide'], /--width takes a whole number/],
    ['a bad format', ['read', 'trump', '--format', 'pdf'], /--format takes .*, not "pdf"/],
    ['a missing query', ['read'], /read needs its <query>/],
  ])('%s: exit 2 and one line', async (_name, args, pattern) => {
    const { stdout, stderr, status } = await inProcess(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expectOneErrorLine(stderr, pattern);
  });

  it('shows help with examples, exit 0', async () => {
    const { stdout, status } = await inProcess(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Examples:');
    expect((await inProcess(['help', 'read'])).stdout).toContain('kiosk read getting-started');
  });

  it('prints the version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await inProcess(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('never prints a stack trace without KIOSK_DEBUG', async () => {
    const { stderr } = await inProcess(['read', 'nothing-like-this']);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

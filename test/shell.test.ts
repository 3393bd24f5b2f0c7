import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_SLUG, emptyDir, library, needs, pty, terminal, inProcess } from './helpers.js';

/** kiosk in the shell: search, filters, parts, help (completion: completion.test.ts and shells.test.ts; packaging: package/). */

const news = () =>
  library({
    'monde/a.md': '---\ntitle: Élection et piratage\nsection: Monde\ndate: 2024-08-01\n---\nUn texte sur le vote.\n',
    'monde/b.md': '---\ntitle: Une autre histoire\nsection: Monde\ndate: 2024-08-02\n---\n## Le piratage révélé\n\nRien sur l’élection ici.\n',
    'monde/c.md': '---\ntitle: Chronique\nsection: Monde\ndate: 2024-08-03\n---\nPiratage, piratage, piratage : l’élection encore.\n',
    'monde/d.md': '---\ntitle: Brève\nsection: Monde\ndate: 2024-08-04\n---\nUn piratage pendant l’élection.\n',
    'monde/e.md': '---\ntitle: Brève plus ancienne\nsection: Monde\ndate: 2024-07-01\n---\nUn piratage pendant l’élection.\n',
    'sport/f.md': '---\ntitle: Piratage au stade\nsection: Sport\n---\nUne élection de mascotte.\n',
    'sport/g.md': '---\ntitle: Sans rapport\nsection: Sport\n---\nDu football seulement.\n',
    'monde/draft.md': '---\ntitle: Brouillon sur le piratage et l’élection\ndraft: true\n---\n',
  });

describe('kiosk search', () => {
  it('finds a word whatever its case and accents', async () => {
    for (const word of ['electorale', 'ÉLECTORALE', 'Électorale']) {
      const { stdout, status } = await inProcess(['search', word]);
      expect(status).toBe(0);
      const [section, slug, title, snippet] = stdout.trimEnd().split('\t');
      expect([section, slug, title]).toEqual(['Monde', SEED_SLUG, 'Trump menace l’Iran après le piratage de sa campagne électorale']);
      expect(snippet).toContain('campagne électorale avait été victime');
    }
  });

  it('needs every word, and ranks by bm25: the words in the title first, then how often and where', async () => {
    const { stdout } = await inProcess(['search', 'piratage', 'election', '--dir', news()]);
    // c holds piratage three times in its text, b once in a heading (weighed four times the text); d and e differ in title length.
    expect(stdout.trimEnd().split('\n').map((line) => line.split('\t')[1])).toEqual(['a', 'f', 'c', 'b', 'd', 'e']);
  });

  it('keeps to a section and a limit', async () => {
    const root = news();
    expect((await inProcess(['search', 'piratage', '--section', 'sport', '--dir', root])).stdout.split('\t')[1]).toBe('f');
    expect((await inProcess(['search', 'piratage', '--limit', '2', '--dir', root])).stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('gives JSON records with a score, a rank and a snippet', async () => {
    const hits = JSON.parse((await inProcess(['search', 'piratage', 'election', '--json', '--dir', news()])).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(hits[0]!)).toEqual(['slug', 'title', 'section', 'score', 'rank', 'snippet']);
    // rank is bm25 as FTS5 gives it: lower is better, and the results come in its order.
    const ranks = hits.map((hit) => hit.rank as number);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(ranks.every((rank) => rank < 0)).toBe(true);
  });

  it('says so when nothing matches, exit 1', async () => {
    const { stdout, stderr, status } = await inProcess(['search', 'piratage', 'zeppelin', '--dir', news()]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('kiosk: no article contains "piratage" and "zeppelin"\n');
  });

  it.skipIf(pty.skip)(pty.name('highlights the matches at a terminal'), () => {
    const { stdout } = terminal(['search', 'piratage', '--dir', news()]);
    expect(stdout).toMatch(/\x1b\[1m\x1b\[7mpiratage\x1b\[27m\x1b\[22m|\x1b\[7m\x1b\[1mpiratage/i);
  });
});

describe('list filters', () => {
  const root = () =>
    library({
      'a.md': '---\ntags: [Cybersécurité, Iran]\nauthor: Jeanne Martin\ndate: 2024-08-01\n---\n',
      'b.md': '---\ntags: sport\nauthor: Paul Durand\ndate: 2023-01-01\n---\n',
      'c.md': '---\ndate: 2025-05-05\n---\n',
      'd.md': '---\ndraft: true\ndate: 2025-06-06\n---\n',
    });
  const slugs = async (args: string[]) => (await inProcess(['list', ...args])).stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]);

  it.each([
    [['--tag', 'cybersecurite'], ['a']],
    [['--author', 'martin'], ['a']],
    [['--since', '2024-01-01'], ['c', 'a']],
    [['--limit', '2'], ['c', 'a']],
    [['--drafts', '--limit', '1'], ['d']],
  ])('%j', async (args, expected) => {
    expect((await slugs([...args, '--dir', root()]))).toEqual(expected);
  });

  it('refuses a date that is not ISO, exit 2', async () => {
    const { stderr, status } = await inProcess(['list', '--since', 'yesterday', '--dir', root()]);
    expect(status).toBe(2);
    expect(stderr).toBe('kiosk: --since takes an ISO date (YYYY-MM-DD), not "yesterday"\n');
  });

  it.each([
    [['list', '--limit', '0'], /--limit/],
    [['list', '--since', 'yesterday'], /--since/],
    [['list', 'a', '--section', 'b'], /two different sections/],
    [['search', 'x', '--limit', 'many'], /--limit/],
  ])('settles %j before reading the library: the mistake is said, not the missing folder', async (args, message) => {
    const { stderr, status } = await inProcess([...args, '--dir', join(emptyDir(), 'nowhere')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/nowhere/);
  });
});

describe('outline and parts', () => {
  it('numbers the outline and gives each part its #slug', async () => {
    expect((await inProcess(['read', 'trump', '--toc'])).stdout).toBe(
      [
        '1. Une accusation de piratage par l’Iran  #une-accusation-de-piratage-par-l-iran',
        '2. Les détails du piratage  #les-details-du-piratage',
        '3. Une réponse ferme de la campagne de Trump  #une-reponse-ferme-de-la-campagne-de-trump',
        '4. Le démenti de l’Iran  #le-dementi-de-l-iran',
        '5. Un contexte de tensions historiques  #un-contexte-de-tensions-historiques',
        '',
      ].join('\n'),
    );
    const nested = library({ 'n.md': '# T\n\n## A\n\n### A1\n\n### A2\n\n## B\n' });
    expect((await inProcess(['read', 'n', '--toc', '--dir', nested])).stdout).toBe('1. A  #a\n  1.1. A1  #a1\n  1.2. A2  #a2\n2. B  #b\n');
  });

  it('prints one part, to the next heading of its level, in every format', async () => {
    const text = (await inProcess(['read', 'trump#le-dementi-de-l-iran'])).stdout;
    expect(text.startsWith('Le démenti de l’Iran\n────')).toBe(true);
    expect(text).toContain('cyberattaques.');
    expect(text).not.toContain('Un contexte de tensions historiques');
    expect(text).not.toContain('Trump menace l’Iran après');
    const markdown = (await inProcess(['read', 'trump#le-dementi-de-l-iran', '--format', 'markdown'])).stdout;
    expect(markdown.startsWith('## Le démenti de l’Iran\n\nEn réponse')).toBe(true);
    const json = JSON.parse((await inProcess(['read', 'trump#le-dementi-de-l-iran', '--format', 'json'])).stdout) as { markdown: string; text: string };
    expect(json.text).toBe(text);
  });

  it('keeps sub-parts inside a part, and link definitions from anywhere', async () => {
    const root = library({ 'n.md': '# T\n\n## A\n\nSee [the site][s].\n\n### A1\n\nsub\n\n## B\n\nafter\n\n[s]: https://example.com\n' });
    const out = (await inProcess(['read', 'n#a', '--dir', root])).stdout;
    expect(out).toContain('sub');
    expect(out).not.toContain('after');
    expect(out).toContain('[1] https://example.com');
  });

  it('suggests headings for an unknown part, exit 1', async () => {
    const { stderr, status } = await inProcess(['read', 'trump#le-dementy']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/has no heading "#le-dementy"; did you mean #le-dementi-de-l-iran\?/);
  });
});

describe('help and mistakes', () => {
  it.each(['list', 'sections', 'read', 'search', 'completion'])('kiosk help %s shows examples', async (command) => {
    const { stdout, status } = await inProcess(['help', command]);
    expect(status).toBe(0);
    expect(stdout).toContain(`Usage: kiosk ${command}`);
    expect(stdout).toContain('Examples:');
  });

  it.each([
    [['serch', 'x'], /unknown command "serch"; did you mean `kiosk search`\?/],
    [['list', '--jsno'], /list has no option --jsno; did you mean --json\?/],
    [['read', 'x', '--widht', '3'], /read has no option --widht; did you mean --width\?/],
  ])('%j gets "did you mean", exit 2', async (args, message) => {
    const { stderr, status } = await inProcess(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('search on a generated library of 10,000 articles', () => {
  let planted: string | undefined;
  /** The generated library with a word no generated article holds: in a title, a heading, three times in a body, once in two bodies of different dates. */
  const withZephyr = async (): Promise<string> => {
    if (planted !== undefined) return planted;
    const { ensureLibrary } = (await import('../bench/library.mjs')) as { ensureLibrary: (dir: string, count: number, bytes?: number) => string };
    const root = ensureLibrary(join(emptyDir(), 'library'), 10_000, 2 * 1024);
    const plant = (index: number, edit: (text: string) => string): void => {
      const path = join(root, `part-${String(Math.floor(index / 500)).padStart(3, '0')}`, `article-${String(index).padStart(6, '0')}.md`);
      writeFileSync(path, edit(readFileSync(path, 'utf8')));
    };
    plant(17, (text) => text.replace(/^title: "/m, 'title: "Zéphyr '));
    plant(4242, (text) => text.replace(/^## /m, '## Le zéphyr et '));
    plant(9000, (text) => `${text}\nZéphyr, zéphyr, ZEPHYR.\n`);
    plant(123, (text) => text.replace(/^date: .*$/m, 'date: 2030-01-01') + '\nUn zéphyr.\n');
    plant(124, (text) => text.replace(/^date: .*$/m, 'date: 2001-01-01') + '\nUn zéphyr.\n');
    planted = root;
    return root;
  };

  it('returns the right articles, ranked', async () => {
    const { stdout, status } = await inProcess(['search', 'zephyr', '--dir', await withZephyr()]);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n').map((line) => line.split('\t')[1])).toEqual([
      'article-000017',
      'article-004242',
      'article-009000',
      'article-000123',
      'article-000124',
    ]);
  }, 120_000);

  const rg = needs('rg');
  it.skipIf(rg.skip)(rg.name('finds the files ripgrep finds'), async () => {
    const root = await withZephyr();
    const found = spawnSync('rg', ['-l', '-i', 'zéphyr|zephyr', root], { encoding: 'utf8' });
    expect(found.status).toBe(0);
    // A generated article's slug is its file's name.
    const files = found.stdout.trimEnd().split('\n').map((path) => basename(path, '.md')).sort();
    const { stdout } = await inProcess(['search', 'zephyr', '--json', '--dir', root]);
    expect((JSON.parse(stdout) as Array<{ slug: string }>).map((hit) => hit.slug).sort()).toEqual(files);
  }, 120_000);
});

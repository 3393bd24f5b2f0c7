import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../src/import/escape.js';
import { looksLikeHtml } from '../src/import/command.js';
import { Lexer } from 'marked';
import { inlineText } from '../src/library/read/plain-text.js';
import { emptyDir, ESCAPE, library, inProcess } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'import');
const SEED = join(FIXTURES, 'seed-monde.txt');
const SEED_ARTICLE = join(import.meta.dirname, '..', 'articles', 'monde', 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale.md');
const SEED_SLUG = 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale';

/** Every file under a folder with its bytes and modification time, to prove nothing changed. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stats = lstatSync(path);
      if (stats.isDirectory()) walk(path);
      else files[relative(root, path)] = `${stats.mtimeMs} ${readFileSync(path).toString('base64')}`;
    }
  };
  walk(root);
  return files;
}

describe('kiosk import of the seed page', () => {
  it('prints, with --dry-run, the seed article exactly as it is in articles/monde', async () => {
    const run = await inProcess(['import', SEED, '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(SEED_ARTICLE, 'utf8'));
  });

  it('writes it to <root>/monde/<slug>.md, listed, searchable and readable at once', async () => {
    const root = library({ 'guide/a.md': '# A\n\nAlpha.\n' });
    (await inProcess(['list', '--dir', root])); // a cache exists before the import
    const run = await inProcess(['import', SEED, '--dir', root]);
    expect(run.status).toBe(0);
    const written = join(root, 'monde', `${SEED_SLUG}.md`);
    expect(run.stdout).toBe(`${written}\n`);
    expect(readFileSync(written, 'utf8')).toBe(readFileSync(SEED_ARTICLE, 'utf8'));
    expect((await inProcess(['list', '--dir', root])).stdout).toContain(`Monde\t${SEED_SLUG}\t`);
    expect((await inProcess(['search', 'piratage', '--dir', root])).stdout).toContain(`\t${SEED_SLUG}\t`);
    const read = await inProcess(['read', 'trump-menace', '--dir', root]);
    expect(read.status).toBe(0);
    expect(read.stdout).toContain('Une réponse ferme de la campagne de Trump');
  });

  it('changes nothing and exits 1 on a second import without --force, and replaces with it', async () => {
    const root = emptyDir();
    expect((await inProcess(['import', SEED, '--dir', root])).status).toBe(0);
    const before = snapshot(root);
    const again = await inProcess(['import', SEED, '--dir', root]);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(`kiosk: ${SEED}: ${join(root, 'monde', `${SEED_SLUG}.md`)} already exists; nothing written (--force replaces it)\n`);
    expect(snapshot(root)).toEqual(before);

    const forced = await inProcess(['import', SEED, '--dir', root, '--force', '--date', '2024-08-10']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(root, 'monde', `${SEED_SLUG}.md`), 'utf8')).toContain('\ndate: 2024-08-10\n');
    expect(readdirSync(join(root, 'monde'))).toEqual([`${SEED_SLUG}.md`]);
  });
});

describe('kiosk import of text and HTML pages', () => {
  // Each page beside its expected article; UPDATE_GOLDEN=1 rewrites them (read each before committing).
  const pages = readdirSync(FIXTURES).filter((name) => /\.(txt|html)$/.test(name) && name !== 'seed-monde.txt');

  // Pages saved in a legacy encoding say which one they were read in.
  const legacy: Record<string, string> = { 'derby-windows-1252.txt': 'windows-1252', 'cafe-latin9.html': 'iso-8859-15' };

  it.each(pages)('%s', async (name) => {
    const run = await inProcess(['import', name, '--dry-run'], { cwd: FIXTURES });
    expect(run.stderr).toBe(legacy[name] ? `kiosk: warning: ${name}: not UTF-8; read as ${legacy[name]}\n` : '');
    expect(run.status).toBe(0);
    const expected = join(FIXTURES, 'expected', name.replace(/\.\w+$/, '.md'));
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(join(FIXTURES, 'expected'), { recursive: true });
      writeFileSync(expected, run.stdout);
    }
    expect(run.stdout).toBe(readFileSync(expected, 'utf8'));
    expect(run.stdout).not.toMatch(ESCAPE);
  });

  it('keeps every line of a text page but its chrome, word for word, as kiosk reads it back', async () => {
    const chrome = new Set(['Share', 'Subscribe to our newsletter!', 'Back to top', 'Suivez-nous sur les réseaux sociaux', 'Commentaires (12)', 'Haut de page']);
    for (const name of ['comete-no-chrome.txt', 'letter-no-headings.txt', 'questions.txt', 'seed-monde.txt']) {
      const root = emptyDir();
      const imported = await inProcess(['import', join(FIXTURES, name), '--dir', root]);
      expect(imported.status).toBe(0);
      const text = (await inProcess(['read', imported.stdout.trim(), '--format', 'text', '--width', '0', '--dir', root])).stdout.replace(/\s+/g, ' ');
      const lines = readFileSync(join(FIXTURES, name), 'utf8').split('\n').map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim());
      const kept = lines.filter((line) => line !== '' && !chrome.has(line) && !/Abonnez-vous|Tunisie|^Commentaires$|^Haut$/.test(line));
      for (const line of kept) expect(text).toContain(line);
      for (const line of chrome) expect(text).not.toContain(line);
    }
  });

  it('takes title, author, date, section, tags and language from an HTML page, and drops its chrome', async () => {
    const run = await inProcess(['import', 'marche-article.html', '--dry-run'], { cwd: FIXTURES });
    expect(run.stdout).toMatch(/^---\ntitle: Le marché couvert rouvre ses portes\nsection: Vie locale\ndate: 2026-03-14\nauthor: Claire Martin\ntags: \[commerce, patrimoine\]\nlang: fr-FR\n---\n/);
    for (const chrome of ['Accueil', 'cookies', 'Lire aussi', 'Connectez-vous', 'Tous droits réservés', 'Haut de page', 'injecté', 'font-family']) {
      expect(run.stdout).not.toContain(chrome);
    }
    expect(run.stdout).toContain('> Le marché est le cœur du quartier');
    expect(run.stdout).toContain('[crêpes bretonnes](https://example.org/crepes)');
  });

  it('reads JSON-LD metadata, and a fragment without any', async () => {
    expect((await inProcess(['import', 'tide-jsonld.html', '--dry-run'], { cwd: FIXTURES })).stdout).toMatch(
      /^---\ntitle: Spring tides reach a ten-year high\nsection: Environment\ndate: 2025-04-02\nauthor: Sam Okafor\nlang: en\n---\n/,
    );
    expect((await inProcess(['import', 'bare-fragment.html', '--dry-run'], { cwd: FIXTURES })).stdout).toMatch(/^---\ntitle: Bare fragment\n---\n\n# Bare fragment\n\nUn texte sans/);
  });

  it('writes no control character of a hostile page into the article', async () => {
    const root = emptyDir();
    const run = await inProcess(['import', join(FIXTURES, 'hostile.html'), '--dir', root]);
    expect(run.status).toBe(0);
    const file = readFileSync(run.stdout.trim(), 'utf8');
    expect(file).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(file).toContain('␛');
    expect(file).not.toContain('process.exit');
  });

  it('follows --from over what the content looks like', async () => {
    const html = await inProcess(['import', '-', '--from', 'text', '--title', 'Raw', '--dry-run'], { input: '<p>Un paragraphe <b>gras</b>.</p>\n' });
    expect(html.stdout).toContain('\\<p>Un paragraphe \\<b>gras\\</b>.\\</p>');
    const text = await inProcess(['import', '-', '--from', 'html', '--title', 'T', '--dry-run'], { input: 'Plain words & more.\n' });
    expect(text.stdout).toContain('Plain words & more.');
  });
});

describe('kiosk import options and safety', () => {
  it('reads standard input and takes the section, title, date, author and tags given', async () => {
    const root = emptyDir();
    const run = (await inProcess(['import', '-', '--dir', root, '--section', 'Notes du jour', '--title', 'Mon titre: enfin', '--date', '2026-11-29', '--author', 'Moi', '--tag', 'a', '--tag', 'b c'], {
      input: 'Un paragraphe assez court.\n',
    }));
    expect(run.status).toBe(0);
    const path = join(root, 'notes-du-jour', 'mon-titre-enfin.md');
    expect(run.stdout).toBe(`${path}\n`);
    expect(readFileSync(path, 'utf8')).toBe(
      '---\ntitle: "Mon titre: enfin"\nsection: Notes du jour\ndate: 2026-11-29\nauthor: Moi\ntags: [a, b c]\n---\n\n# Mon titre: enfin\n\nUn paragraphe assez court.\n',
    );
    const listed = await inProcess(['list', '--json', '--dir', root]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ slug: 'mon-titre-enfin', section: 'Notes du jour', date: '2026-11-29', tags: ['a', 'b c'] });
  });

  it('writes nothing with --dry-run', async () => {
    const root = library({ 'a/x.md': '# X\n' });
    const before = snapshot(root);
    expect((await inProcess(['import', SEED, '--dir', root, '--dry-run'])).status).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a slug another article has, naming its file', async () => {
    const root = library({ 'autre/x.md': `---\nslug: ${SEED_SLUG}\n---\n# Other\n` });
    const before = snapshot(root);
    const run = await inProcess(['import', SEED, '--dir', root, '--force']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`kiosk: ${SEED}: the slug "${SEED_SLUG}" is taken by ${join(root, 'autre', 'x.md')}; give another --title\n`);
    expect(snapshot(root)).toEqual(before);
  });

  it('never lets two pages of one run replace each other, even with --force', async () => {
    const root = emptyDir();
    const pages = emptyDir();
    cpSync(SEED, join(pages, 'copy.txt'));
    const run = await inProcess(['import', SEED, 'copy.txt', '--dir', root, '--force'], { cwd: pages });
    const target = join(root, 'monde', `${SEED_SLUG}.md`);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`${target}\n`);
    expect(run.stderr).toBe(`kiosk: copy.txt: the slug "${SEED_SLUG}" is taken by ${target}; give another --title\n`);
  });

  it('refuses a section folder that leads outside the library', async () => {
    const root = emptyDir();
    const outside = emptyDir();
    symlinkSync(outside, join(root, 'monde'));
    const run = await inProcess(['import', SEED, '--dir', root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/would be outside the library .*; nothing written\n$/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('says why when the section folder cannot be made', async () => {
    const root = emptyDir();
    symlinkSync(join(root, 'nowhere'), join(root, 'monde'));
    const run = await inProcess(['import', SEED, '--dir', root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`kiosk: ${SEED}: cannot make the folder ${join(root, 'monde')}: something that is not a folder has that name\n`);
  });

  it('refuses to write into the embedded library, but shows it with --dry-run', async () => {
    const run = await inProcess(['import', SEED]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^kiosk: no library to import into \(the embedded one is read-only\)/);
    expect((await inProcess(['import', SEED, '--dry-run'])).status).toBe(0);
  });

  it('imports what it can of several files and exits 1 naming each one it could not', async () => {
    const root = emptyDir();
    const pages = emptyDir();
    writeFileSync(join(pages, 'empty.txt'), ' \n\u00a0\n');
    writeFileSync(join(pages, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    const run = (await inProcess(['import', 'empty.txt', join(FIXTURES, 'questions.txt'), 'missing.txt', 'image.txt', join(FIXTURES, 'comete-no-chrome.txt'), '--dir', root], {
      cwd: pages,
    }));
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      join(root, 'economie', 'faut-il-avoir-peur-de-l-inflation.md'),
      join(root, 'sciences', 'la-comete-de-halley-reviendra-en-2061.md'),
    ]);
    expect(run.stderr.trim().split('\n')).toEqual([
      'kiosk: empty.txt is empty; nothing imported',
      'kiosk: cannot read missing.txt: no such file',
      'kiosk: image.txt is binary, not text or HTML; nothing imported',
    ]);
  });

  it('leaves no temporary file behind, and never one the library would list', async () => {
    const root = emptyDir();
    await inProcess(['import', SEED, join(FIXTURES, 'questions.txt'), '--dir', root]);
    await inProcess(['import', SEED, '--dir', root]);
    const names = readdirSync(root, { recursive: true }).map(String);
    expect(names.filter((name) => name.includes('.tmp'))).toEqual([]);
    expect(names.sort()).toEqual(['economie', 'economie/faut-il-avoir-peur-de-l-inflation.md', 'monde', `monde/${SEED_SLUG}.md`]);
  });

  it.each([
    [['import'], /import needs its <files>/],
    [['import', '-', '-', '--dry-run'], /standard input \(-\) can be imported only once/],
    [['import', 'a.txt', 'b.txt', '--title', 'T', '--dry-run'], /--title names one article/],
    [['import', 'a.txt', '--date', '29/11/2026', '--dry-run'], /--date "29\/11\/2026" is not a date like 2024-08-10/],
    [['import', 'a.txt', '--from', 'pdf'], /--from takes text or html, not "pdf"/],
  ])('kiosk %j is a usage error', async (args, message) => {
    const run = await inProcess(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('says so when stdin has no title and none is given', async () => {
    const run = await inProcess(['import', '-', '--dry-run'], { input: 'juste une phrase.\n' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('kiosk: no title found in standard input; give one with --title\n');
  });
});

describe('escapeMarkdown', () => {
  it('escapes what Markdown would take for markup, and nothing a French sentence needs', () => {
    expect(escapeMarkdown('Le 1er « essai » coûte 5 € : c’est l’été !')).toBe('Le 1er « essai » coûte 5 € : c’est l’été !');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('a *b* _c_ `d` [e](f) <g> &amp; ~h~ |i|')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g> \\&amp; \\~h\\~ \\|i\\|');
  });

  it('keeps any line word for word once Markdown reads it back', () => {
    const piece = fc.constantFrom('a', 'é', ' ', '*', '_', '`', '[', ']', '(', ')', '<', '>', '&', 'amp;', '#', '-', '+', '=', '1.', '2)', '~', '|', '\\', '!', ':', 'http://x.y', 'www.', 'b@c.fr', '.', '"', '«', '»');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const line = pieces.join('').replace(/\s+/g, ' ').trim();
        if (line === '') return;
        const blocks = Lexer.lex(escapeMarkdown(line));
        expect(blocks.map((block) => block.type)).toEqual(['paragraph']);
        expect(inlineText((blocks[0] as { tokens: Parameters<typeof inlineText>[0] }).tokens)).toBe(line);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('looksLikeHtml', () => {
  it.each([
    ['<!DOCTYPE html><html>', true],
    ['  <html lang="fr">', true],
    ['<p>Un paragraphe</p>', true],
    ['<div class="x">', true],
    ['Monde\n\nTitre', false],
    ['Use <b> for bold in HTML.', false],
    ['<3 this article', false],
  ])('%j → %s', (text, html) => {
    expect(looksLikeHtml(text)).toBe(html);
  });
});

it('has a fixture for each kind of page the issue names', () => {
  const names = readdirSync(FIXTURES);
  for (const name of ['comete-no-chrome.txt', 'letter-no-headings.txt', 'questions.txt', 'marche-article.html', 'tide-jsonld.html', 'bare-fragment.html']) {
    expect(names).toContain(name);
    expect(statSync(join(FIXTURES, name)).size).toBeGreaterThan(0);
  }
  expect(existsSync(SEED)).toBe(true);
});

import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/library/read/article.js';
import { compareNames, duplicateWarnings, filterArticles, findExact, groupBySection, nameKey } from '../src/library/find/catalog.js';
import { sameText } from '../src/library/fold.js';
import { closest, didYouMean, findLoose } from '../src/library/find/resolve.js';
import type { Article } from '../src/types.js';

function article(relPath: string, front: string): Article {
  return parseArticle({ path: `/lib/${relPath}`, relPath, text: `---\n${front}\n---\nBody.\n` }).article;
}

const library = [
  article('monde/trump.md', 'title: Trump menace l’Iran\nsection: Monde\nslug: trump-menace-l-iran\ndate: 2024-08-11'),
  article('monde/elections.md', 'title: Élections\nsection: Monde\nslug: elections-americaines\ndate: 2024-11-05'),
  article('guide/start.md', 'title: Getting started\nsection: Guide\nslug: getting-started\ndate: 2026-11-29'),
  article('guide/writing.md', 'title: Writing articles\nsection: Guide\nslug: writing-articles'),
  article('culture/trump.md', 'title: Trump au cinéma\nsection: Culture\nslug: trump-menace-l-iran'),
  article('culture/draft.md', 'title: Brouillon\nsection: Culture\ndraft: true'),
  article('économie/taux.md', 'title: Les taux\nsection: Économie\nslug: taux'),
];

const slugs = (found: Article[]) => found.map((a) => `${a.section}/${a.slug}`);

describe('groupBySection', () => {
  it('sorts sections by name and articles newest first, undated last', () => {
    const groups = groupBySection(library);
    expect(groups.map((g) => g.name)).toEqual(['Culture', 'Économie', 'Guide', 'Monde']);
    expect(groups[2]!.articles.map((a) => a.slug)).toEqual(['getting-started', 'writing-articles']);
    expect(groups[3]!.articles.map((a) => a.slug)).toEqual(['elections-americaines', 'trump-menace-l-iran']);
  });
});

describe('filterArticles', () => {
  it('hides drafts unless asked', () => {
    expect(filterArticles(library, {}).some((a) => a.draft)).toBe(false);
    expect(filterArticles(library, { drafts: true }).some((a) => a.draft)).toBe(true);
  });

  it.each(['economie', 'ÉCONOMIE', 'Économie'])('matches the section %j ignoring case and accents', (section) => {
    expect(slugs(filterArticles(library, { section }))).toEqual(['Économie/taux']);
  });
});

describe('query resolution', () => {
  it.each([
    ['an exact slug', 'getting-started', ['Guide/getting-started']],
    ['section/slug', 'culture/trump-menace-l-iran', ['Culture/trump-menace-l-iran']],
    ['section/slug, section folded', 'Économie/taux', ['Économie/taux']],
    ['a duplicate slug, both', 'trump-menace-l-iran', ['Monde/trump-menace-l-iran', 'Culture/trump-menace-l-iran']],
  ])('findExact: %s', (_name, query, expected) => {
    expect(slugs(findExact(library, query))).toEqual(expected);
  });

  it('findExact does not match prefixes', () => {
    expect(findExact(library, 'getting')).toEqual([]);
  });

  it.each([
    ['a unique prefix', 'getting', ['Guide/getting-started']],
    ['a prefix ignoring case and accents', 'ÉLECTIONS', ['Monde/elections-americaines']],
    ['words of a title', 'Getting Started', ['Guide/getting-started']],
    ['section and a prefix', 'monde/trump', ['Monde/trump-menace-l-iran']],
    ['an ambiguous prefix, all candidates', 'trump', ['Monde/trump-menace-l-iran', 'Culture/trump-menace-l-iran']],
    ['nothing', 'zzz', []],
    // Folded, `!!!` is empty, which every slug starts with: it must match none.
    ['a name of no letters', '!!!', []],
    ['a section and a name of no letters', 'monde/—', []],
  ])('findLoose: %s', (_name, query, expected) => {
    expect(slugs(findLoose(library, query))).toEqual(expected);
  });

  it('findLoose takes a whole slug, ignoring case and accents, over the longer ones it starts', () => {
    const rates = [...library, article('économie/taux-2.md', 'title: Les taux, encore\nsection: Économie\nslug: taux-2')];
    expect(slugs(findLoose(rates, 'Taux'))).toEqual(['Économie/taux']);
    expect(slugs(findLoose(rates, 'TAUX-2'))).toEqual(['Économie/taux-2']);
    expect(slugs(findLoose(rates, 'Tau'))).toEqual(['Économie/taux', 'Économie/taux-2']);
  });
});

describe('closest', () => {
  const all = library.map((a) => a.slug);

  it('suggests the nearest slugs, at most three', () => {
    expect(closest('getting-startd', all)).toEqual(['getting-started']);
    expect(closest('writng', all)).toEqual(['writing-articles']);
    expect(closest('trmp', all)).toEqual(['trump-menace-l-iran']);
  });

  it('suggests nothing for a query far from every slug', () => {
    expect(closest('quantum-physics', all)).toEqual([]);
  });

  it('ranks a slug the query starts before one a letter away, ties in name order, and keeps to max', () => {
    const notes = ['note-3', 'nose', 'note-1', 'note-4', 'note-2'];
    expect(closest('note', notes)).toEqual(['note-1', 'note-2', 'note-3']);
    expect(closest('note', notes, 5)).toEqual(['note-1', 'note-2', 'note-3', 'note-4', 'nose']);
    expect(closest('note', notes, 1)).toEqual(['note-1']);
  });

  it('ranks a whole match before a slug the query only starts, and folds a query of no Latin letters by its case alone', () => {
    expect(closest('note', ['note-1', 'note'])).toEqual(['note', 'note-1']);
    expect(closest('東京', ['北海道札幌市', '東京'])).toEqual(['東京']);
    expect(closest('ΑΘΗΝΑ', ['αθηνα', 'ρωμη'])).toEqual(['αθηνα']);
  });

  it('says "did you mean" with the closest, shown as asked, or what to say otherwise', () => {
    expect(didYouMean('getting-startd', all)).toBe('; did you mean getting-started?');
    expect(didYouMean('trmp', all, { show: (slug) => `\`kiosk read ${slug}\`` })).toBe('; did you mean `kiosk read trump-menace-l-iran`?');
    expect(didYouMean('quantum-physics', all, { otherwise: '; try kiosk list' })).toBe('; try kiosk list');
    expect(didYouMean('quantum-physics', all)).toBe('');
    expect(didYouMean('note', ['note-1', 'note-2', 'note-3'], { max: 2 })).toBe('; did you mean note-1, note-2?');
  });

  it('suggests within two edits, or four tenths of the query if more', () => {
    expect(closest('abc', ['xbz', 'xyz'])).toEqual(['xbz']);
    expect(closest('abcdefghij', ['abcdefwxyz', 'abcdevwxyz'])).toEqual(['abcdefwxyz']);
  });
});

describe('duplicateWarnings', () => {
  it('says nothing of a slug in two sections: section/slug tells them apart', () => {
    expect(duplicateWarnings(library)).toEqual([]);
  });

  it('names the files of one section that share a slug, and their paths', () => {
    const clash = [...library, article('monde/sub/trump.md', 'title: Again\nsection: Monde\nslug: trump-menace-l-iran')];
    const warnings = duplicateWarnings(clash);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.file).toBe('/lib/monde/trump.md');
    expect(warnings[0]!.reason).toBe(
      'slug "trump-menace-l-iran" of section "Monde" is also used by monde/sub/trump.md; read them by path: monde/trump.md or monde/sub/trump.md',
    );
  });
});

describe('files named without letters', () => {
  it.each([
    ['!.md', 'exclamation-mark'],
    ['%.md', 'percent'],
    ['((.md', 'open-paren-open-paren'],
    ['🎉.md', 'u1f389'],
  ])('%s gets a slug of its own, %s, and is found by its name', (relPath, slug) => {
    const named = parseArticle({ path: `/lib/${relPath}`, relPath, text: 'Body.\n' }).article;
    expect(named.slug).toBe(slug);
    expect(findExact([named], relPath.slice(0, -3))).toEqual([named]);
  });
});

describe('compareNames', () => {
  it('orders names ignoring case and accents, numbers by value', () => {
    const names = ['Zèbre', 'part 10', 'École', 'eau', 'Part 2', 'ferme', 'Économie', 'part 02b'];
    expect([...names].sort(compareNames)).toEqual(['eau', 'École', 'Économie', 'ferme', 'Part 2', 'part 02b', 'part 10', 'Zèbre']);
  });
});

describe('nameKey', () => {
  it('gives two spellings of a section one key, as search folds them', () => {
    expect(nameKey('Cybersécurité')).toBe(nameKey('cybersecurite'));
    expect(nameKey('Straße')).toBe(nameKey('STRASSE'));
    expect(nameKey('Œuvres  complètes')).toBe('oeuvres-completes');
    expect(nameKey('Москва')).toBe(nameKey('МОСКВА'));
  });

  it('keeps the vowel signs of scripts that write vowels as marks: two names stay two sections', () => {
    expect(nameKey('हिन्दी')).not.toBe(nameKey('हन्द'));
    expect(nameKey('ไทย')).toBe('ไทย');
  });
});

describe('sameText', () => {
  it('ignores case, accents and spacing, nothing else', () => {
    expect(sameText('Élection  présidentielle', ' election PRESIDENTIELLE')).toBe(true);
    expect(sameText('Straße', 'strasse')).toBe(true);
    expect(sameText('Élection', 'Élections')).toBe(false);
    expect(sameText('हिन्दी', 'हन्द')).toBe(false);
    expect(sameText('Titre', `Titre${' '.repeat(100)}`)).toBe(true);
    // Past 64 times the other's length, never the same (and the long one is not folded to find out).
    expect(sameText('T', `T${'\u0301'.repeat(200)}`)).toBe(false);
  });
});

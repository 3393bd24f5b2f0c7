import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textToArticle } from '../src/import/text.js';
import { bodyOf } from './helpers.js';

// A copy of ../shared/seed/000_561c1b58466feafd.txt, the page the project started from (checked below).
const SEED = join(import.meta.dirname, 'fixtures', 'import', 'seed-monde.txt');
const SHARED_SEED = join(import.meta.dirname, '..', '..', 'shared', 'seed', '000_561c1b58466feafd.txt');
const SEED_ARTICLE = join(import.meta.dirname, '..', 'articles', 'monde', 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale.md');

describe('textToArticle', () => {
  it('makes the seed page into the body of the seed article, exactly', () => {
    const imported = textToArticle(readFileSync(SEED, 'utf8'));
    expect(imported.section).toBe('Monde');
    expect(imported.title).toBe('Trump menace l’Iran après le piratage de sa campagne électorale');
    expect(imported.body).toBe(bodyOf(readFileSync(SEED_ARTICLE, 'utf8')));
  });
});

it.runIf(existsSync(SHARED_SEED))('the seed fixture is the shared seed, byte for byte', () => {
  expect(readFileSync(SEED)).toEqual(readFileSync(SHARED_SEED));
});

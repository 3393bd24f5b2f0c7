import { describe, expect, it } from 'vitest';
import { fold, slugify } from '../src/library/slug.js';

describe('slugify', () => {
  it.each([
    ['Trump menace l’Iran après le piratage de sa campagne électorale', 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale'],
    ['l’Iran après', 'l-iran-apres'],
    ['Getting Started', 'getting-started'],
    ['JavaScript', 'javascript'],
    ['Ærø & Straße', 'aero-and-strasse'],
    ['../../etc/passwd', 'etc-passwd'],
    ['  --Hello__World--  ', 'hello-world'],
    ['Москва', 'moskva'],
    ['東京', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('only ever yields [a-z0-9-]', () => {
    for (const input of ['É\u202Eévil\x1b[2J', 'a\u0000b', '😀 emoji', 'UPPER lower 123']) {
      expect(slugify(input)).toMatch(/^[a-z0-9-]*$/);
    }
  });
});

describe('fold', () => {
  it('ignores case and accents', () => {
    expect(fold('Électorale')).toBe(fold('electorale'));
    expect(fold('MONDE')).toBe('monde');
  });
});

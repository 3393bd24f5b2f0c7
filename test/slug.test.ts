import { describe, expect, it } from 'vitest';
import { fold, slugify, symbolSlug } from '../src/library/read/slug.js';

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

describe('symbolSlug', () => {
  it.each([
    ['!', 'exclamation-mark'], ['"', 'quote'], ['#', 'hash'], ['$', 'dollar'], ['%', 'percent'], ['&', 'and'],
    ["'", 'apostrophe'], ['(', 'open-paren'], [')', 'close-paren'], ['*', 'star'], ['+', 'plus'], [',', 'comma'],
    ['-', 'dash'], ['.', 'dot'], [':', 'colon'], [';', 'semicolon'], ['<', 'less-than'], ['=', 'equals'],
    ['>', 'greater-than'], ['?', 'question-mark'], ['@', 'at'], ['[', 'open-bracket'], ['\\', 'backslash'],
    [']', 'close-bracket'], ['^', 'caret'], ['_', 'underscore'], ['`', 'backtick'], ['{', 'open-brace'],
    ['|', 'pipe'], ['}', 'close-brace'], ['~', 'tilde'],
  ])('names %j %j', (mark, slug) => {
    expect(symbolSlug(mark)).toBe(slug);
  });

  it('names marks in order, and writes any other character as its code point', () => {
    expect(symbolSlug('((')).toBe('open-paren-open-paren');
    expect(symbolSlug('!?')).toBe('exclamation-mark-question-mark');
    expect(symbolSlug('🎉')).toBe('u1f389');
    expect(symbolSlug('★☆')).toBe('u2605-u2606');
    expect(symbolSlug('')).toBe('');
  });

  it('keeps a slug of 60 characters, and cuts a longer one at the last whole word within 60', () => {
    // 'u2605-' is six characters: ten of them without the last dash are 59.
    expect(symbolSlug('★'.repeat(10))).toBe(Array(10).fill('u2605').join('-'));
    const sixty = [...Array(9).fill('u2605'), 'u1f389'].join('-');
    expect(sixty).toHaveLength(60);
    expect(symbolSlug(`${'★'.repeat(9)}🎉`)).toBe(sixty);
    const cut = symbolSlug('★'.repeat(11));
    expect(cut).toBe(Array(10).fill('u2605').join('-'));
    const long = symbolSlug('!'.repeat(10));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toBe(Array(3).fill('exclamation-mark').join('-'));
  });
});

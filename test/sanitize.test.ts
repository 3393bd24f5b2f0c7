import { describe, expect, it } from 'vitest';
import { escapeJson, isSafeLine, sanitizeBody, sanitizeLine, sanitizeSource } from '../src/render/sanitize.js';

const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('sanitize', () => {
  it('shows escape sequences as visible marks', () => {
    expect(sanitizeBody('a\x1b[2Jb')).toBe('a␛[2Jb');
    expect(sanitizeBody('bell\x07 del\x7f')).toBe('bell␇ del␡');
    expect(sanitizeBody('csi\u009b1m rlo\u202eevil')).toBe('csi<U+009B>1m rlo<U+202E>evil');
  });

  it('keeps newlines and tabs in bodies, turning CRLF into LF', () => {
    expect(sanitizeBody('a\tb\r\nc\rd')).toBe('a\tb\nc␍d');
  });

  it('keeps one-line text on one line', () => {
    expect(sanitizeLine('file\nname\t.md')).toBe('file␊name␉.md');
  });

  it('keeps a source as on disk, CRLF included', () => {
    expect(sanitizeSource('a\r\nb\x1bc\rd')).toBe('a\r\nb␛c␍d');
  });

  it('escapes in JSON what JSON.stringify leaves raw, without changing the data', () => {
    const value = { t: 'del\x7f c1\u0085 rlo\u202e' };
    const json = escapeJson(JSON.stringify(value));
    expect(json).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('isSafeLine', () => {
  it('is true exactly where sanitizeLine would change nothing', () => {
    for (const text of ['plain', 'accents é and 東京', 'a\u00a0b', '', 'a\tb', 'a\nb', 'a\x1b[31mb', 'a\u202eb', 'a\x7fb', 'a\x85b']) {
      expect(isSafeLine(text)).toBe(sanitizeLine(text) === text);
    }
    expect(isSafeLine('plain')).toBe(true);
    expect(isSafeLine('a\tb')).toBe(false);
  });
});

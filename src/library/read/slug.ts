import slugifyLib from '@sindresorhus/slugify';

/**
 * A slug is lowercase ASCII `[a-z0-9-]`, transliterated from any script
 * (`l’Iran après` → `l-iran-apres`). It may be empty when nothing in the input
 * transliterates (a title written only in CJK, say): callers fall back.
 */
export function slugify(text: string): string {
  // decamelize would turn "JavaScript" into "java-script" and "Ærø" into "a-ero".
  return slugifyLib(text, { decamelize: false });
}

// What each ASCII mark is called, for a file named with marks alone (`!.md`, `((.md`).
const MARK_NAMES: ReadonlyArray<[string, string]> = [
  ['!', 'exclamation mark'], ['"', 'quote'], ['#', 'hash'], ['$', 'dollar'], ['%', 'percent'], ['&', 'and'],
  ["'", 'apostrophe'], ['(', 'open paren'], [')', 'close paren'], ['*', 'star'], ['+', 'plus'], [',', 'comma'],
  ['-', 'dash'], ['.', 'dot'], [':', 'colon'], [';', 'semicolon'], ['<', 'less than'], ['=', 'equals'],
  ['>', 'greater than'], ['?', 'question mark'], ['@', 'at'], ['[', 'open bracket'], ['\\', 'backslash'],
  [']', 'close bracket'], ['^', 'caret'], ['_', 'underscore'], ['`', 'backtick'], ['{', 'open brace'],
  ['|', 'pipe'], ['}', 'close brace'], ['~', 'tilde'],
];
/** Longer names get cut: a slug is typed. */
const MAX_SYMBOL_SLUG = 60;

/**
 * A slug for a name that has no letter or digit, so that `!.md` and `%.md`
 * do not both become `article`: its marks by name (`exclamation-mark`), and
 * any other character by its code point (`u1f389`). Empty for an empty name.
 */
export function symbolSlug(name: string): string {
  const named = slugifyLib(name, { decamelize: false, customReplacements: MARK_NAMES.map(([mark, word]) => [mark, ` ${word} `]) });
  const slug = named !== '' ? named : [...name].map((char) => `u${char.codePointAt(0)!.toString(16)}`).join('-');
  return slug.length > MAX_SYMBOL_SLUG ? slug.slice(0, MAX_SYMBOL_SLUG).replace(/-[^-]*$/, '') : slug;
}

/**
 * The form used to compare names ignoring case and accents: `Électorale` and
 * `electorale` fold alike. A slug of the text keeps comparisons in the same
 * alphabet as the slugs themselves.
 */
export function fold(text: string): string {
  return slugify(text);
}

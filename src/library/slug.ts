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

/**
 * The form used to compare names ignoring case and accents: `Électorale` and
 * `electorale` fold alike. A slug of the text keeps comparisons in the same
 * alphabet as the slugs themselves.
 */
export function fold(text: string): string {
  return slugify(text);
}

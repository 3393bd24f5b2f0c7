/**
 * Folding text for search, so that case and accents never matter, in any
 * script: `Électorale` → `electorale`, `ΑΘΉΝΑ` → `αθηνα`, `Москва` →
 * `москва`, `Straße` → `strasse`, `ﬁn` → `fin`. Nothing is transliterated to
 * another script: a word is found in the alphabet it is written in.
 *
 * Accents (the combining diacritical marks) are dropped from Latin, Greek
 * and Cyrillic letters only. Other scripts (Devanagari, Arabic, Thai,
 * Hebrew…) write vowels and other sounds as combining marks: they are part
 * of the word and are kept.
 */

// Letters with a stroke or a special form that Unicode does not decompose.
const EXTRA: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
  ı: 'i',
  ŀ: 'l',
  ƀ: 'b',
  ƶ: 'z',
  ς: 'σ',
};

const MARK = /\p{M}/u;
const ACCENTED_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
/** The blocks of combining marks that write accents on letters (`e` + U+0301 is `é`). */
export const ACCENT_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [0x300, 0x36f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];
const ACCENT = new RegExp(`[${ACCENT_BLOCKS.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')}]`, 'u');

/** Whether a character is a mark that folds away after a Latin, Greek or Cyrillic letter. */
function isAccent(char: string): boolean {
  return ACCENT.test(char);
}

const folded = new Map<string, string>();

/** One character folded on its own (cached, unless `cache` is false: a search folds the same letters again and again). */
export function foldChar(char: string, cache = true): string {
  let result = folded.get(char);
  if (result !== undefined) return result;
  const code = char.codePointAt(0)!;
  // Hangul syllables are letters, not letters with marks: decomposed, they would no longer match.
  if ((code >= 0xac00 && code <= 0xd7a3) || (EXTRA[char] === undefined && char.toLowerCase() === char && char.normalize('NFKD') === char)) {
    result = char;
  } else {
    result = '';
    let accents = false;
    for (const part of char.normalize('NFKD').toLowerCase().normalize('NFKD')) {
      if (MARK.test(part)) {
        if (!accents || !isAccent(part)) result += part;
        continue;
      }
      result += EXTRA[part] ?? part;
      accents = ACCENTED_SCRIPT.test(part);
    }
  }
  if (cache) folded.set(char, result);
  return result;
}

/** What folding needs to know of a character that is not ASCII, found once for each. */
interface Folding {
  /** It is a combining mark. */
  mark: boolean;
  folded: string;
  /** What it folds to ends with a letter of Latin, Greek or Cyrillic: marks after it are accents. Null when it folds to nothing. */
  accents: boolean | null;
}

const foldings = new Map<string, Folding>();

function folding(char: string): Folding {
  let found = foldings.get(char);
  if (found) return found;
  const folded = foldChar(char);
  const mark = MARK.test(char);
  found = { mark, folded, accents: folded === '' ? null : ACCENTED_SCRIPT.test(Array.from(folded).findLast((part) => !MARK.test(part)) ?? '') };
  foldings.set(char, found);
  return found;
}

const A = 0x41;
const Z = 0x5a;

function isAsciiLetter(code: number): boolean {
  return (code >= A && code <= Z) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Folds text: lowercase, compatibility forms decomposed, accents of Latin,
 * Greek and Cyrillic letters dropped. A run of ASCII is only lowercased, in
 * one call (the index folds whole libraries: per character, that was 160 ms
 * a megabyte); anything else is folded a character at a time, each kind of
 * character looked at once.
 */
export function foldText(text: string): string {
  let out = '';
  // Whether the last letter belongs to a script whose marks are accents, for marks written apart (`e` + U+0301).
  let accents = false;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) < 0x80) end++;
      out += text.slice(i, end).toLowerCase();
      accents = isAsciiLetter(text.charCodeAt(end - 1));
      i = end;
      continue;
    }
    // One code point: a pair of surrogates, or one unit (a lone surrogate too, as `for…of` reads it).
    const point = text.codePointAt(i)!;
    const char = point > 0xffff ? text.slice(i, i + 2) : text[i]!;
    i += char.length;
    const one = folding(char);
    if (one.mark) {
      if (!accents || !isAccent(char)) out += one.folded;
      continue;
    }
    out += one.folded;
    if (one.accents !== null) accents = one.accents;
  }
  return out;
}

/**
 * Whether two texts say the same, case, accents and spacing aside: a first
 * heading that repeats the title, a byline that names the author.
 */
export function sameText(a: string, b: string): boolean {
  // Folding only drops accents and runs of spaces: a text 64 times the other's length never says the same, and a one-line
  // file of megabytes is not copied and folded whole to be told from a title (that took 0.7 s of a 2 MB import).
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length > 64 * short.length + 64) return false;
  return foldText(spacedOnce(a)) === foldText(spacedOnce(b));
}

/** Runs of white space as one space, the ends trimmed. */
function spacedOnce(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

let variants: Map<string, string[]> | null = null;

/**
 * Every character of the Basic Multilingual Plane that folds to something
 * other than itself, by what it folds to (`e` → `EÈÉ…é…ẹ`, `ss` → `ß ẞ`).
 * Built once, on a search's first use (about 20 ms).
 */
function variantIndex(): Map<string, string[]> {
  if (variants) return variants;
  variants = new Map();
  for (let code = 0; code < 0x10000; code++) {
    const skip = UNCHANGING.find(([from]) => from === code);
    if (skip) {
      code = skip[1];
      continue;
    }
    const char = String.fromCharCode(code);
    const key = foldChar(char, false);
    if (key === char) continue;
    const list = variants.get(key);
    if (list) list.push(char);
    else variants.set(key, [char]);
  }
  return variants;
}

// Blocks where no character has a case or a decomposition (checked by a test): two thirds of the plane.
export const UNCHANGING: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables (kept whole, see foldChar)
  [0xd800, 0xf8ff], // surrogates, private use
];

/** The characters that fold to exactly `folded` (one or more folded characters), itself included when it is one character. */
export function variantsOf(folded: string): string[] {
  const found = variantIndex().get(folded) ?? [];
  return Array.from(folded).length === 1 ? [folded, ...found] : found;
}

/** Whether a character is a combining mark. */
export function isMark(char: string): boolean {
  return MARK.test(char);
}

/** Whether a folded character belongs to a script whose marks fold away (so marks after it in a text are skipped). */
export function takesAccents(char: string): boolean {
  return ACCENTED_SCRIPT.test(char);
}

/**
 * Where a file's front matter ends and its Markdown begins, found without
 * parsing the YAML: search reads bodies of articles the cache already knows.
 */

export interface Located {
  /** The YAML between the `---` lines, or null when there is none to parse. */
  yaml: string | null;
  /** The Markdown after the front matter (the whole text when there is none). */
  body: string;
  /** Why a front matter was not taken as one, for a warning. */
  problem: string | null;
}

const BOM = '\ufeff';
export const UNCLOSED = 'front matter has no closing "---" line; shown as text';
const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;
// `---js`, `---json`, `---coffee`: front-matter languages some tools evaluate.
const FOREIGN_OPEN = /^---([A-Za-z][\w-]*)[ \t]*\r?\n/;
const TOML_OPEN = /^\+\+\+[ \t]*\r?\n/;

export function locateFrontMatter(text: string): Located {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const foreign = FOREIGN_OPEN.exec(source);
  if (foreign) return { yaml: null, body: source, problem: `front matter in "${foreign[1]}" is not supported (only YAML); shown as text` };
  if (TOML_OPEN.test(source)) return { yaml: null, body: source, problem: 'front matter in TOML (+++) is not supported (only YAML); shown as text' };
  const open = OPEN.exec(source);
  if (!open) return { yaml: null, body: source, problem: null };
  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { yaml: null, body: source, problem: UNCLOSED };
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  return { yaml: rest.slice(0, close.index), body, problem: null };
}

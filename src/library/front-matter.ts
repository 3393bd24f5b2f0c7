import { parseDocument } from 'yaml';

export interface FrontMatter {
  /** The parsed mapping; empty when there is none or it could not be read. */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** One line per problem, without the file name. */
  warnings: string[];
}

const BOM = '\ufeff';
const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;
// `---js`, `---json`, `---coffee`: front-matter languages some tools evaluate.
const FOREIGN_OPEN = /^---([A-Za-z][\w-]*)[ \t]*\r?\n/;
const TOML_OPEN = /^\+\+\+[ \t]*\r?\n/;

/**
 * Splits YAML front matter from the top of a file and parses it as data only.
 * Nothing is ever evaluated: a front matter in another language is left in the
 * body with a warning.
 */
export function splitFrontMatter(text: string): FrontMatter {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const foreign = FOREIGN_OPEN.exec(source);
  if (foreign) {
    return { data: {}, body: source, warnings: [`front matter in "${foreign[1]}" is not supported (only YAML); shown as text`] };
  }
  if (TOML_OPEN.test(source)) {
    return { data: {}, body: source, warnings: ['front matter in TOML (+++) is not supported (only YAML); shown as text'] };
  }
  const open = OPEN.exec(source);
  if (!open) return { data: {}, body: source, warnings: [] };

  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    return { data: {}, body: source, warnings: ['front matter has no closing "---" line; shown as text'] };
  }
  const yamlText = rest.slice(0, close.index);
  let body = rest.slice(close.index + close[0].length);
  body = body.replace(/^\r?\n/, '');
  const { data, warnings } = parseYaml(yamlText);
  return { data, body, warnings };
}

// Front matter is a handful of fields. The yaml parser recurses per level: a
// few thousand levels overflow the stack, and ten thousand crash Node itself
// (out of memory in its regular-expression compiler), so depth is bounded first.
const MAX_DEPTH = 100;

/** Whether flow brackets or indentation nest deeper than MAX_DEPTH (quotes are skipped). */
function nestedTooDeeply(yamlText: string): boolean {
  // Flow collections may span lines, so bracket depth carries over; quotes do not.
  let depth = 0;
  for (const line of yamlText.split('\n')) {
    if (/^[ \t-]*/.exec(line)![0].length > 2 * MAX_DEPTH) return true;
    let quote: string | null = null;
    for (const char of line) {
      if (quote !== null) {
        if (char === quote) quote = null;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '[' || char === '{') {
        if (++depth > MAX_DEPTH) return true;
      } else if (char === ']' || char === '}') {
        depth = Math.max(0, depth - 1);
      }
    }
  }
  return false;
}

function parseYaml(yamlText: string): { data: Record<string, unknown>; warnings: string[] } {
  if (nestedTooDeeply(yamlText)) return { data: {}, warnings: [`front matter nested more than ${MAX_DEPTH} levels deep; ignored`] };
  const doc = parseDocument(yamlText, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    logLevel: 'silent',
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (doc.errors.length > 0 && problem) {
    return { data: {}, warnings: [`invalid front matter: ${oneLine(problem.message)}`] };
  }
  const warnings = problem ? [`front matter: ${oneLine(problem.message)}`] : [];
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { data: {}, warnings: [`invalid front matter: ${oneLine(String((error as Error).message))}`] };
  }
  if (value === null || value === undefined) return { data: {}, warnings };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { data: {}, warnings: [...warnings, 'front matter is not a mapping of fields; ignored'] };
  }
  return { data: value as Record<string, unknown>, warnings };
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

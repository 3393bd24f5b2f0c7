import { parseDocument } from 'yaml';
import { locateFrontMatter } from './body.js';
import { flatFields } from './flat-yaml.js';

export interface FrontMatter {
  /** The parsed mapping; empty when there is none or it could not be read. */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** One line per problem, without the file name. */
  warnings: string[];
}

/**
 * Splits YAML front matter from the top of a file and parses it as data only.
 * Nothing is ever evaluated: a front matter in another language is left in the
 * body with a warning.
 */
export function splitFrontMatter(text: string): FrontMatter {
  const { yaml, body, problem } = locateFrontMatter(text);
  if (yaml === null) return { data: {}, body, warnings: problem ? [problem] : [] };
  const { data, warnings, mapping } = parseYaml(yaml);
  // `---`, a line, `---` is also Markdown (a rule and a setext heading): when it holds no fields, it is the article's text.
  if (!mapping) return { data, body: text.startsWith(BOM) ? text.slice(1) : text, warnings };
  return { data, body, warnings };
}

const BOM = '\ufeff';

// Front matter is a handful of fields. The yaml parser recurses per level: a
// few thousand levels overflow the stack, and ten thousand crash Node itself
// (out of memory in its regular-expression compiler), so depth is bounded first.
export const MAX_DEPTH = 100;

/** Whether flow brackets or indentation nest deeper than MAX_DEPTH (quotes are skipped). */
export function nestedTooDeeply(yamlText: string): boolean {
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

interface Parsed {
  data: Record<string, unknown>;
  warnings: string[];
  /** False when the YAML is valid but holds something else than fields (a text, a list). */
  mapping: boolean;
}

function parseYaml(yamlText: string): Parsed {
  const flat = flatFields(yamlText);
  if (flat !== null) return { data: flat, warnings: [], mapping: true };
  if (nestedTooDeeply(yamlText)) return { data: {}, warnings: [`front matter nested more than ${MAX_DEPTH} levels deep; ignored`], mapping: true };
  const doc = parseDocument(yamlText, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    logLevel: 'silent',
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (doc.errors.length > 0 && problem) {
    return { data: {}, warnings: [`invalid front matter (${place(yamlText, problem.pos[0])}): ${firstLine(problem.message)}`], mapping: true };
  }
  const warnings = problem ? [`front matter (${place(yamlText, problem.pos[0])}): ${firstLine(problem.message)}`] : [];
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { data: {}, warnings: [`invalid front matter: ${firstLine(String((error as Error).message))}`], mapping: true };
  }
  if (value === null || value === undefined) return { data: {}, warnings, mapping: true };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { data: {}, warnings: [...warnings, 'front matter is not a mapping of fields; shown as Markdown'], mapping: false };
  }
  return { data: value as Record<string, unknown>, warnings, mapping: true };
}

/** Where an offset into the YAML is in the file, whose line 1 is the opening `---`. */
function place(yamlText: string, offset: number): string {
  // An error found only at the end (a quote never closed) is placed at the end of the last line, not on `---`.
  const end = yamlText.endsWith('\n') ? yamlText.length - 1 : yamlText.length;
  const before = yamlText.slice(0, Math.max(0, Math.min(offset, end)));
  let line = 2;
  for (let at = before.indexOf('\n'); at !== -1; at = before.indexOf('\n', at + 1)) line++;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** The first line of a YAML error: the lines after it quote the source, which the warning's place already gives. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

import { dirname, resolve, join } from 'node:path';
import { homedir } from 'node:os';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { isStyleWord, KEYS, MODES, NO_CONFIG, ROLES, STYLE_WORDS, type Config, type Mode, type Role } from './config.js';
import { MAX_DEPTH, nestedTooDeeply } from './library/read/front-matter.js';
import type { Suggesting } from './library/find/resolve.js';
import { sanitizeLine } from './render/sanitize.js';

/**
 * The config file's YAML, read apart from config.ts so that the parser is
 * loaded only when there is a file. Values are read from the document's
 * nodes, never converted whole: no alias is expanded, every line is known.
 */

const WIDEST = 10_000;
const YES = new Set(['yes', 'on']);
const NO = new Set(['no', 'off']);

/** "did you mean", whose folding tables are loaded only when a line is wrong. */
async function didYouMean(query: string, candidates: readonly string[], suggesting: Suggesting): Promise<string> {
  return (await import('./library/find/resolve.js')).didYouMean(query, candidates, suggesting);
}

/** Parses the text of a config file at `path`; exported for tests. */
export async function parseConfig(text: string, path: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<Config> {
  const config: Config = { ...NO_CONFIG(path), found: true };
  const source = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (source.trim() === '') return config;
  if (nestedTooDeeply(source)) {
    config.warnings.push(`nested more than ${MAX_DEPTH} levels deep; ignored`);
    return config;
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { schema: 'core', uniqueKeys: true, prettyErrors: false, logLevel: 'silent', lineCounter: lines });
  const lineOf = (node: { range?: readonly number[] | null } | null | undefined): number => (node?.range ? lines.linePos(node.range[0]!).line : 1);
  const warn = (line: number, message: string) => config.warnings.push(`line ${line}: ${sanitizeLine(message)}`);
  const [error] = doc.errors;
  // What the parser could read around the error still applies.
  if (error) warn(lines.linePos(error.pos[0]).line, `invalid YAML: ${error.message.split('\n')[0]!.trim()}`);
  if (doc.contents === null) return config;
  if (!isMap(doc.contents)) {
    warn(lineOf(doc.contents), 'is not a mapping of settings (`width: 80`, one a line); ignored');
    return config;
  }
  const asText = (node: unknown): string | null => (isScalar(node) && typeof node.value === 'string' ? node.value : null);
  for (const pair of doc.contents.items) {
    const keyNode = pair.key;
    const line = lineOf(keyNode as { range?: readonly number[] });
    const key = isScalar(keyNode) ? String(keyNode.value) : null;
    if (key === null || !(KEYS as readonly string[]).includes(key)) {
      const shown = key ?? 'a key that is not a word';
      warn(line, `unknown setting "${shown}"${await didYouMean(shown, KEYS, { max: 1, otherwise: `; settings: ${KEYS.join(', ')}` })}`);
      continue;
    }
    const value = pair.value;
    const valueLine = value ? lineOf(value as { range?: readonly number[] }) : line;
    switch (key) {
      case 'library': {
        const folder = asText(value);
        if (folder === null || folder.trim() === '') warn(valueLine, 'library takes the path of a folder');
        else config.library = { value: expandPath(folder, path, env), line: valueLine };
        break;
      }
      case 'width': {
        const width = isScalar(value) ? value.value : null;
        if (typeof width !== 'number' || !Number.isInteger(width) || width < 0 || width > WIDEST) {
          warn(valueLine, `width takes a whole number of columns from 0 (no wrapping) to ${WIDEST}`);
        } else config.width = { value: width, line: valueLine };
        break;
      }
      case 'pager': {
        const pager = asText(value);
        if (pager === null || pager.trim() === '') warn(valueLine, 'pager takes a command, as PAGER does: `less -S`');
        else config.pager = { value: pager, line: valueLine };
        break;
      }
      case 'color':
      case 'hyperlinks': {
        // `true` is a boolean to YAML, `yes` and `on` are text (YAML 1.2): every spelling a person may use is taken.
        const raw = isScalar(value) ? value.value : null;
        const spelt = typeof raw === 'string' ? (YES.has(raw) ? 'always' : NO.has(raw) ? 'never' : raw) : null;
        const mode = raw === true ? 'always' : raw === false ? 'never' : spelt;
        if (mode === null || !(MODES as readonly string[]).includes(mode)) {
          warn(valueLine, `${key} takes auto, always or never${typeof raw === 'string' ? `, not "${raw}"${await didYouMean(raw, MODES, { max: 1 })}` : ''}`);
        } else config[key] = { value: mode as Mode, line: valueLine };
        break;
      }
      case 'theme':
        await readTheme(value, valueLine, config, { lineOf, warn });
        break;
    }
  }
  return config;
}

interface ThemeTools {
  lineOf: (node: { range?: readonly number[] | null } | null | undefined) => number;
  warn: (line: number, message: string) => void;
}

async function readTheme(value: unknown, line: number, config: Config, { lineOf, warn }: ThemeTools): Promise<void> {
  if (!isMap(value)) {
    warn(line, `theme takes a role and its style on each line below it, as \`  link: underline\`; roles: ${ROLES.join(', ')}`);
    return;
  }
  for (const pair of value.items) {
    const at = lineOf(pair.key as { range?: readonly number[] });
    const role = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(ROLES as readonly string[]).includes(role)) {
      warn(at, `unknown theme role "${role}"${await didYouMean(role, ROLES, { max: 1, otherwise: `; roles: ${ROLES.join(', ')}` })}`);
      continue;
    }
    const style = isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : null;
    const words = style === null ? [] : style.trim().split(/\s+/).filter(Boolean);
    const wrong = words.find((word) => !isStyleWord(word));
    if (style === null || words.length === 0) {
      warn(at, `theme ${role} takes a style: colours and attributes, as \`bold magenta\``);
    } else if (wrong !== undefined) {
      warn(at, `theme ${role}: "${wrong}" is not a colour or attribute${await didYouMean(wrong, STYLE_WORDS, { max: 1, otherwise: '; see `kiosk config --help`' })}`);
    } else {
      config.theme[role as Role] = { value: words.filter(isStyleWord), line: at };
    }
  }
}

/** `~/x` from home; a relative path from the config file's folder, as a config means it. */
function expandPath(path: string, file: string, env: Readonly<Record<string, string | undefined>>): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(1));
  return resolve(dirname(file), path);
}

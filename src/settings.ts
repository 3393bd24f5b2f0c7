import { ROLES } from './config.js';
import { hyperlinkChoice } from './hyperlinks.js';
import type { RootChoice } from './library/load.js';
import { colorChoice, fromConfig, pagerChoice, widthChoice, type Chosen, type ColorMode, type Environment } from './options.js';
import { toJson } from './render/json.js';
import { sanitizeLine } from './render/sanitize.js';
import { DEFAULT_STYLES } from './render/theme.js';
import { displayWidth, maxOf } from './render/width.js';

/** `kiosk config`: each setting in effect, in the order of the file, and where it comes from. */
export type Settings = Record<string, Chosen<string | number>>;

const ROOT_SOURCES: Record<RootChoice['origin'], string> = {
  '--dir': '--dir',
  KIOSK_DIR: 'KIOSK_DIR',
  config: 'config',
  './articles': './articles in the current folder',
  embedded: 'default (the embedded library)',
};

export function settingsInEffect(environment: Environment, color: ColorMode | undefined, root: RootChoice): Settings {
  const { config } = environment;
  const mode = colorChoice(color, environment);
  const settings: Settings = {
    file: { value: config.path, source: config.found ? 'found' : 'not found' },
    library: { value: root.root, source: root.origin === 'config' && config.library ? fromConfig(config.library) : ROOT_SOURCES[root.origin] },
    width: widthChoice(undefined, environment),
    pager: pagerChoice(environment),
    color: { value: mode.value, source: mode.source },
    hyperlinks: hyperlinkChoice(environment.env, config.hyperlinks),
  };
  for (const role of ROLES) {
    const restyled = config.theme[role];
    settings[`theme.${role}`] = restyled ? { value: restyled.value.join(' '), source: fromConfig(restyled) } : { value: `${DEFAULT_STYLES[role].join(' ')}${role === 'heading' ? ' (level 1)' : ''}`, source: 'default' };
  }
  return settings;
}

/** For a person: aligned columns. Piped: `name TAB value TAB source` lines. JSON: an object by name. */
export function renderSettings(settings: Settings, how: 'person' | 'lines' | 'json'): string {
  if (how === 'json') return toJson(settings);
  const rows = Object.entries(settings).map(([name, { value, source }]) => [name, sanitizeLine(String(value)), sanitizeLine(source)] as const);
  if (how === 'lines') return rows.map((row) => `${row.join('\t')}\n`).join('');
  const nameWidth = maxOf(rows.map(([name]) => name.length));
  const valueWidth = maxOf(rows.map(([, value]) => displayWidth(value)));
  return rows.map(([name, value, source]) => `${name.padEnd(nameWidth)}  ${value}${' '.repeat(valueWidth - displayWidth(value))}  ${source}`.trimEnd() + '\n').join('');
}

/** The options of each command, as commander hands them over. */
import type { ColorMode } from '../options.js';
import type { Format } from '../types.js';

export interface GlobalOptions {
  dir?: string;
  /** --color, when given: below it come the variables, then the config. */
  color?: ColorMode;
  /** false with --no-cache. */
  cache: boolean;
}

export interface ListOptions {
  section?: string;
  tag?: string;
  author?: string;
  since?: string;
  limit?: string;
  drafts?: boolean;
  plain?: boolean;
  json?: boolean;
}

export interface ReadOptions {
  format?: Format;
  width?: string;
  pager?: boolean;
  toc?: boolean;
}

export type { ImportOptions } from '../import/command.js';

export interface ConfigOptions {
  path?: boolean;
  json?: boolean;
}

export interface SearchOptions {
  section?: string;
  limit?: string;
  json?: boolean;
}

/**
 * What Tab offers for a command line: commands, options, option values, and
 * from the library its slugs, `section/slug`, `slug#heading`, sections, tags
 * and authors; paths where a path goes. Pure: the command line arrives as
 * unquoted words, the library through an interface, and the answer is data
 * that each shell's script inserts literally (see scripts.ts).
 */
import { nameKey } from '../library/find/catalog.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Article, Heading } from '../types.js';

export interface OptionModel {
  /** `--format`. */
  long: string;
  /** `-h`, when there is one. */
  short?: string;
  takesValue: boolean;
  choices?: readonly string[];
  description: string;
}

export interface ArgumentModel {
  name: string;
  variadic: boolean;
  choices?: readonly string[];
}

export interface CommandModel {
  name: string;
  description: string;
  options: OptionModel[];
  args: ArgumentModel[];
}

/** The commands and options as the parser knows them. */
export interface ProgramModel {
  globals: OptionModel[];
  commands: CommandModel[];
}

/** What completion may ask of the library, loaded only when a value needs it. */
export interface LibraryView {
  articles(): Promise<readonly Article[]>;
  /** The headings of an article, or null when it cannot be read. */
  outline(article: Article): Promise<Heading[] | null>;
  /** The one article a `read` query names (as `read` resolves it), else null. */
  find(query: string): Promise<Article | null>;
}

export interface Candidate {
  value: string;
  description: string;
}

export type FileKind = 'markdown' | 'any' | 'dirs';

export type Completion =
  | { kind: 'values'; candidates: Candidate[] }
  /** Paths, completed by the shell itself (it knows quoting, `~` and folders best) from `prefix`. */
  | { kind: 'files'; files: FileKind; prefix: string };

/** Where each option's or argument's values come from, by name; `command:argument` for arguments. */
type Source = 'sections' | 'tags' | 'authors' | 'article' | 'files' | 'dirs' | 'commands';
const SOURCES: Record<string, Source> = {
  '--dir': 'dirs',
  '--section': 'sections',
  '--tag': 'tags',
  '--author': 'authors',
  'list:section': 'sections',
  'read:query': 'article',
  'import:files': 'files',
  'help:command': 'commands',
};

const NOTHING: Completion = { kind: 'values', candidates: [] };

/**
 * Completes the last of `words` (the words after `kiosk`, unquoted; the last
 * is the one under the cursor, possibly empty).
 */
export async function complete(model: ProgramModel, words: readonly string[], library: LibraryView): Promise<Completion> {
  const typed = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  let command: CommandModel | null = null;
  let positional = 0;
  let pending: OptionModel | null = null;
  let literal = false;
  for (const word of before) {
    if (pending) {
      pending = null;
      continue;
    }
    if (!literal && word === '--') {
      literal = true;
    } else if (!literal && word.startsWith('-') && word.length > 1) {
      const option = findOption(model, command, word.split('=')[0]!);
      if (option?.takesValue && !word.includes('=')) pending = option;
    } else if (command === null) {
      command = model.commands.find((candidate) => candidate.name === word) ?? null;
      // Not a command: kiosk would refuse the line, so there is nothing to offer.
      if (command === null) return NOTHING;
    } else {
      positional++;
    }
  }

  if (pending) return values(optionSource(pending, command), pending, typed, library, '');
  if (!literal && typed.startsWith('--') && typed.includes('=')) {
    const name = typed.slice(0, typed.indexOf('='));
    const option = findOption(model, command, name);
    if (!option?.takesValue) return NOTHING;
    return values(optionSource(option, command), option, typed.slice(name.length + 1), library, `${name}=`);
  }
  if (!literal && typed.startsWith('-')) return { kind: 'values', candidates: matching(optionCandidates(model, command), typed, false) };
  if (command === null) {
    return { kind: 'values', candidates: matching(model.commands.map((c) => ({ value: c.name, description: c.description })), typed, false) };
  }
  const argument = command.args[positional] ?? (command.args.at(-1)?.variadic ? command.args.at(-1) : undefined);
  if (!argument) return NOTHING;
  if (argument.choices) return { kind: 'values', candidates: matching(argument.choices.map((value) => ({ value, description: '' })), typed, false) };
  const source = SOURCES[`${command.name}:${argument.name}`];
  if (source === 'commands') {
    return { kind: 'values', candidates: matching(model.commands.map((c) => ({ value: c.name, description: c.description })), typed, false) };
  }
  return source ? fromSource(source, typed, library, '') : NOTHING;
}

function findOption(model: ProgramModel, command: CommandModel | null, name: string): OptionModel | undefined {
  const all = [...(command?.options ?? []), ...model.globals];
  return all.find((option) => option.long === name || option.short === name);
}

function optionCandidates(model: ProgramModel, command: CommandModel | null): Candidate[] {
  return [...(command?.options ?? []), ...model.globals].map((option) => ({ value: option.long, description: option.description }));
}

function optionSource(option: OptionModel, command: CommandModel | null): Source | undefined {
  // import --author names the author of a new article; any other --author filters by existing ones.
  return SOURCES[option.long] ?? (command ? SOURCES[`${command.name}:${option.long}`] : undefined);
}

async function values(source: Source | undefined, option: OptionModel, typed: string, library: LibraryView, prefix: string): Promise<Completion> {
  if (option.choices) {
    return { kind: 'values', candidates: matching(option.choices.map((value) => ({ value: prefix + value, description: '' })), prefix + typed, false) };
  }
  if (!source) return NOTHING;
  return fromSource(source, typed, library, prefix);
}

async function fromSource(source: Source, typed: string, library: LibraryView, prefix: string): Promise<Completion> {
  switch (source) {
    case 'dirs':
      return { kind: 'files', files: 'dirs', prefix: typed };
    case 'files':
      return { kind: 'files', files: 'any', prefix: typed };
    case 'commands':
      return NOTHING;
    case 'article':
      return articleQuery(typed, library);
    case 'sections':
    case 'tags':
    case 'authors': {
      const names = distinct((await library.articles()).flatMap((article) => namesOf(source, article)));
      const description = source === 'sections' ? 'section' : source === 'tags' ? 'tag' : 'author';
      const candidates = names.map((name) => ({ value: prefix + name, description }));
      return { kind: 'values', candidates: matching(candidates, prefix + typed, true) };
    }
  }
}

function namesOf(source: 'sections' | 'tags' | 'authors', article: Article): string[] {
  if (source === 'sections') return [article.section];
  if (source === 'tags') return article.tags;
  return article.author === null ? [] : [article.author];
}

/** Names as they can be offered: one line each, without controls, each spelling once. */
function distinct(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const shown = offerable(name);
    if (shown !== '' && !seen.has(nameKey(shown))) seen.set(nameKey(shown), shown);
  }
  return [...seen.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A value from an article made safe to hand to a shell as one line:
 * controls and bidi overrides become visible marks (the filters compare
 * names ignoring everything but letters and digits, so the name still
 * matches), runs of whitespace one space.
 */
function offerable(text: string): string {
  return sanitizeLine(text.replace(/[\t\n\r\f\v]+/g, ' ')).trim();
}

/** What a `read` query can be: a slug, `section/slug`, `slug#heading`, or a Markdown file. */
async function articleQuery(typed: string, library: LibraryView): Promise<Completion> {
  const files: Completion = { kind: 'files', files: 'markdown', prefix: typed };
  if (/^[./~]/.test(typed)) return files;
  const hash = typed.lastIndexOf('#');
  if (hash > 0) {
    const query = typed.slice(0, hash);
    const article = await library.find(query);
    const headings = article ? await library.outline(article) : null;
    if (!article || !headings) return NOTHING;
    const candidates = headings.map((heading) => ({ value: `${query}#${heading.slug}`, description: offerable(heading.text) }));
    return { kind: 'values', candidates: matching(candidates, typed, false) };
  }
  const articles = await library.articles();
  const slash = typed.lastIndexOf('/');
  if (slash > 0) {
    const section = nameKey(typed.slice(0, slash));
    const inSection = articles.filter((article) => nameKey(article.section) === section);
    if (inSection.length === 0) return files;
    const candidates = inSection.map((article) => ({ value: `${typed.slice(0, slash)}/${article.slug}`, description: offerable(article.title) }));
    return { kind: 'values', candidates: matching(candidates, typed, true) };
  }
  const slugs = matching(
    articles.map((article) => ({ value: article.slug, description: offerable(article.title) })),
    typed,
    true,
  );
  return slugs.length > 0 ? { kind: 'values', candidates: slugs } : files;
}

/**
 * The candidates that start with what was typed; when none does and `loose`,
 * those that do once case, accents and punctuation are ignored
 * (`mon` → `Monde`). Sorted, each value once.
 */
function matching(candidates: readonly Candidate[], typed: string, loose: boolean): Candidate[] {
  const unique = new Map<string, Candidate>();
  for (const candidate of candidates) if (!unique.has(candidate.value)) unique.set(candidate.value, candidate);
  const all = [...unique.values()];
  let found = all.filter((candidate) => candidate.value.startsWith(typed));
  if (found.length === 0 && loose && typed !== '') {
    const key = nameKey(typed);
    found = all.filter((candidate) => nameKey(candidate.value).startsWith(key));
  }
  return found.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

import { Document, isSeq } from 'yaml';

/** What an import found in a page, before it becomes a file. */
export interface Imported {
  title: string | null;
  section: string | null;
  /** The Markdown body, starting with `# title` when there is one. */
  body: string;
  /** The article's own words, to guess its language from. */
  text: string;
  author?: string | null;
  date?: string | null;
  lang?: string | null;
  tags?: string[];
  /** What was changed to read the page, one line each. */
  warnings?: string[];
}

/** The front matter, in the order of PRODUCT.md's field table; YAML quotes what needs quoting. */
export function frontMatter(fields: Record<string, string | string[] | undefined>): string {
  const document = new Document(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
  // Tags on one line, `tags: [a, b]`, as the guide writes them.
  const tags = document.get('tags', true);
  if (isSeq(tags)) tags.flow = true;
  // lineWidth 0: a long title stays on one line.
  return `---\n${document.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}

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
}

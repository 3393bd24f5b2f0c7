/**
 * One line of plain text made safe to put in a Markdown paragraph: every
 * character that Markdown could take for markup is backslash-escaped, so the
 * line reads the same, word for word, once rendered. Letters, digits, spaces
 * and typographic punctuation are left alone, so a French article stays
 * readable as Markdown source.
 */
// Inline markup anywhere in a line: emphasis, code, links, raw HTML, entities, strikethrough, tables, escapes.
const INLINE = /[\\`*_[\]<&~|]/g;
// Block markup at the start of a line: headings, quotes, list bullets, setext underlines, thematic breaks.
const LINE_START = /^([#>+=-])/;
const ORDERED = /^(\d{1,9})([.)])(?=\s|$)/;

// GFM makes bare addresses links, taking in backslashes and punctuation
// around them in ways no escaping can predict: the colon of `http://`, the
// dot of `www.` and the `@` of an e-mail address are escaped, so an address
// stays text, exactly as written.
const ADDRESS_START = /(https?|ftp):(?=\/\/)|(www)\.|@/gi;

export function escapeMarkdown(line: string): string {
  return line
    .trim()
    .replace(INLINE, '\\$&')
    .replace(ADDRESS_START, (_match, scheme?: string, www?: string) => (scheme ? `${scheme}\\:` : www ? `${www}\\.` : '\\@'))
    .replace(LINE_START, '\\$1')
    .replace(ORDERED, '$1\\$2');
}

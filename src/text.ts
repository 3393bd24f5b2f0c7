/**
 * Small pure helpers on strings that kiosk reads from untrusted files, each
 * written to take time in proportion to its input. A pattern for spaces at
 * the end of a line looks harmless but is retried from every position of a
 * long run of spaces: 200,000 spaces cost it 19 s.
 */

/** `text` without the run of `chars` at its start (`start`), its end (`end`) or both. */
export function trimChars(text: string, chars: string, sides: 'start' | 'end' | 'both' = 'both'): string {
  let start = 0;
  let end = text.length;
  if (sides !== 'end') while (start < end && chars.includes(text[start]!)) start++;
  if (sides !== 'start') while (end > start && chars.includes(text[end - 1]!)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Lines joined into one, as a paragraph's soft breaks are: the spaces and
 * tabs around each line break go, and each break becomes `joiner`.
 */
export function joinLines(text: string, joiner = ' '): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const last = lines.length - 1;
  return lines.map((line, index) => trimChars(line, ' \t', index === 0 ? 'end' : index === last ? 'start' : 'both')).join(joiner);
}

/**
 * Where a tag that starts before `from` ends: after the first `>` that is
 * not inside a quoted attribute value (`a="x > y"`), else at the end.
 */
export function tagEnd(html: string, from: number): number {
  for (let i = from; i < html.length; i++) {
    const char = html[i]!;
    if (char === '>') return i + 1;
    if (char !== '=') continue;
    let value = i + 1;
    while (html[value] === ' ' || html[value] === '\t' || html[value] === '\n') value++;
    const quote = html[value];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, value + 1);
      if (close === -1) return html.length;
      i = close;
    }
  }
  return html.length;
}

/** A file's name without its folder and its `.md` or `.markdown`. */
export function fileStem(relPath: string): string {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return name.replace(/\.(md|markdown)$/i, '') || name;
}

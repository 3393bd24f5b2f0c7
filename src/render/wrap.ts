import wrapAnsi from 'wrap-ansi';

// Stands in for a space that must not become a line break; it is one column
// wide like the space it replaces and is turned back into a space afterwards.
const GLUE = '\uffff';
const SGR = '(?:\\x1b\\[[0-9;]*m)*';
// A space before closing punctuation, or after an opening guillemet or quote.
const BEFORE_CLOSING = new RegExp(` (?=${SGR}[»”?!:;)])`, 'g');
const AFTER_OPENING = new RegExp(`([«“]${SGR}) `, 'g');

export interface WrapOptions {
  /** Break words longer than the width too (table cells); off by default. */
  hard?: boolean;
}

/**
 * Wraps text that may hold SGR styling and OSC 8 links to `width` display
 * columns (wide CJK and emoji count two). Breaks only at ASCII spaces, so
 * no-break spaces hold, and never where French typography forbids: no line
 * starts with `» ” ? ! : ; )` and none ends with `«` or `“`. A word longer than
 * the width stays whole on its own line. Width 0 means no wrapping: only hard
 * breaks (`\n`) end a line.
 */
export function wrap(text: string, width: number, options: WrapOptions = {}): string[] {
  if (width <= 0) return text.split('\n');
  const glued = text.replace(BEFORE_CLOSING, GLUE).replace(AFTER_OPENING, `$1${GLUE}`);
  const wrapped = wrapAnsi(glued, width, { hard: options.hard ?? false, trim: true, wordWrap: true });
  return wrapped.split('\n').map((line) => line.replaceAll(GLUE, ' '));
}

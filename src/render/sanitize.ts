/**
 * Content is untrusted: control characters and bidirectional overrides from an
 * article must never reach the terminal raw. They become visible marks: C0
 * controls and DEL their Unicode control pictures (ESC → ␛), C1 controls and
 * bidi overrides/isolates `<U+XXXX>`.
 */

// C0 except TAB and LF, DEL, C1, bidi embeddings/overrides (U+202A–E) and isolates (U+2066–9).
const UNSAFE_IN_BODY = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw but a terminal may still act on.
const UNSAFE_IN_JSON = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function mark(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Text of a body: newlines and tabs stay, CRLF becomes LF. */
export function sanitizeBody(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE_IN_BODY, mark);
}

const UNSAFE_ANYWHERE_IN_LINE = new RegExp(UNSAFE_IN_LINE.source);

/** Whether sanitizeLine would leave the text as it is. */
export function isSafeLine(text: string): boolean {
  return !UNSAFE_ANYWHERE_IN_LINE.test(text);
}

/** Text that must stay on one line (titles, names, paths, messages). */
export function sanitizeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, mark);
}

/** Source shown as it is on disk: line endings kept, everything else as in a body. */
export function sanitizeSource(text: string): string {
  return text.replace(/\r(?!\n)/g, '\u240d').replace(UNSAFE_IN_BODY, (char) => (char === '\r' ? char : mark(char)));
}

/** JSON text made safe for a terminal without changing the data it encodes. */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type Decoded = { kind: 'text'; text: string; warning: string | null } | { kind: 'binary' };

export const BINARY_PROBE = 8192;

/**
 * Bytes → text. A NUL byte near the start means a binary file with a Markdown
 * name; invalid UTF-8 is kept readable with U+FFFD and reported. A `partial`
 * head may end inside a character: that tail is left out, not reported.
 */
export function decodeBytes(bytes: Uint8Array, partial = false): Decoded {
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial }), warning: null };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes, { stream: partial });
    return { kind: 'text', text, warning: 'invalid UTF-8; bad bytes shown as U+FFFD' };
  }
}

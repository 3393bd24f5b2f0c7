/** What the bounded tokenizer (lexer.ts) knows of one inline text, worked out once, so that marked's patterns that scan ahead run once, not at every mark. */

// The characters marked's text pattern takes for an e-mail address's local part, and its url pattern.
export const TEXT_ADDRESS = /[a-zA-Z0-9.!#$%&'*+/=?_`{|}~-]/;
export const URL_ADDRESS = /[A-Za-z0-9._+-]/;
// What ends a run of text in marked's pattern, other than the e-mail look-ahead (which is found apart).
export const TEXT_STOP = /(?=[\\<!\[`*~_]|\b_|[hH][tT][tT][pP][sS]?|[fF][tT][pP]:\/\/|(?<![^\s*_~(])www\.|$)|[^ ](?= {2,}\n)|[^a-zA-Z0-9](?=(?:mailto|xmpp):)/g;
export const HARD_BREAK = / {2,}\n/y;
export const LABEL_END = /[\]\n]/g;
export const UNBOUNDED_TAGS: ReadonlyArray<[open: string, close: string]> = [
  ['<!--', '-->'],
  ['<?', '?>'],
  ['<![CDATA[', ']]>'],
];

/**
 * For each position of a text: whether the run of address characters
 * starting there reaches an `@` (`text`, for marked's text pattern), where
 * the `@` is that such a run reaches (`url`, for its url pattern), and the
 * first position from there where a character that is not an address
 * character is followed by a run that reaches one (`stop`).
 */
interface AddressRuns {
  text: Uint8Array;
  url: Int32Array;
  stop: Int32Array;
}

/** What the bounded tokenizer knows of one inline text, worked out once. */
export class Inline {
  private addresses: AddressRuns | null | undefined;
  private stop = { from: -1, at: -1, length: 0 };
  private label = { from: -1, at: -1 };
  private readonly lastCloser = new Map<string, number>();
  readonly failedAddresses = new Set<number>();

  constructor(readonly text: string) {}

  /** Where `src`, a rest of this text, starts in it; -1 when it is not one. */
  offset(src: string): number {
    const at = this.text.length - src.length;
    return at >= 0 && this.text.charCodeAt(at) === src.charCodeAt(0) ? at : -1;
  }

  /** Worked out in one pass from the end, and only for a text that holds an `@`. */
  private addressRuns(): AddressRuns | null {
    if (this.addresses !== undefined) return this.addresses;
    const s = this.text;
    if (!s.includes('@')) return (this.addresses = null);
    const n = s.length;
    const text = new Uint8Array(n + 1);
    const url = new Int32Array(n + 1).fill(-1);
    const stop = new Int32Array(n + 1).fill(-1);
    for (let p = n - 1; p >= 0; p--) {
      const char = s[p]!;
      const next = s[p + 1];
      if (TEXT_ADDRESS.test(char)) text[p] = next === '@' || text[p + 1] ? 1 : 0;
      if (URL_ADDRESS.test(char)) url[p] = next === '@' ? p + 1 : url[p + 1]!;
      stop[p] = !TEXT_ADDRESS.test(char) && text[p + 1] ? p : stop[p + 1]!;
    }
    return (this.addresses = { text, url, stop });
  }

  /** Whether the run of text-pattern address characters at `at` reaches an `@`. */
  reachesAt(at: number): boolean {
    return this.addressRuns()?.text[at] === 1;
  }

  /** Where the `@` is that the run of url-pattern address characters at `at` reaches; -1 for none. */
  urlAt(at: number): number {
    return this.addressRuns()?.url[at] ?? -1;
  }

  /** The first position at or after `from` where marked's text ends before an e-mail address (its last alternative). */
  addressStop(from: number): number {
    return this.addressRuns()?.stop[from] ?? -1;
  }

  /** The first position at or after `from` where marked's other text endings match, and how much they take there. */
  textStop(from: number): { at: number; length: number } {
    if (!(this.stop.from !== -1 && this.stop.from <= from && from <= this.stop.at)) {
      TEXT_STOP.lastIndex = from;
      const match = TEXT_STOP.exec(this.text)!;
      this.stop = { from, at: match.index, length: match[0].length };
    }
    return this.stop;
  }

  /** The first `]` or line break at or after `from`, where a footnote label ends; -1 for none. */
  labelEnd(from: number): number {
    if (!(this.label.from !== -1 && this.label.from <= from && (from <= this.label.at || this.label.at === -1))) {
      LABEL_END.lastIndex = from;
      this.label = { from, at: LABEL_END.exec(this.text)?.index ?? -1 };
    }
    return this.label.at;
  }

  /** Whether `close` occurs after `at`. */
  closes(close: string, at: number): boolean {
    let last = this.lastCloser.get(close);
    if (last === undefined) {
      last = this.text.lastIndexOf(close);
      this.lastCloser.set(close, last);
    }
    return last > at;
  }
}

import { Lexer, Marked, Tokenizer, getDefaults, type MarkedExtension, type Token, type TokenizerExtension, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { HARD_BREAK, Inline, UNBOUNDED_TAGS } from './inline-bounds.js';
import { lazyListCost, markLazyQuotes, underlineNear } from './block-bounds.js';

/**
 * Markdown into marked's tokens, in time linear in the text. marked 18 is
 * quadratic on shapes that no real article has but any file can
 * (markedjs/marked#4099), and recursive per level of nesting. Its inline
 * tokenizers each test a pattern at the start of the rest of a paragraph,
 * and several of those patterns scan far ahead and fail: repeated at every
 * mark of a long run, that is quadratic. So:
 * - text before an e-mail address: marked looks ahead along every run of
 *   address characters for an `@` (`_a_a_a…` scans the run at every `_`).
 *   Where the run reaches an `@` is found once per paragraph, and marked's
 *   own tokenizer then gets exactly the text it would take;
 * - a bare e-mail address (`a_a_a…@`): tried once per `@`;
 * - unclosed `<!--`, `<?`, `<!X` and `<![CDATA[`: not tried when no closer
 *   follows anywhere;
 * - unmatched emphasis and strikethrough marks: each failed search for a
 *   closer scans the rest of the paragraph. Past a budget of such scanning,
 *   marks are shown as written, with a warning;
 * - emphasis nested thousands deep (`***…a***…`) recurses once per level:
 *   past MAX_INLINE_DEPTH, the inner marks are shown as written;
 * - a setext heading is looked for from every line of a list item's text,
 *   each time to the end of its paragraph: only where an underline is near;
 * - a quote that alternates marked and lazy lines (`> a` / `b`) thousands of
 *   times is cut into thousands of chunks, each copying the rest: such a
 *   quote is read with every line marked;
 * - a list item of thousands of lines: marked joins its lines one at a time,
 *   and each join copies what is already joined (String#endsWith and
 *   #includes flatten the growing string). Past a budget of copying, or of
 *   lazy lines (unindented ones that continue an item), TooDeep;
 * - lines that open hundreds of quotes or lists (marked's time grows with the
 *   cube of list depth): TooDeep tells the caller to show plain text.
 * Ordinary articles are tokenized exactly as marked does (a property test
 * compares the two).
 */

/** Failed searches for a closing mark may scan this many times the text's length in all. */
const EMPHASIS_BUDGET = 16;
const MAX_INLINE_DEPTH = 64;
/** marked may copy this many characters joining the lines of list items (a real item: a few thousand). */
const JOIN_BUDGET = 16_000_000;

/** The text is shaped past what can be laid out in reasonable time; `message` says how, for a warning. */
export class TooDeep extends Error {
  constructor(message = 'nested too deeply to lay out; shown as plain text') {
    super(message);
  }
}

const TOO_LONG = 'a list item too long to lay out; shown as plain text';

// A line that opens hundreds of quotes or lists.
const TOO_DEEP = /^(?:[ \t]|[>*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])){256}/m;

/** A note of a GFM footnote, in order of first reference; `id` is its number. */
export interface FootnoteItem {
  label: string;
  id: string;
  content: Token[];
}

export interface Lexed {
  /** The blocks; footnote definitions stay where they were written, as tokens of type `footnote`. */
  tokens: Token[];
  /** The notes that the text refers to, numbered in order of first reference. */
  footnotes: FootnoteItem[];
  /** The bounds that were reached, for a warning. */
  warnings: string[];
}

/**
 * Parses Markdown into block tokens with a fresh, bounded parser, never the
 * shared one. Throws TooDeep. To be shown, the text is made safe first
 * (sanitizeBody): lexing keeps whatever it is given.
 */
export function lex(text: string): Lexed {
  if (TOO_DEEP.test(text)) throw new TooDeep();
  if (lazyListCost(text) > JOIN_BUDGET) throw new TooDeep(TOO_LONG);
  const tokenizer = new BoundedTokenizer(text.length);
  try {
    const lexed = new BoundedLexer({ ...getDefaults(), gfm: true, tokenizer, extensions: text.includes('[^') ? footnoteExtensions() : null }).lex(markLazyQuotes(text));
    const { tokens, footnotes } = takeFootnotes(lexed);
    const warnings: string[] = [];
    if (tokenizer.tooDeep) warnings.push(`emphasis nested more than ${MAX_INLINE_DEPTH} levels deep; the inner marks are shown as written`);
    if (tokenizer.spent > tokenizer.budget) warnings.push('too many unmatched emphasis marks to lay out; the rest are shown as written');
    return { tokens, footnotes, warnings };
  } catch (error) {
    // Recursion that still overflows (nesting of another kind): too deep all the same.
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw new TooDeep(overflowed(text));
    throw error;
  }
}

/** Parses a run of inline Markdown (a heading's text) with the same bounds as `lex`. */
export function lexInline(text: string): Token[] {
  return new BoundedLexer({ ...getDefaults(), gfm: true, tokenizer: new BoundedTokenizer(text.length) }).inlineTokens(text);
}

/**
 * GFM footnotes through marked-footnote, made afresh for each text that
 * holds a `[^`: it keeps its notes in the extension. Its tokenizer for
 * `[^label]` looks for the closing `]` from every `[^`; here the text is
 * cut at the first `]` or line break, found once per paragraph, so a run
 * of `[^` stays linear.
 */
function footnoteExtensions(): Lexer['options']['extensions'] {
  // No description: the token's raw then holds only what marked appends to it (below).
  const extension: MarkedExtension = markedFootnote({ description: '' });
  for (const each of extension.extensions ?? []) {
    if (each.name === 'footnote' && 'tokenizer' in each && each.tokenizer) {
      const tokenize = each.tokenizer;
      (each as TokenizerExtension).tokenizer = function (this: ThisParameterType<TokenizerExtension['tokenizer']>, src: string, tokens: Token[]) {
        const lazy = src.startsWith('[^') ? withLazyLines(src) : null;
        if (!lazy) return tokenize.call(this, src, tokens);
        const token = tokenize.call(this, lazy.text, tokens);
        if (token) token.raw = src.slice(0, lazy.original(token.raw.length));
        return token;
      };
      continue;
    }
    if (each.name !== 'footnoteRef' || !('tokenizer' in each) || !each.tokenizer) continue;
    const tokenize = each.tokenizer;
    (each as TokenizerExtension).tokenizer = function (this: ThisParameterType<TokenizerExtension['tokenizer']>, src: string, tokens: Token[]) {
      if (!src.startsWith('[^')) return undefined;
      const inline = this.lexer instanceof BoundedLexer ? this.lexer.texts.at(-1) : undefined;
      const at = inline ? inline.offset(src) : -1;
      if (!inline || at === -1) return tokenize.call(this, src, tokens);
      const end = inline.labelEnd(at + 2);
      if (end === -1 || inline.text[end] !== ']') return undefined;
      return tokenize.call(this, src.slice(0, end - at + 1), tokens);
    };
  }
  return new Marked().use(extension).defaults.extensions;
}

const NOTE_LINE = /^\[\^[^\]\n]+\]:[ \t]*\S/;
const NOTE_INDENT = /^(?: {4}|\t)/;
const FENCE = /^(?: {4}|\t) {0,3}(?:`{3}|~{3})/;
// A line that would go on a paragraph: not blank, not indented as code, not the start of another block.
const LAZY = /^ {0,3}(?![>#*+=_|<~`\s-]|\d{1,9}[.)]|\[\^[^\]\n]*\]:)\S/;

/**
 * The text of a footnote whose paragraph goes on over unindented lines
 * (`[^1]: one` / `two`), with those lines indented, as marked-footnote
 * needs them to take them into the note; GFM takes such lazy lines, as it
 * does in a list item. Null when there are none. The text stops where the
 * note does, so that nothing past it is copied; `original` maps a length
 * in it back to one in the source.
 */
function withLazyLines(src: string): { text: string; original: (length: number) => number } | null {
  let end = src.indexOf('\n');
  if (end === -1 || !NOTE_LINE.test(src.slice(0, end))) return null;
  const lines = [src.slice(0, end)];
  let length = end;
  const lazyAt: number[] = [];
  let paragraph = true;
  for (let at = end + 1; at < src.length; at = end + 1) {
    end = src.indexOf('\n', at);
    if (end === -1) end = src.length;
    const line = src.slice(at, end);
    if (line.trim() === '') {
      paragraph = false;
    } else if (NOTE_INDENT.test(line)) {
      // Code inside a note: left to marked-footnote as it is.
      if (FENCE.test(line)) return null;
      paragraph = true;
    } else if (paragraph && LAZY.test(line)) {
      lazyAt.push(length + 1);
      lines.push(`    ${line}`);
      length += line.length + 5;
      continue;
    } else {
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (lazyAt.length === 0) return null;
  const text = `${lines.join('\n')}\n`;
  return { text, original: (length) => length - 4 * lazyAt.filter((start) => start < length).length };
}

/**
 * marked-footnote puts one `footnotes` token first in the top-level blocks,
 * with the notes referred to; it moves it last only when marked parses. It
 * is taken out here, whatever it holds.
 */
function takeFootnotes(tokens: Token[]): { tokens: Token[]; footnotes: FootnoteItem[] } {
  const first = tokens[0];
  if (first?.type !== 'footnotes') return { tokens, footnotes: [] };
  const items = (first as Token & { items?: Array<{ label: string; refs: Array<{ id: string }>; content: Token[] }> }).items ?? [];
  // marked adds a one-line space to the block before it, which was this token: it goes back to being a space.
  const rest = first.raw === '' ? tokens.slice(1) : [{ type: 'space', raw: first.raw } as Token, ...tokens.slice(1)];
  return {
    tokens: rest,
    footnotes: items.map((item) => ({ label: item.label, id: item.refs[0]?.id ?? '', content: item.content })),
  };
}

/** A paragraph past this many characters may overflow the stack of marked's block patterns. */
const LONG_BLOCK = 1_000_000;

/** Why marked's recursion overflowed: a block of text too long for its patterns, or nesting of another kind. */
export function overflowed(text: string): string | undefined {
  let longest = 0;
  const blank = /\n[ \t]*(?=\n)/g;
  let from = 0;
  for (let match = blank.exec(text); match; match = blank.exec(text)) {
    longest = Math.max(longest, match.index - from);
    from = match.index + match[0].length;
  }
  longest = Math.max(longest, text.length - from);
  if (longest <= LONG_BLOCK) return undefined;
  return `a paragraph of ${(longest / 1_000_000).toFixed(1)} million characters is too long to lay out; shown as plain text`;
}

/** marked's lexer, keeping the text of the paragraph (or cell, or heading) being tokenized inline. */
class BoundedLexer extends Lexer {
  readonly texts: Inline[] = [];
  /** Lines of text joined one at a time in a container: how long the current run is, where it ended, what joining has copied. */
  joined = { run: 0, end: -1, copied: 0 };

  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    this.texts.push(new Inline(src));
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.texts.pop();
    }
  }
}

class BoundedTokenizer extends Tokenizer {
  readonly budget: number;
  spent = 0;
  tooDeep = false;
  private depth = 0;

  constructor(length: number) {
    super();
    this.budget = EMPHASIS_BUDGET * (length + 1024);
  }

  private current(src: string): { inline: Inline; at: number } | null {
    const inline = this.lexer instanceof BoundedLexer ? this.lexer.texts.at(-1) : undefined;
    const at = inline ? inline.offset(src) : -1;
    return inline && at !== -1 ? { inline, at } : null;
  }

  /**
   * Runs a search for closing marks within the budget and the depth. Only
   * text that starts with one of `marks` opens a search: marked asks at
   * every stop of a paragraph (a `[`, a `<`), and those cost nothing.
   */
  private bounded<T>(src: string, marks: string, search: () => T | undefined): T | undefined {
    if (!marks.includes(src.charAt(0))) return search();
    if (this.depth >= MAX_INLINE_DEPTH) {
      this.tooDeep = true;
      return undefined;
    }
    if (this.spent > this.budget) return undefined;
    this.depth++;
    try {
      const token = search();
      if (!token) this.spent += src.length;
      return token;
    } finally {
      this.depth--;
    }
  }

  override emStrong(src: string, maskedSrc: string, prevChar?: string): Tokens.Em | Tokens.Strong | undefined {
    return this.bounded(src, '*_', () => super.emStrong(src, maskedSrc, prevChar));
  }

  override del(src: string, maskedSrc: string, prevChar?: string): Tokens.Del | undefined {
    return this.bounded(src, '~', () => super.del(src, maskedSrc, prevChar));
  }

  override lheading(src: string): Tokens.Heading | undefined {
    return underlineNear(src) ? super.lheading(src) : undefined;
  }

  /** A line of text in a list item, which marked joins to the text before it: the copying that costs is counted. */
  override text(src: string): Tokens.Text | undefined {
    const token = super.text(src);
    if (token && !this.lexer.state.top && this.lexer instanceof BoundedLexer) {
      const joined = this.lexer.joined;
      // Only a line break between this line and the last one: the same run of text.
      joined.run = src.length === joined.end - 1 ? joined.run + token.raw.length + 1 : token.raw.length;
      joined.end = src.length - token.raw.length;
      joined.copied += joined.run;
      if (joined.copied > JOIN_BUDGET) throw new TooDeep(TOO_LONG);
    }
    return token;
  }

  override tag(src: string): Tokens.Tag | undefined {
    const here = this.current(src);
    if (here) {
      // `<!-->` and `<!--->` are whole comments; others need their closer after the opener.
      for (const [open, close] of UNBOUNDED_TAGS) {
        if (src.startsWith(open) && !/^<!---?>/.test(src) && !here.inline.closes(close, here.at + open.length - 1)) return undefined;
      }
      if (/^<![a-zA-Z]/.test(src) && !here.inline.closes('>', here.at)) return undefined;
    }
    return super.tag(src);
  }

  override url(src: string): Tokens.Link | undefined {
    const here = this.current(src);
    // Its address branch is the one that scans: tried once per `@`, and only when a run reaches one.
    if (here && !/^(?:mailto:|xmpp:|[hH][tT][tT][pP][sS]?:\/\/|[fF][tT][pP]:\/\/|www\.)/.test(src)) {
      const atSign = here.inline.urlAt(here.at);
      if (atSign === -1 || here.inline.failedAddresses.has(atSign)) return undefined;
      const token = super.url(src);
      if (!token) here.inline.failedAddresses.add(atSign);
      return token;
    }
    return super.url(src);
  }

  /**
   * marked's text pattern, with its e-mail look-aheads answered from what
   * Inline worked out: the end of the text is found here, and marked's own
   * tokenizer is handed exactly that text.
   */
  override inlineText(src: string): Tokens.Text | undefined {
    const here = this.current(src);
    if (!here) return super.inlineText(src);
    const { inline, at } = here;
    // A non-alphanumeric character right before `mailto:` or `xmpp:` is text alone.
    if (/^[^a-zA-Z0-9](?:mailto|xmpp):/.test(src)) return super.inlineText(src.slice(0, 1));
    const first = src[0] === '`' || src[0] === '~' ? /^(?:`+|~+)/.exec(src)![0].length : 1;
    // Its first alternatives end the text right after its first characters.
    HARD_BREAK.lastIndex = first;
    if (first >= src.length || src[first] === '`' || src[first] === '~' || HARD_BREAK.test(src) || inline.reachesAt(at + first)) {
      return super.inlineText(src.slice(0, first));
    }
    const stop = inline.textStop(at + first);
    const address = inline.addressStop(at + first);
    const end = address !== -1 && address < stop.at ? address + 1 : stop.at + stop.length;
    return super.inlineText(src.slice(0, end - at));
  }
}

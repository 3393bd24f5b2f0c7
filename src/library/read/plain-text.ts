import { decodeHTMLStrict } from 'entities';
import type { Token } from 'marked';
import { lexInline } from './lexer.js';

// What CommonMark counts as a character reference: a known name, or a code
// point of at most 7 decimal or 6 hexadecimal digits, always with its `;`.
const REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Decodes HTML entities the way CommonMark does (`&copy;` yes, `&copy` and `&#87654321;` no). */
export function decodeEntities(text: string): string {
  return text.includes('&') ? text.replace(REFERENCE, (reference) => decodeHTMLStrict(reference)) : text;
}

/** The text of a run of Markdown, entities decoded, without any markup. */
export function plainInline(markdown: string): string {
  return inlineText(lexInline(markdown)).replace(/\s+/g, ' ').trim();
}

/** The text of inline tokens as a reader sees it. */
export function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) out += tokenText(token);
  return out;
}

function tokenText(token: Token): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? inlineText(token.tokens) : decodeEntities(token.text);
    case 'escape':
    case 'codespan':
      return token.text;
    case 'br':
      return ' ';
    case 'html':
      return '';
    default: {
      const inner = children(token);
      return inner ? inlineText(inner) : '';
    }
  }
}

/** The nested tokens of a token, when it has any. */
export function children(token: Token): Token[] | undefined {
  return 'tokens' in token && Array.isArray(token.tokens) ? token.tokens : undefined;
}

import { decodeHTML } from 'entities';
import { Lexer, type Token } from 'marked';

/** The text of a run of Markdown, entities decoded, without any markup. */
export function plainInline(markdown: string): string {
  return inlineText(Lexer.lexInline(markdown)).replace(/\s+/g, ' ').trim();
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
      return token.tokens ? inlineText(token.tokens) : decodeHTML(token.text);
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

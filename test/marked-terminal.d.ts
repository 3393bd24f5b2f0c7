// marked-terminal ships no types; the test of the README's design choices uses only this.
declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';
  export function markedTerminal(options?: { width?: number; reflowText?: boolean; showSectionPrefix?: boolean }): MarkedExtension;
}

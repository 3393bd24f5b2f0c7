import { Chalk } from 'chalk';
import type { ColorLevel } from '../types.js';
import type { Highlighter } from './markdown.js';

/**
 * Code highlighting with emphasize (highlight.js grammars through lowlight,
 * chalk 5 for the colours). Its import costs about 120 ms, so it is loaded
 * only when an article has a fenced code block and colour is on. An unknown
 * language gives null: the block is shown in the plain code style, silently.
 */
export async function loadHighlighter(level: ColorLevel): Promise<Highlighter> {
  const { common, createEmphasize } = await import('emphasize');
  const emphasize = createEmphasize(common);
  const c = new Chalk({ level });
  // hljs scopes → styles, in the mid-tone colours of theme.ts (no yellow or cyan).
  const sheet = {
    keyword: c.bold,
    built_in: c.magenta,
    type: c.magenta,
    literal: c.red,
    number: c.red,
    string: c.green,
    regexp: c.red,
    symbol: c.red,
    comment: c.dim,
    doctag: c.dim.bold,
    meta: c.dim,
    title: c.bold,
    'title.function': c.bold,
    'title.class': c.bold,
    attr: c.blue,
    attribute: c.blue,
    variable: c.red,
    'template-variable': c.red,
    params: (text: string) => text,
    section: c.bold.blue,
    bullet: c.blue,
    name: c.bold,
    'selector-tag': c.bold,
    'selector-class': c.magenta,
    'selector-id': c.magenta,
    addition: c.green,
    deletion: c.red,
    emphasis: c.italic,
    strong: c.bold,
    link: c.underline,
  };
  return (code, lang) => {
    if (!emphasize.registered(lang)) return null;
    try {
      return emphasize.highlight(lang, code, sheet).value;
    } catch {
      return null;
    }
  };
}

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
  // hljs scopes → styles; the basic colours read on dark and light terminals.
  const sheet = {
    keyword: c.blue,
    built_in: c.cyan,
    type: c.cyan,
    literal: c.magenta,
    number: c.magenta,
    string: c.green,
    regexp: c.red,
    symbol: c.magenta,
    comment: c.dim,
    doctag: c.dim.bold,
    meta: c.dim,
    title: c.bold,
    'title.function': c.bold,
    'title.class': c.bold,
    attr: c.yellow,
    attribute: c.yellow,
    variable: c.red,
    'template-variable': c.red,
    params: (text: string) => text,
    section: c.bold.blue,
    bullet: c.cyan,
    name: c.blue,
    'selector-tag': c.blue,
    'selector-class': c.yellow,
    'selector-id': c.yellow,
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

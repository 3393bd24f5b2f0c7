/**
 * A web page saved as plain text, made into Markdown. Such a file is a run of
 * blocks separated by blank lines: maybe the section's name, the title (often
 * twice), then paragraphs and short sub-heading lines, and at the end the
 * site's chrome (links to comments, back to top, a promotion, a call to
 * subscribe). Everything the article says is kept word for word; a line is
 * dropped only when it is plainly chrome, and only at the edges of the text.
 */
import type { Imported } from './article.js';
import { escapeMarkdown } from './escape.js';
import { sameText } from '../library/fold.js';
import { trimChars } from '../text.js';

// Spaces a saved page leaves on "empty" lines: no-break, narrow, figure, zero-width, BOM.
const BLANK = /^[\s\u00a0\u2007\u202f\u200b\ufeff]*$/;
// A line that is only a navigation word (arrows and a count aside).
const NAVIGATION =
  /^[\s↑▲^·|>»«<-]*(?:haut(?: de (?:la )?page)?|retour en haut(?: de (?:la )?page)?|top|back to top|commentaires?|comments?|réagir|partager|share|imprimer|print|menu|accueil|home|sommaire|suivant|précédent|next|previous|publicité|advertisement|fermer|close)[\s↑▲^·|>»«<-]*(?:\(\d+\))?$/iu;
// A call to subscribe or to follow the site.
const CALL = /\b(?:abonnez[- ]vous|inscrivez[- ]vous|suivez[- ]nous|rejoignez[- ]nous|s[’']abonner|newsletter|subscribe|follow us|sign up)\b/iu;
const SHORT = 160;
// Sentence-ending punctuation: a line ending so is prose, not a heading. A question mark may end a heading.
const PROSE_END = /[.,;:!…»”"')\]]$/u;
const HEADING_START = /^[\p{Lu}\p{N}«“"„]/u;
const QUOTATION = /^(?:“[^”]*”|«[^»]*»|„[^“]*“|"[^"]*")$/u;

export interface TextHints {
  title?: string;
  section?: string;
}

export function textToArticle(text: string, hints: TextHints = {}): Imported {
  let blocks = toBlocks(text);
  blocks = dropLeadingChrome(blocks);
  blocks = dropTrailingChrome(blocks);

  let section: string | null = null;
  let title: string | null = hints.title ?? null;
  const first = blocks[0];
  if (hints.section !== undefined && first && first.length === 1 && sameText(first[0]!, hints.section)) {
    blocks = blocks.slice(1);
  } else if (hints.section === undefined && looksLikeSection(blocks)) {
    section = blocks[0]![0]!;
    blocks = blocks.slice(1);
  }
  if (title === null && blocks[0] && isHeadingLine(blocks[0])) {
    title = blocks[0][0]!;
    blocks = blocks.slice(1);
  }
  // The title said again, as saved pages often do (or the one given said at all): kept once.
  while (title !== null && blocks[0]?.length === 1 && sameText(blocks[0][0]!, title)) blocks = blocks.slice(1);

  const parts: string[] = [];
  if (title !== null) parts.push(`# ${escapeMarkdown(title)}`);
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    if (isHeadingLine(block) && next !== undefined && !isHeadingLine(next)) parts.push(`## ${escapeMarkdown(block[0]!)}`);
    else if (QUOTATION.test(block.join(' '))) parts.push(block.map((line) => `> ${escapeMarkdown(line)}`).join('\n'));
    else parts.push(block.map(escapeMarkdown).join('\n'));
  });
  return { title, section, body: parts.length > 0 ? `${parts.join('\n\n')}\n` : '', text: blocks.flat().join('\n') };
}

/** Lines grouped into blocks at blank lines; trailing spaces dropped. */
function toBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = trimChars(raw, ' \t', 'end');
    if (BLANK.test(line)) {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function isNavigation(line: string): boolean {
  return NAVIGATION.test(line.trim());
}

function isCall(line: string): boolean {
  return line.length <= SHORT && CALL.test(line);
}

/**
 * A block of the site's chrome: navigation words and calls to subscribe
 * only, or a short teaser for another page that ends in such a call
 * ("Que se passe-t-il en Tunisie? / … notre chaîne YouTube. Abonnez-vous!").
 */
function isChrome(block: string[]): boolean {
  if (block.every((line) => isNavigation(line) || isCall(line))) return true;
  return block.length <= 3 && block.every((line) => line.length <= SHORT) && isCall(block[block.length - 1]!);
}

function dropLeadingChrome(blocks: string[][]): string[][] {
  let start = 0;
  while (start < blocks.length && blocks[start]!.every(isNavigation)) start++;
  return blocks.slice(start);
}

function dropTrailingChrome(blocks: string[][]): string[][] {
  let end = blocks.length;
  while (end > 0 && isChrome(blocks[end - 1]!)) end--;
  return blocks.slice(0, end);
}

/** A single short line that does not end like a sentence (it may end with a question mark). */
function isHeadingLine(block: string[]): boolean {
  if (block.length !== 1) return false;
  const line = block[0]!.trim();
  return (
    line.length > 0 &&
    line.length <= 120 &&
    line.split(/\s+/).length <= 16 &&
    HEADING_START.test(line) &&
    !PROSE_END.test(line) &&
    !isNavigation(line) &&
    !isCall(line)
  );
}

/**
 * The section's name on the first line: a word or three on its own, before a
 * title that is said twice, or before a longer title and a paragraph.
 */
function looksLikeSection(blocks: string[][]): boolean {
  const [first, second, third] = blocks;
  if (!first || !second || !third || !isHeadingLine(first) || !isHeadingLine(second)) return false;
  const name = first[0]!.trim();
  if (name.split(/\s+/).length > 3 || name.length > 40 || /[?]$/.test(name)) return false;
  if (third.length === 1 && sameText(third[0]!, second[0]!)) return true;
  return second[0]!.length > name.length && !isHeadingLine(third);
}

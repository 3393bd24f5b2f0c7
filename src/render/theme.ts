import { Chalk, type ChalkInstance } from 'chalk';
import type { Role, StyleWord } from '../config.js';
import type { ColorLevel } from '../types.js';

export type Style = (text: string) => string;

/** The kinds of GitHub alert (`> [!NOTE]`). */
export type AlertKind = 'note' | 'tip' | 'important' | 'warning' | 'caution';

/**
 * Every style kiosk uses, from one Chalk instance with an explicit level.
 *
 * Only the 16 theme colours, so the terminal's own palette applies, and of
 * those only the two that read on every common default: WCAG contrast of
 * each colour against the background (test/palette.test.ts holds the table),
 * worst case over xterm (black on white, and reversed), GNOME Terminal (dark
 * and Tango light), iTerm2's defaults (dark and light) and Solarized (dark
 * and light):
 *
 *     magenta 3.3   red 3.0 (2.97)   bright blue 2.8   bright red 2.7
 *     green 2.2 (xterm on white)   blue 2.0 (GNOME dark; 2.1–2.2 xterm
 *     reversed and iTerm2 dark)   cyan 2.0   yellow 1.7
 *
 * Solarized's own foreground is 4.1–4.7, so 3.0 reads as a colour beside it.
 * Everything else is the terminal's foreground with an attribute (bold,
 * italic, underline, dim, inverse), which reads wherever the text does:
 * links are underlined, as on the web, rather than blue; quotations are
 * italic rather than green; inline code is magenta, for red says "error";
 * red is kept for warnings and, in highlighted code, for strings.
 */
export interface Theme {
  color: boolean;
  title: Style;
  byline: Style;
  heading: readonly [Style, Style, Style, Style, Style, Style];
  rule: Style;
  quoteBar: Style;
  quoteText: Style;
  attribution: Style;
  quotation: Style;
  emphasis: Style;
  strong: Style;
  strike: Style;
  code: Style;
  link: Style;
  address: Style;
  marker: Style;
  section: Style;
  slug: Style;
  date: Style;
  highlight: Style;
  /** The bar and label of each kind of alert. */
  alert: Readonly<Record<AlertKind, Style>>;
}

const plain: Style = (text) => text;

/** Roles restyled by the config file, each as its words (`bold`, `bright-blue`). */
export type Restyle = Partial<Record<Role, { value: readonly StyleWord[] }>>;

/** Each word of a style as chalk's: a fixed table, so no word from a file ever names a property of its own choosing. */
const CHALK: Record<StyleWord, (c: ChalkInstance) => ChalkInstance> = {
  black: (c) => c.black,
  red: (c) => c.red,
  green: (c) => c.green,
  yellow: (c) => c.yellow,
  blue: (c) => c.blue,
  magenta: (c) => c.magenta,
  cyan: (c) => c.cyan,
  white: (c) => c.white,
  'bright-black': (c) => c.blackBright,
  'bright-red': (c) => c.redBright,
  'bright-green': (c) => c.greenBright,
  'bright-yellow': (c) => c.yellowBright,
  'bright-blue': (c) => c.blueBright,
  'bright-magenta': (c) => c.magentaBright,
  'bright-cyan': (c) => c.cyanBright,
  'bright-white': (c) => c.whiteBright,
  bold: (c) => c.bold,
  dim: (c) => c.dim,
  italic: (c) => c.italic,
  underline: (c) => c.underline,
  inverse: (c) => c.inverse,
  strikethrough: (c) => c.strikethrough,
  plain: (c) => c,
};

function styleOf(c: ChalkInstance, words: readonly StyleWord[]): Style {
  if (words.every((word) => word === 'plain')) return plain;
  const chained = words.reduce((style, word) => CHALK[word](style), c);
  return (text) => chained(text);
}

/**
 * The styles of the roles a config may restyle, by default. A configured
 * heading style goes to every level; the default colour to level 1 alone.
 */
export const DEFAULT_STYLES: Readonly<Record<Role, readonly StyleWord[]>> = {
  title: ['bold', 'magenta'],
  heading: ['magenta'],
  'quote-bar': ['magenta'],
  quotation: ['italic'],
  link: ['underline'],
  code: ['magenta'],
  marker: ['magenta'],
};

/** What sets each heading level apart besides colour (see the rules and marks in blocks.ts). */
const HEADING_ATTRIBUTES: readonly (readonly StyleWord[])[] = [['bold'], ['bold'], ['bold', 'italic'], ['italic'], ['italic'], ['italic']];

/** Each level's style: its attributes, and `words` for the first `levels` levels. */
function headings(c: ChalkInstance, words: readonly StyleWord[], levels: number): Theme['heading'] {
  const rank = (at: number): Style => styleOf(c, [...HEADING_ATTRIBUTES[at]!, ...(at < levels ? words : [])]);
  return [rank(0), rank(1), rank(2), rank(3), rank(4), rank(5)];
}

export function createTheme(level: ColorLevel, restyle: Restyle = {}): Theme {
  const theme = defaultTheme(level);
  if (level === 0) return theme;
  const c = new Chalk({ level });
  const { title, heading, quotation, link, code, marker } = restyle;
  const quoteBar = restyle['quote-bar'];
  return {
    ...theme,
    ...(title && { title: styleOf(c, title.value) }),
    // A heading's style comes on top of its level's attributes, so the levels stay apart.
    ...(heading && { heading: headings(c, heading.value, 6) }),
    ...(quoteBar && { quoteBar: styleOf(c, quoteBar.value) }),
    ...(quotation && { quotation: styleOf(c, quotation.value) }),
    ...(link && { link: styleOf(c, link.value) }),
    ...(code && { code: styleOf(c, code.value) }),
    ...(marker && { marker: styleOf(c, marker.value) }),
  };
}

function defaultTheme(level: ColorLevel): Theme {
  if (level === 0) {
    return {
      color: false,
      title: plain,
      byline: plain,
      heading: [plain, plain, plain, plain, plain, plain],
      rule: plain,
      quoteBar: plain,
      quoteText: plain,
      attribution: plain,
      quotation: plain,
      emphasis: plain,
      strong: plain,
      strike: plain,
      code: plain,
      link: plain,
      address: plain,
      marker: plain,
      section: plain,
      slug: plain,
      date: plain,
      highlight: plain,
      alert: { note: plain, tip: plain, important: plain, warning: plain, caution: plain },
    };
  }
  const c = new Chalk({ level });
  return {
    color: true,
    title: styleOf(c, DEFAULT_STYLES.title),
    byline: c.dim,
    // Beside their styles, h1 to h3 have a rule under them (═, ─, ┈), h4 on a mark ▸.
    heading: headings(c, DEFAULT_STYLES.heading, 1),
    rule: c.dim,
    quoteBar: styleOf(c, DEFAULT_STYLES['quote-bar']),
    quoteText: c.italic,
    attribution: c.dim,
    quotation: styleOf(c, DEFAULT_STYLES.quotation),
    emphasis: c.italic,
    strong: c.bold,
    strike: c.strikethrough,
    code: styleOf(c, DEFAULT_STYLES.code),
    link: styleOf(c, DEFAULT_STYLES.link),
    address: c.dim,
    marker: styleOf(c, DEFAULT_STYLES.marker),
    section: c.bold.magenta,
    slug: c.bold,
    date: c.dim,
    highlight: c.bold.inverse,
    // GitHub's kinds, each with its mark and label (see blocks.ts), in the two colours that read everywhere.
    alert: { note: c.bold, tip: c.bold, important: c.magenta, warning: c.red, caution: c.bold.red },
  };
}

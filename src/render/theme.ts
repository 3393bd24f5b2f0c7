import { Chalk } from 'chalk';
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

export function createTheme(level: ColorLevel): Theme {
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
    title: c.bold.magenta,
    byline: c.dim,
    // Beside their styles, h1 to h3 have a rule under them (═, ─, ┈), h4 on a mark ▸.
    heading: [c.bold.magenta, c.bold, c.bold.italic, c.italic, c.italic, c.italic],
    rule: c.dim,
    quoteBar: c.magenta,
    quoteText: c.italic,
    attribution: c.dim,
    quotation: c.italic,
    emphasis: c.italic,
    strong: c.bold,
    strike: c.strikethrough,
    code: c.magenta,
    link: c.underline,
    address: c.dim,
    marker: c.magenta,
    section: c.bold.magenta,
    slug: c.bold,
    date: c.dim,
    highlight: c.bold.inverse,
    // GitHub's kinds, each with its mark and label (see markdown.ts), in the two colours that read everywhere.
    alert: { note: c.bold, tip: c.bold, important: c.magenta, warning: c.red, caution: c.bold.red },
  };
}

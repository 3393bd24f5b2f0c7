import { Chalk } from 'chalk';
import type { ColorLevel } from '../types.js';

export type Style = (text: string) => string;

/** The kinds of GitHub alert (`> [!NOTE]`). */
export type AlertKind = 'note' | 'tip' | 'important' | 'warning' | 'caution';

/**
 * Every style kiosk uses, from one Chalk instance with an explicit level. The
 * basic colours and attributes only, so the terminal's own palette applies;
 * and of those only the mid-tone ones (red, green, blue, magenta): yellow and
 * cyan fade on a light background, as white and black do on one side or the
 * other.
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
    heading: [c.bold.magenta, c.bold.blue, c.bold, c.bold.italic, c.italic, c.italic],
    rule: c.dim,
    quoteBar: c.magenta,
    quoteText: c.italic,
    attribution: c.dim,
    quotation: c.green,
    emphasis: c.italic,
    strong: c.bold,
    strike: c.strikethrough,
    code: c.red,
    link: c.underline.blue,
    address: c.dim,
    marker: c.magenta,
    section: c.bold.blue,
    slug: c.bold,
    date: c.dim,
    highlight: c.bold.inverse,
    // GitHub's colours, but warnings red rather than a yellow that fades on light backgrounds; its mark tells it from caution.
    alert: { note: c.blue, tip: c.green, important: c.magenta, warning: c.red, caution: c.bold.red },
  };
}

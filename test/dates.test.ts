import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDay, isoDate } from '../src/library/read/dates.js';

/** What Date says of a day: it exists when Date gives it back unchanged. */
function byDate(year: string, month: string, day: string): string | null {
  const parsed = new Date(`${year}-${month}-${day}T00:00:00Z`);
  const date = `${year}-${month}-${day}`;
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

describe('isoDate', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('agrees with Date on every day of any year, and on days that do not exist', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const [year, month, day] = [pad(y, 4), pad(m, 2), pad(d, 2)];
        expect(isoDate(`${year}-${month}-${day}`)).toBe(byDate(year, month, day));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['1900-02-29', null],
    ['2000-02-29', '2000-02-29'],
    ['2024-04-31', null],
    ['2024-12-31T23:59:59+02:00', '2024-12-31'],
    [' 2024-01-05 ', '2024-01-05'],
    ['2024-13-01', null],
    ['2024-00-10', null],
    ['2024-1-5', null],
  ])('%j → %j', (text, expected) => {
    expect(isoDate(text)).toBe(expected);
  });
});

describe('isIsoDay', () => {
  it('holds exactly when isoDate gives the text back unchanged, for any text', () => {
    // Dates, near-dates (other digits, separators and lengths) and anything at all.
    const nearDate = fc.stringMatching(/^[0-9٣-]{8,12}$/);
    fc.assert(
      fc.property(fc.oneof(nearDate, fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))), (text) => {
        expect(isIsoDay(text)).toBe(isoDate(text) === text);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each(['2024-02-29', '0000-01-01', '9999-12-31'])('%s is a day', (text) => expect(isIsoDay(text)).toBe(true));
  it.each(['2023-02-29', '2024-1-05', '2024/01/05', ' 2024-01-05', '2024-01-05T10:00Z', '2024-0a-05', '٢٠٢٤-٠١-٠٥'])('%j is not', (text) =>
    expect(isIsoDay(text)).toBe(false),
  );
});

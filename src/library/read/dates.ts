const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `YYYY-MM-DD` of an ISO date or date-time that exists, else null. */
export function isoDate(text: string): string | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  // By arithmetic, not through Date: a listing checks each of thousands of cached dates.
  return exists(Number(year), Number(month), Number(day)) ? `${year}-${month}-${day}` : null;
}

/** Whether `text` is exactly a day as isoDate gives it (`YYYY-MM-DD`, a day that exists), read without a regex or a copy. */
export function isIsoDay(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && exists(year, month, day);
}

const DASH = 45;

/** The number written by the digits from `start` to `end`; -1 when one of them is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether the day is in the proleptic Gregorian calendar, as ISO 8601 and Date count. */
function exists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS[month - 1]!);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

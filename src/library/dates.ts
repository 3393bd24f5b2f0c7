const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `YYYY-MM-DD` of an ISO date or date-time that exists, else null. */
export function isoDate(text: string): string | null {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  // By arithmetic, not through Date: a listing checks each of thousands of cached dates.
  return exists(Number(year), Number(month), Number(day)) ? `${year}-${month}-${day}` : null;
}

/** Whether the day is in the proleptic Gregorian calendar, as ISO 8601 and Date count. */
function exists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS[month - 1]!);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

import { addDays, isIsoDate, isoWeekday, type IsoDate } from './dates.js';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The words `--date` understands besides YYYY-MM-DD, for help and error messages. */
export const dateWords = ['today', 'tomorrow', 'yesterday', ...weekdays] as const;

/**
 * Resolves a `--date` value against today: YYYY-MM-DD, `today`, `tomorrow`, `yesterday`, or a weekday
 * name (also its first three letters) meaning the next such day on or after today — the only reading
 * that is unambiguous for a schedule ("monday" on a Monday is today). Returns undefined when invalid.
 */
export function resolveDateWord(text: string, today: IsoDate): IsoDate | undefined {
  const word = text.trim().toLowerCase();
  if (isIsoDate(word)) return word;
  if (word === 'today') return today;
  if (word === 'tomorrow') return addDays(today, 1);
  if (word === 'yesterday') return addDays(today, -1);
  if (word.length < 3) return undefined;
  const index = weekdays.findIndex((d) => d.startsWith(word));
  if (index < 0) return undefined;
  const target = index + 1;
  return addDays(today, (target - isoWeekday(today) + 7) % 7);
}

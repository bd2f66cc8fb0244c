// Parsing the invoice flags that are not item selection.
import { UsageError } from '../errors.js';
import { resolveDateWord } from '../domain/date-words.js';
import { addDays, isIsoDate } from '../domain/dates.js';

export type SendChannels = 'sms' | 'email' | 'both' | 'none';

/** --send sms|email|both|none. */
export function parseSend(value: string | undefined): SendChannels {
  const v = (value ?? 'none').toLowerCase();
  if (v === 'sms' || v === 'email' || v === 'both' || v === 'none') return v;
  throw new UsageError(`--send must be sms, email, both or none, not "${value}".`);
}

/** --send-via trackstat|fortis (who delivers the link). */
export function parseSendVia(value: string | undefined): 'trackstat' | 'fortis' {
  const v = (value ?? 'trackstat').toLowerCase();
  if (v === 'trackstat' || v === 'fortis') return v;
  throw new UsageError(`--send-via must be trackstat or fortis, not "${value}".`);
}

/** --due DATE (or a word such as "friday"), else today + the configured number of days. */
export function dueDate(flag: string | undefined, today: string, defaultDays: number): string {
  if (flag === undefined) return addDays(today, defaultDays);
  const date = isIsoDate(flag) ? flag : resolveDateWord(flag, today);
  if (date === undefined)
    throw new UsageError(`--due must be a date such as 2026-12-01, not "${flag}".`);
  if (date < today) throw new UsageError(`--due ${date} is in the past.`);
  return date;
}

import { UsageError } from '../errors.js';

/** An age such as "3y": whole years, months or days. */
export interface Age {
  amount: number;
  unit: 'years' | 'months' | 'days';
  /** The text as typed, normalised (e.g. "3y"), for messages and the audit line. */
  text: string;
}

const units = { y: 'years', m: 'months', d: 'days' } as const;

/** Parses --older-than: 3y (years), 18m (months) or 90d (days); anything else is exit 2. */
export function parseAge(raw: string): Age {
  const m = /^\s*(\d{1,4})\s*([ymd])\s*$/i.exec(raw);
  const amount = Number(m?.[1]);
  const letter = m?.[2]?.toLowerCase() as keyof typeof units | undefined;
  if (!m || !letter || !Number.isInteger(amount) || amount < 1) {
    throw new UsageError(
      `--older-than must be an age such as 3y, 18m or 90d (got "${raw}").`,
      'Use y for years, m for months, d for days; the number must be at least 1.',
    );
  }
  return { amount, unit: units[letter], text: `${amount}${letter}` };
}

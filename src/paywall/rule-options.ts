// Parses the flags of `paywall set` into a rule (exit 2 with the reason on a bad value).
import { UsageError } from '../errors.js';
import { parseMoney } from '../ehr-import/values.js';
import { parseDurationMinutes } from './durations.js';
import type { PaywallMode } from './rules.js';

/** Default time before the appointment by which payment is due. */
export const defaultDueWithinMinutes = 24 * 60;

/** Checks --amount, --mode and --due-within. */
export function parseRuleOptions(opts: { amount: string; mode?: string; dueWithin?: string }): {
  amountCents: number;
  mode: PaywallMode;
  dueWithinMinutes: number;
} {
  const amount = parseMoney(opts.amount, false);
  if (!amount.ok) throw new UsageError(`--amount ${amount.reason}.`);
  if (amount.value <= 0) throw new UsageError('--amount must be more than zero.');
  const mode = (opts.mode ?? 'deposit').toLowerCase();
  if (mode !== 'deposit' && mode !== 'full') {
    throw new UsageError(`--mode must be deposit or full, not "${opts.mode}".`);
  }
  let dueWithinMinutes = defaultDueWithinMinutes;
  if (opts.dueWithin !== undefined) {
    const parsed = parseDurationMinutes(opts.dueWithin);
    if (parsed === undefined) {
      throw new UsageError(
        `--due-within must be a duration such as 24h, 90m or 2d, not "${opts.dueWithin}".`,
      );
    }
    dueWithinMinutes = parsed;
  }
  return { amountCents: amount.value, mode, dueWithinMinutes };
}

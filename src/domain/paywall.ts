/** A pay-wall rule for an appointment type (trackstat paywall set). */
export interface PaywallRuleFact {
  amountCents: number;
  mode: 'deposit' | 'full';
  dueWithinMinutes: number;
}

export type PaywallState = 'paid' | 'unpaid' | '';

export interface PaywallCheck {
  state: PaywallState;
  /** Unpaid and past its due time: the DEPOSIT_UNPAID flag. */
  overdue: boolean;
}

/**
 * Pay-wall state of one appointment. Payment is due `dueWithinMinutes` before the appointment starts
 * (`paywall set --due-within 24h` = paid at least a day ahead), so an appointment is flagged once
 * now ≥ start − due-within and nothing was paid. No rule for the type → blank and never flagged.
 */
export function paywallCheck(
  rule: PaywallRuleFact | undefined,
  paid: boolean,
  startUtc: string,
  now: Date,
): PaywallCheck {
  if (!rule) return { state: '', overdue: false };
  if (paid) return { state: 'paid', overdue: false };
  const start = Date.parse(startUtc);
  const due = start - rule.dueWithinMinutes * 60_000;
  return { state: 'unpaid', overdue: Number.isNaN(start) || now.getTime() >= due };
}

// Pay-wall rules per appointment type (paywall_rules). Types are checked against the imported
// schedule so a typo ("New Patent") cannot create a rule that never matches anything.
import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import { suggestions } from './suggest.js';

export type PaywallMode = 'deposit' | 'full';

export interface PaywallRule {
  type: string;
  amountCents: number;
  mode: PaywallMode;
  dueWithinMinutes: number;
  createdAt: string;
}

interface RuleRow {
  type: string;
  amount_cents: number;
  mode: PaywallMode;
  due_within_minutes: number;
  created_at: string;
}

const toRule = (r: RuleRow): PaywallRule => ({
  type: r.type,
  amountCents: r.amount_cents,
  mode: r.mode,
  dueWithinMinutes: r.due_within_minutes,
  createdAt: r.created_at,
});

/** The distinct appointment types of the imported schedule, sorted. */
export function appointmentTypes(db: Db): string[] {
  const rows = db
    .prepare('SELECT DISTINCT type FROM appointments WHERE removed = 0 ORDER BY type')
    .all() as Array<{ type: string }>;
  return rows.map((r) => r.type);
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The imported type the user meant (case and punctuation ignored), or exit 2 with suggestions. */
export function resolveAppointmentType(db: Db, typed: string): string {
  const known = appointmentTypes(db);
  if (known.length === 0) {
    throw new UsageError(
      `No appointment types are known yet, so "${typed}" cannot be checked.`,
      'Import the schedule first: trackstat import appointments FILE',
    );
  }
  const exact = known.find((k) => k.toLowerCase() === typed.trim().toLowerCase());
  if (exact) return exact;
  const loose = known.filter((k) => squash(k) === squash(typed));
  if (loose.length === 1 && loose[0] !== undefined) return loose[0];
  const near = suggestions(typed, known);
  throw new UsageError(
    `"${typed}" is not an appointment type in the imported schedule.`,
    near.length > 0
      ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Known types: ${known.join(', ')}.`
      : `Known types: ${known.join(', ')}.`,
  );
}

/** Creates or replaces the rule for a type. */
export function setRule(db: Db, rule: Omit<PaywallRule, 'createdAt'>, now: Date): PaywallRule {
  db.prepare(
    `INSERT INTO paywall_rules (type, amount_cents, mode, due_within_minutes, created_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(type) DO UPDATE SET type = excluded.type, amount_cents = excluded.amount_cents,
       mode = excluded.mode, due_within_minutes = excluded.due_within_minutes`,
  ).run(rule.type, rule.amountCents, rule.mode, rule.dueWithinMinutes, now.toISOString());
  const row = db.prepare('SELECT * FROM paywall_rules WHERE type = ?').get(rule.type) as RuleRow;
  return toRule(row);
}

/** Every rule, by type. */
export function listRules(db: Db): PaywallRule[] {
  return (db.prepare('SELECT * FROM paywall_rules ORDER BY type').all() as RuleRow[]).map(toRule);
}

/** Removes the rule for a type (case-insensitive); exit 2 naming the existing rules if none. */
export function removeRule(db: Db, type: string): string {
  const row = db.prepare('SELECT type FROM paywall_rules WHERE type = ?').get(type.trim()) as
    { type: string } | undefined;
  if (!row) {
    const existing = listRules(db).map((r) => r.type);
    throw new UsageError(
      `There is no pay-wall rule for "${type}".`,
      existing.length > 0 ? `Rules exist for: ${existing.join(', ')}.` : 'No rules are set.',
    );
  }
  db.prepare('DELETE FROM paywall_rules WHERE type = ?').run(row.type);
  return row.type;
}

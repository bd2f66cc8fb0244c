// `memberships.rules`: visits allowed per period for membership plans, by plan name, e.g.
// "Wellness Monthly=4/month;Wellness Weekly=1/week". Used for Cash Practice Wellness plans, whose
// API says nothing about visits (Cash Practice does not count visits; the EHR does).

export interface MembershipRule {
  name: string;
  visits: number;
  period: 'week' | 'month';
}

const rulePattern = /^(.+?)\s*=\s*(\d{1,3})\s*\/\s*(week|month|wk|mo)s?$/i;

/** Parses the rules text; returns the rules or the first problem as a sentence. */
export function parseMembershipRules(
  text: string,
): { ok: true; rules: MembershipRule[] } | { ok: false; reason: string } {
  const rules: MembershipRule[] = [];
  for (const part of text.split(/[;\n]/)) {
    const item = part.trim();
    if (item === '') continue;
    const m = rulePattern.exec(item);
    if (!m) {
      return {
        ok: false,
        // Read after "it" in the config error: "Invalid value for memberships.rules: it must …".
        reason: `must be NAME=VISITS/week or NAME=VISITS/month rules separated by ";" ("${item}" is not one)`,
      };
    }
    const unit = (m[3] ?? '').toLowerCase();
    rules.push({
      name: (m[1] ?? '').trim(),
      visits: Number(m[2]),
      period: unit.startsWith('w') ? 'week' : 'month',
    });
  }
  if (rules.length === 0)
    return { ok: false, reason: 'must contain at least one NAME=VISITS/period rule' };
  return { ok: true, rules };
}

/** Finds the allowance of a plan by name (case-insensitive, surrounding spaces ignored). */
export function membershipAllowance(
  rulesText: string | undefined,
): (planName: string) => { visits: number; period: 'week' | 'month' } | undefined {
  const parsed = rulesText ? parseMembershipRules(rulesText) : undefined;
  const byName = new Map<string, MembershipRule>();
  if (parsed?.ok) for (const r of parsed.rules) byName.set(r.name.toLowerCase(), r);
  return (planName) => {
    const rule = byName.get(planName.trim().toLowerCase());
    return rule ? { visits: rule.visits, period: rule.period } : undefined;
  };
}

import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  autoDebitSchema,
  carePlanSchema,
  parseRecord,
  patientSchema,
  toCarePlans,
  transactionSchema,
  type CarePlanWire,
} from '../../src/integrations/cashpractice/wire.js';
import {
  membershipAllowance,
  parseMembershipRules,
} from '../../src/sync/cashpractice-membership-rules.js';

function plan(over: Partial<Record<string, unknown>> = {}): CarePlanWire {
  return carePlanSchema.parse({
    id: 'cp_1',
    patient_ids: ['pat_1', 'pat_2', 'pat_1'],
    name: 'Wellness Weekly',
    type: 'wellness',
    total_visits: null,
    plan_months: null,
    start_date: '2026-01-31',
    status: 'active',
    updated_at: '2026-01-31T10:00:00Z',
    ...over,
  });
}

describe('memberships.rules', () => {
  it('parses NAME=VISITS/period rules separated by semicolons', () => {
    expect(parseMembershipRules('Wellness Monthly=4/month; Wellness Weekly = 1 / week')).toEqual({
      ok: true,
      rules: [
        { name: 'Wellness Monthly', visits: 4, period: 'month' },
        { name: 'Wellness Weekly', visits: 1, period: 'week' },
      ],
    });
  });

  it('explains a malformed rule', () => {
    const r = parseMembershipRules('Wellness=lots');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('NAME=VISITS/week');
  });

  it('matches plan names case-insensitively and ignores unknown names', () => {
    const allowance = membershipAllowance('Wellness Weekly=1/week');
    expect(allowance('  wellness weekly ')).toEqual({ visits: 1, period: 'week' });
    expect(allowance('Corrective')).toBeUndefined();
    expect(membershipAllowance(undefined)('Wellness Weekly')).toBeUndefined();
  });
});

describe('care plans → care plan records', () => {
  const rules = membershipAllowance('Wellness Weekly=1/week');

  it('makes one record per distinct patient; Wellness with an indefinite auto-debit is a membership', () => {
    const rows = toCarePlans(
      plan(),
      {},
      (_plan, patient) =>
        patient === 'pat_1' ? { autoDebitId: 'sch_1', indefinite: true } : undefined,
      rules,
    );
    expect(
      rows.map((r) => [r.upstreamId, r.kind, r.visitsAllowed, r.period, r.processorPlanId]),
    ).toEqual([
      ['cp_1:pat_1', 'membership', 1, 'week', 'sch_1'],
      // No auto-debit pays for pat_2's share: not a membership, a plan without visits counted.
      ['cp_1:pat_2', 'treatment', null, null, null],
    ]);
  });

  it('treats Corrective and Block as treatment plans ending after their plan months', () => {
    const [corrective] = toCarePlans(
      plan({ type: 'Corrective', total_visits: 36, plan_months: 1, patient_ids: ['pat_1'] }),
      {},
      () => ({ autoDebitId: 'sch_1', indefinite: false }),
      rules,
    );
    // Jan 31 + 1 month clamps to Feb 28; the plan ends the day before.
    expect(corrective).toMatchObject({
      kind: 'treatment',
      totalVisits: 36,
      endDate: '2026-02-27',
      careStatus: 'corrective',
    });
    const [block] = toCarePlans(
      plan({ type: 'block', total_visits: 10, plan_months: 12, patient_ids: ['pat_1'] }),
      {},
      () => undefined,
      rules,
    );
    expect(block).toMatchObject({
      kind: 'treatment',
      totalVisits: 10,
      endDate: '2027-01-30',
      careStatus: null,
    });
  });
});

describe('record validation fast path', () => {
  const samples: Array<[ZodType, Record<string, unknown>]> = [
    [
      patientSchema,
      {
        id: 'pat_1',
        tps_id: '1001',
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@example.com',
        mobile: null,
        status: 'active',
        updated_at: '2026-02-01T15:00:00Z',
        unknown: 1,
      },
    ],
    [
      transactionSchema,
      {
        id: 'o1',
        auto_debit_id: null,
        patient_id: 'pat_1',
        processed_at: '2026-02-01T15:00:00.5Z',
        amount_cents: 100,
        status: 'declined',
        decline_code: '05',
        description: 'Do not honor',
        updated_at: '2026-02-01T15:00:00Z',
      },
    ],
    [
      autoDebitSchema,
      {
        id: 'sch_1',
        patient_id: 'pat_1',
        billing_method_id: 'bm_1',
        amount_cents: 9900,
        frequency: 'monthly',
        payments_total: null,
        payments_made: 2,
        start_date: '2026-01-01',
        next_payment_date: null,
        status: 'active',
        paid_up: false,
        payments_short: 1,
        care_plan_id: null,
        group: 'Memberships',
        updated_at: '2026-02-01T15:00:00Z',
      },
    ],
  ];

  it('gives the same result as the lenient schema and leaves the raw record untouched', () => {
    for (const [schema, raw] of samples) {
      const copy = structuredClone(raw);
      expect(parseRecord(schema, raw, 'x')).toEqual(schema.parse(copy));
      expect(raw).toEqual(copy);
    }
  });

  it('falls back to the lenient schema for non-canonical records', () => {
    const [, patient] = samples[0]!;
    const odd = { ...patient, id: 7, tps_id: '', status: ' Active ', first_name: ' Ann ' };
    expect(parseRecord(patientSchema, odd, 'x')).toMatchObject({
      id: '7',
      tps_id: null,
      status: 'active',
      first_name: 'Ann',
      updated_at: '2026-02-01T15:00:00.000Z',
    });
  });
});

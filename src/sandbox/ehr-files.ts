import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { dayString } from './days.js';
import type { Practice } from './types.js';

/**
 * Writes the practice as the canonical EHR CSV files (DOMAIN.md §4). Hand-rolled quoting: the
 * values are our own (no newlines), the rule is the RFC 4180 one, and at 700,000 rows a
 * general-purpose CSV library costs seconds for nothing.
 */

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function money(cents: number | null): string {
  return cents === null ? '' : (cents / 100).toFixed(2);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Writes rows in ~1 MB chunks to keep memory flat. */
async function writeCsv<T>(
  path: string,
  header: readonly string[],
  rows: readonly T[],
  toCells: (row: T) => (string | number | boolean | null)[],
): Promise<void> {
  const handle = await open(path, 'w', 0o600);
  try {
    let chunk = `${header.join(',')}\n`;
    for (const row of rows) {
      chunk += `${toCells(row).map(cell).join(',')}\n`;
      if (chunk.length > 1_000_000) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

/** Writes patients/appointments/charges/insurance/balances/plans.csv into `dir` (which must exist). */
export async function writeEhrFiles(practice: Practice, dir: string): Promise<string[]> {
  const files: string[] = [];
  const target = (name: string): string => {
    const path = join(dir, name);
    files.push(path);
    return path;
  };
  await writeCsv(
    target('patients.csv'),
    [
      'account',
      'first_name',
      'last_name',
      'date_of_birth',
      'mobile',
      'email',
      'active',
      'location',
      'case_type',
      'tags',
      'do_not_contact',
      'sms_consent',
    ],
    practice.patients,
    (p) => [
      p.account,
      p.firstName,
      p.lastName,
      p.dateOfBirth,
      p.mobile,
      p.email,
      p.active,
      p.location,
      p.caseType,
      p.tags.join(';'),
      p.doNotContact,
      p.smsConsent,
    ],
  );
  await writeCsv(
    target('appointments.csv'),
    [
      'appointment_id',
      'account',
      'start',
      'duration_minutes',
      'provider',
      'type',
      'status',
      'location',
      'source',
    ],
    practice.appointments,
    (a) => [
      a.id,
      a.account,
      `${dayString(a.day)} ${pad2(Math.floor(a.minutes / 60))}:${pad2(a.minutes % 60)}`,
      a.duration,
      a.provider,
      a.type,
      a.status,
      a.location,
      a.source,
    ],
  );
  await writeCsv(
    target('charges.csv'),
    ['charge_id', 'account', 'date', 'code', 'description', 'fee', 'paid'],
    practice.charges,
    (c) => [
      c.id,
      c.account,
      dayString(c.day),
      c.code,
      c.description,
      money(c.feeCents),
      money(c.paidCents),
    ],
  );
  await writeCsv(
    target('insurance.csv'),
    ['account', 'carrier', 'plan', 'member_id', 'copay', 'coverage_end', 'priority'],
    practice.insurance,
    (i) => [
      i.account,
      i.carrier,
      i.plan,
      i.memberId,
      money(i.copayCents),
      i.coverageEnd,
      i.priority,
    ],
  );
  await writeCsv(
    target('balances.csv'),
    ['account', 'patient_balance', 'insurance_balance', 'as_of'],
    practice.balances,
    (b) => [b.account, money(b.patientCents), money(b.insuranceCents), b.asOf],
  );
  await writeCsv(
    target('plans.csv'),
    [
      'plan_id',
      'account',
      'kind',
      'name',
      'total_visits',
      'visits_allowed',
      'period',
      'target_per_week',
      'start_date',
      'end_date',
      'care_status',
      'processor_plan_id',
    ],
    practice.plans,
    (p) => [
      p.id,
      p.account,
      p.kind,
      p.name,
      p.totalVisits,
      p.visitsAllowed,
      p.period,
      p.targetPerWeek,
      p.startDate,
      p.endDate,
      p.careStatus,
      p.processorPlanId,
    ],
  );
  return files;
}

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayNumber, dayString, lastDayOfMonth, weekday } from '../../src/sandbox/days.js';
import { generatePractice, writeEhrFiles } from '../../src/sandbox/generator.js';
import type { Practice } from '../../src/sandbox/types.js';

const TODAY = '2026-11-27';
let practice: Practice;
let dir: string;

function csv(name: string): Record<string, string>[] {
  return parse(readFileSync(join(dir, name)), { columns: true }) as Record<string, string>[];
}

function header(name: string): string {
  return readFileSync(join(dir, name), 'utf8').split('\n')[0] as string;
}

beforeAll(async () => {
  practice = generatePractice({ seed: 42, patients: 400, today: TODAY, processors: 'both' });
  dir = mkdtempSync(join(tmpdir(), 'trackstat-gen-'));
  await writeEhrFiles(practice, dir);
});

describe('generated practice', () => {
  it('writes the canonical DOMAIN.md §4 columns', () => {
    expect(header('patients.csv')).toBe(
      'account,first_name,last_name,date_of_birth,mobile,email,active,location,case_type,tags,do_not_contact,sms_consent',
    );
    expect(header('appointments.csv')).toBe(
      'appointment_id,account,start,duration_minutes,provider,type,status,location,source',
    );
    expect(header('charges.csv')).toBe('charge_id,account,date,code,description,fee,paid');
    expect(header('insurance.csv')).toBe(
      'account,carrier,plan,member_id,copay,coverage_end,priority',
    );
    expect(header('balances.csv')).toBe('account,patient_balance,insurance_balance,as_of');
    expect(header('plans.csv')).toBe(
      'plan_id,account,kind,name,total_visits,visits_allowed,period,target_per_week,start_date,end_date,care_status,processor_plan_id',
    );
  });

  it('has 3-6 providers and appointment statuses consistent with dates', () => {
    expect(practice.providers.length).toBeGreaterThanOrEqual(3);
    expect(practice.providers.length).toBeLessThanOrEqual(6);
    const rows = csv('appointments.csv');
    expect(rows.length).toBeGreaterThan(400 * 15);
    for (const r of rows) {
      expect(r.start).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      const day = r.start!.slice(0, 10);
      if (day < TODAY)
        expect(['Completed', 'Missed', 'Cancelled', 'Rescheduled']).toContain(r.status);
      else if (day === TODAY) expect(['Checked in', 'Future']).toContain(r.status);
      else expect(r.status).toBe('Future');
    }
    const types = new Set(rows.map((r) => r.type));
    for (const t of ['Adjustment', 'New Patient', 'Re-Exam', 'Massage', 'Decompression'])
      expect(types.has(t)).toBe(true);
    const first = rows.map((r) => r.start!).sort()[0]!;
    expect(first >= '2025-11-27').toBe(true);
    const last = rows
      .map((r) => r.start!)
      .sort()
      .at(-1)!;
    expect(last <= '2026-12-27 23:59').toBe(true);
    const todays = rows.filter((r) => r.start!.startsWith(TODAY));
    expect(todays.some((r) => r.status === 'Checked in')).toBe(true);
    expect(todays.filter((r) => r.status === 'Future').length).toBeGreaterThan(
      todays.filter((r) => r.status === 'Checked in').length,
    );
  });

  it('writes money as 125.00 and links every row to a known account', () => {
    const accounts = new Set(csv('patients.csv').map((p) => p.account));
    for (const name of [
      'appointments.csv',
      'charges.csv',
      'insurance.csv',
      'balances.csv',
      'plans.csv',
    ]) {
      for (const r of csv(name)) expect(accounts.has(r.account)).toBe(true);
    }
    for (const c of csv('charges.csv')) {
      expect(c.fee).toMatch(/^\d+\.\d{2}$/);
      expect(c.paid).toMatch(/^\d+\.\d{2}$/);
    }
    const insured = new Set(csv('insurance.csv').map((i) => i.account));
    expect(insured.size / accounts.size).toBeGreaterThan(0.35);
    expect(insured.size / accounts.size).toBeLessThan(0.65);
  });

  it('gives Fortis contacts the EHR account number, except a few matched by e-mail', () => {
    const byAccount = new Map(practice.patients.map((p) => [p.account, p]));
    const emails = new Set(practice.patients.map((p) => p.email).filter((e) => e !== ''));
    const contacts = practice.fortis.contacts;
    expect(contacts.length / practice.patients.length).toBeGreaterThan(0.6);
    const withAccount = contacts.filter((c) => c.account_number !== null);
    for (const c of withAccount) {
      const p = byAccount.get(c.account_number as string)!;
      expect(p.lastName).toBe(c.last_name);
      expect(p.processor).toBe('fortis');
    }
    const without = contacts.filter((c) => c.account_number === null);
    expect(without.length).toBeGreaterThan(0);
    for (const c of without) expect(emails.has(c.email as string)).toBe(true);
    const cp = practice.cashpractice.patients;
    expect(cp.length).toBeGreaterThan(0);
    expect(
      cp
        .filter((p) => p.tps_id !== null)
        .every((p) => byAccount.get(p.tps_id as string)?.processor === 'cashpractice'),
    ).toBe(true);
  });

  it('spreads card expiries: expired, expiring within 30 days, fine, and patients with no card', () => {
    const today = dayNumber(TODAY);
    let expired = 0;
    let expiring = 0;
    let fine = 0;
    const contactsWithToken = new Set<string>();
    for (const t of practice.fortis.tokens) {
      contactsWithToken.add(t.contact_id as string);
      const exp = t.exp_date as string;
      expect(exp).toMatch(/^(0[1-9]|1[0-2])\d{2}$/);
      const through = lastDayOfMonth(2000 + Number(exp.slice(2)), Number(exp.slice(0, 2)));
      if (through < today) expired++;
      else if (through - today <= 30) expiring++;
      else fine++;
    }
    expect(expired).toBeGreaterThan(5);
    expect(expiring).toBeGreaterThan(5);
    expect(fine).toBeGreaterThan(expired + expiring);
    const noCard = practice.fortis.contacts.filter((c) => !contactsWithToken.has(c.id));
    expect(noCard.length).toBeGreaterThan(0);
  });

  it('has recurring plans linked from plans.csv, declines with real reason codes, unpaid and paid', () => {
    const recurringIds = new Set(practice.fortis.recurrings.map((r) => r.id));
    const plans = csv('plans.csv');
    expect(plans.some((p) => p.kind === 'treatment')).toBe(true);
    expect(
      plans.some((p) => p.kind === 'membership' && p.visits_allowed !== '' && p.period !== ''),
    ).toBe(true);
    const linked = plans.filter(
      (p) => p.processor_plan_id !== '' && recurringIds.has(p.processor_plan_id!),
    );
    expect(linked.length).toBeGreaterThan(20);
    expect(
      practice.fortis.recurrings.every((r) =>
        ['active', 'on hold', 'ended'].includes(r.status as string),
      ),
    ).toBe(true);
    const declined = practice.fortis.declined;
    expect(declined.some((d) => d.status === 'unpaid')).toBe(true);
    expect(
      declined.some((d) => d.status === 'paid' && typeof d.payment_transaction_id === 'string'),
    ).toBe(true);
    const txById = new Map(practice.fortis.transactions.map((t) => [t.id, t]));
    for (const d of declined) {
      const t = txById.get(d.declined_transaction_id as string)!;
      expect(t.status_code).toBe(301);
      expect([1615, 1616, 1622]).toContain(t.reason_code_id);
      expect(t.recurring_id).toBe(d.recurring_id);
    }
  });

  it('keeps processor lists sorted by change time and timestamps before today', () => {
    const startOfToday = Date.parse(`${TODAY}T05:00:00Z`) / 1000; // midnight in New York (EST)
    for (const list of [
      practice.fortis.contacts,
      practice.fortis.transactions,
      practice.fortis.recurrings,
    ]) {
      for (let i = 1; i < list.length; i++) {
        expect(list[i]!.modified_ts as number).toBeGreaterThanOrEqual(
          list[i - 1]!.modified_ts as number,
        );
      }
      expect(list.every((r) => (r.modified_ts as number) < startOfToday)).toBe(true);
    }
  });

  it("gives today's schedule every card, plan and membership problem, whatever the seed", () => {
    for (const seed of [42, 1, 2, 3]) {
      const p = seed === 42 ? practice : generatePractice({ seed, patients: 150, today: TODAY });
      const today = dayNumber(TODAY);
      const todays = new Set(p.appointments.filter((a) => a.day === today).map((a) => a.account));
      expect(todays.size).toBeGreaterThan(10);
      const unpaid = new Set(
        p.fortis.declined.filter((d) => d.status === 'unpaid').map((d) => d.recurring_id),
      );
      const seen = { none: 0, expired: 0, expiring: 0, behind: 0 };
      for (const c of p.fortis.contacts) {
        if (!todays.has(c.account_number as string)) continue;
        const tokens = p.fortis.tokens.filter((t) => t.contact_id === c.id);
        const card = tokens.at(-1);
        if (!card) seen.none++;
        else {
          const exp = card.exp_date as string;
          const through = lastDayOfMonth(2000 + Number(exp.slice(2)), Number(exp.slice(0, 2)));
          if (through < today) seen.expired++;
          else if (through - today <= 30) seen.expiring++;
        }
        if (p.fortis.recurrings.some((r) => r.contact_id === c.id && unpaid.has(r.id)))
          seen.behind++;
      }
      expect(seen.none, `seed ${seed}`).toBeGreaterThan(0);
      expect(seen.expired, `seed ${seed}`).toBeGreaterThan(0);
      expect(seen.expiring, `seed ${seed}`).toBeGreaterThan(0);
      expect(seen.behind, `seed ${seed}`).toBeGreaterThan(0);
      // A member booked today whose week/month holds more visits than the membership allows.
      const monday = today - ((weekday(today) + 6) % 7);
      const over = p.plans.filter((pl) => {
        if (pl.kind !== 'membership' || !todays.has(pl.account)) return false;
        const inPeriod = p.appointments.filter(
          (a) =>
            a.account === pl.account &&
            ['Completed', 'Checked in', 'Future'].includes(a.status) &&
            (pl.period === 'week'
              ? a.day >= monday && a.day <= monday + 6
              : dayString(a.day).slice(0, 7) === TODAY.slice(0, 7)),
        );
        return inPeriod.length > (pl.visitsAllowed ?? 0);
      });
      expect(over.length, `seed ${seed}`).toBeGreaterThan(0);
      const balances = p.balances.filter((b) => todays.has(b.account) && b.patientCents > 0);
      expect(balances.length).toBeGreaterThan(0);
      const plans = p.plans.filter((pl) => todays.has(pl.account));
      expect(plans.some((pl) => pl.kind === 'membership')).toBe(true);
      expect(plans.some((pl) => pl.kind === 'treatment')).toBe(true);
    }
  });
});

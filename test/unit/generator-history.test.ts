import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/sandbox/days.js';
import { generatePractice } from '../../src/sandbox/generator.js';

// A long-running clinic (the benchmark's large practice): years of history, most patients past
// ones who came for one episode of care, a caseload of a few hundred visits a day.

const TODAY = '2026-11-27';
const today = dayNumber(TODAY);

describe('generated practice with --history-years and --active-share', () => {
  const practice = generatePractice({
    seed: 11,
    patients: 2000,
    today: TODAY,
    historyYears: 6,
    activeShare: 0.1,
  });
  const active = new Set(practice.patients.filter((p) => p.active).map((p) => p.account));

  it('spreads the visits over the years asked for', () => {
    const first = Math.min(...practice.appointments.map((a) => a.day));
    expect(today - first).toBeGreaterThan(365 * 5);
    expect(today - first).toBeLessThanOrEqual(365 * 6);
    const years = new Set(practice.appointments.map((a) => Math.floor((today - a.day) / 365)));
    for (let y = 0; y < 5; y++) expect(years.has(y), `visits ${y} years back`).toBe(true);
  });

  it('keeps about the asked share under care; past patients have nothing booked', () => {
    expect(active.size).toBeGreaterThan(150);
    expect(active.size).toBeLessThan(250);
    const past = practice.appointments.filter((a) => !active.has(a.account));
    expect(past.length).toBeGreaterThan(0);
    expect(Math.max(...past.map((a) => a.day))).toBeLessThanOrEqual(today - 45);
    // Each past patient's episode lasts at most a year and a half.
    const span = new Map<string, [number, number]>();
    for (const a of past) {
      const s = span.get(a.account) ?? [a.day, a.day];
      span.set(a.account, [Math.min(s[0], a.day), Math.max(s[1], a.day)]);
    }
    for (const [first, last] of span.values()) expect(last - first).toBeLessThanOrEqual(540);
  });

  it("today's schedule is the caseload's, not every patient's", () => {
    const todays = practice.appointments.filter((a) => a.day === today);
    expect(todays.length).toBeGreaterThan(0);
    expect(todays.every((a) => active.has(a.account))).toBe(true);
    // About one visit in five or six working days per patient under care.
    expect(todays.length).toBeLessThan(active.size);
  });

  it("forces only a few of today's patients into a card problem, as a real day would have", () => {
    const todays = new Set(
      practice.appointments.filter((a) => a.day === today).map((a) => a.account),
    );
    const contactOf = new Map(
      practice.fortis.contacts.map((c) => [String(c.id), String(c.account_number ?? '')]),
    );
    // The card of each account at Fortis: MMYY of its newest token.
    const expiry = new Map<string, string>();
    for (const t of practice.fortis.tokens) {
      const account = contactOf.get(String(t.contact_id));
      if (account) expiry.set(account, String(t.exp_date));
    }
    const [year, month] = [Number(TODAY.slice(2, 4)), Number(TODAY.slice(5, 7))];
    const soon = (mmyy: string): boolean => {
      const [m, y] = [Number(mmyy.slice(0, 2)), Number(mmyy.slice(2, 4))];
      return y * 12 + m <= year * 12 + month + 1;
    };
    let troubled = 0;
    for (const account of todays) {
      const exp = expiry.get(account);
      if (exp === undefined || soon(exp)) troubled++;
    }
    expect(todays.size).toBeGreaterThan(20);
    expect(troubled).toBeGreaterThan(0);
    expect(troubled / todays.size).toBeLessThan(0.5);
  });

  it('is deterministic and rejects impossible shapes', () => {
    const again = generatePractice({
      seed: 11,
      patients: 2000,
      today: TODAY,
      historyYears: 6,
      activeShare: 0.1,
    });
    expect(again.appointments.length).toBe(practice.appointments.length);
    expect(again.appointments.at(-1)).toEqual(practice.appointments.at(-1));
    expect(() => generatePractice({ today: TODAY, historyYears: 0 })).toThrow(/historyYears/);
    expect(() => generatePractice({ today: TODAY, activeShare: 0 })).toThrow(/activeShare/);
  });
});

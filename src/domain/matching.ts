// Identity across systems (DOMAIN §2): the EHR account number is the patient's identity; without
// it, a processor customer is linked by email, else mobile + last name, else first + last name +
// date of birth — and only when exactly one patient fits.

/** Lower-cased, trimmed email, or undefined when it does not look like one. */
export function normalizeEmail(email: string | null | undefined): string | undefined {
  const v = (email ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? v : undefined;
}

/** A US/NANP or international phone number as E.164 (+15551234567), or undefined. */
export function normalizePhone(
  phone: string | null | undefined,
  defaultCountry = '1',
): string | undefined {
  const raw = (phone ?? '').trim();
  if (raw === '') return undefined;
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+'))
    return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  if (defaultCountry === '1') {
    if (digits.length === 10) return `+1${digits}`;
    if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
    return undefined;
  }
  return digits.length >= 8 && digits.length <= 15 ? `+${defaultCountry}${digits}` : undefined;
}

/** A name reduced to lower-case letters and digits (accents, spaces and punctuation removed). */
export function normalizeName(name: string | null | undefined): string | undefined {
  const v = (name ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return v === '' ? undefined : v;
}

export type MatchMethod = 'exact' | 'email' | 'phone+name' | 'name+dob';

export interface MatchablePatient {
  id: number;
  account: string | null;
  email: string | null;
  mobile: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
}

export interface MatchableContact {
  accountNumber: string | null;
  email: string | null;
  mobile: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
}

export type MatchResult =
  | { kind: 'match'; patientId: number; method: MatchMethod }
  | { kind: 'ambiguous'; method: MatchMethod; candidates: number[] }
  | { kind: 'none' };

/** Lookup tables over a set of patients, built once per linking pass. */
export class PatientIndex {
  private readonly byAccount = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byPhoneName = new Map<string, number[]>();
  private readonly byNameDob = new Map<string, number[]>();

  constructor(patients: Iterable<MatchablePatient>) {
    for (const p of patients) this.add(p);
  }

  /** Adds one patient to the tables. */
  add(p: MatchablePatient): void {
    {
      const account = p.account?.trim();
      if (account) push(this.byAccount, account.toLowerCase(), p.id);
      const email = normalizeEmail(p.email);
      if (email) push(this.byEmail, email, p.id);
      const last = normalizeName(p.lastName);
      const phone = normalizePhone(p.mobile);
      if (phone && last) push(this.byPhoneName, `${phone}|${last}`, p.id);
      const first = normalizeName(p.firstName);
      if (first && last && p.dateOfBirth)
        push(this.byNameDob, `${first}|${last}|${p.dateOfBirth}`, p.id);
    }
  }

  /** Finds the one patient a processor customer belongs to, level by level. */
  match(c: MatchableContact): MatchResult {
    const last = normalizeName(c.lastName);
    const first = normalizeName(c.firstName);
    const phone = normalizePhone(c.mobile);
    const email = normalizeEmail(c.email);
    const levels: Array<[MatchMethod, string | undefined, Map<string, number[]>]> = [
      ['exact', c.accountNumber?.trim().toLowerCase() || undefined, this.byAccount],
      ['email', email, this.byEmail],
      ['phone+name', phone && last ? `${phone}|${last}` : undefined, this.byPhoneName],
      [
        'name+dob',
        first && last && c.dateOfBirth ? `${first}|${last}|${c.dateOfBirth}` : undefined,
        this.byNameDob,
      ],
    ];
    for (const [method, key, map] of levels) {
      if (key === undefined) continue;
      const ids = map.get(key);
      if (!ids || ids.length === 0) continue;
      const unique = [...new Set(ids)];
      if (unique.length === 1) return { kind: 'match', patientId: unique[0] as number, method };
      return { kind: 'ambiguous', method, candidates: unique };
    }
    return { kind: 'none' };
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

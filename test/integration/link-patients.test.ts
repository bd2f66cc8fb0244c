import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { linkPatients } from '../../src/sync/link-patients.js';

const at = '2026-03-01T00:00:00.000Z';

function db(): Db {
  return openDatabase(join(mkdtempSync(join(tmpdir(), 'link-')), 'cache.db'));
}

function patient(
  d: Db,
  account: string,
  first: string,
  last: string,
  extra: { email?: string; mobile?: string; dob?: string } = {},
): number {
  return Number(
    d
      .prepare(
        `INSERT INTO patients (account, source, first_name, last_name, email, mobile, date_of_birth, created_at, updated_at)
         VALUES (?, 'ehr', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        account,
        first,
        last,
        extra.email ?? null,
        extra.mobile ?? null,
        extra.dob ?? null,
        at,
        at,
      ).lastInsertRowid,
  );
}

function contact(
  d: Db,
  source: string,
  id: string,
  c: {
    account?: string;
    first?: string;
    last?: string;
    email?: string;
    mobile?: string;
    dob?: string;
  },
) {
  d.prepare(
    `INSERT INTO processor_contacts (source, upstream_id, account_number, first_name, last_name, email, mobile, date_of_birth, seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    source,
    id,
    c.account ?? null,
    c.first ?? null,
    c.last ?? null,
    c.email ?? null,
    c.mobile ?? null,
    c.dob ?? null,
    at,
  );
}

function links(d: Db) {
  return d
    .prepare(
      'SELECT source, upstream_id, patient_id, method FROM patient_links ORDER BY upstream_id',
    )
    .all();
}

describe('linkPatients', () => {
  it('links by account, then email, then phone + last name, then name + date of birth', () => {
    const d = db();
    const a = patient(d, 'A1', 'Ann', 'Lee', { email: 'ann@x.com' });
    const b = patient(d, 'B2', 'Bob', "O'Neil", { email: 'bob@x.com', mobile: '+15550001111' });
    const c = patient(d, 'C3', 'Cé', 'Diaz', { dob: '1980-02-29' });
    contact(d, 'fortis', 'f1', { account: 'a1', email: 'other@x.com' });
    contact(d, 'fortis', 'f2', { email: ' BOB@X.COM ' });
    contact(d, 'fortis', 'f3', { mobile: '(555) 000-1111', last: 'oneil' });
    contact(d, 'cashpractice', 'p4', { first: 'ce', last: 'DIAZ', dob: '1980-02-29' });
    expect(linkPatients(d, new Date(at))).toEqual({ linked: 4, unmatched: 0 });
    expect(links(d)).toEqual(
      [
        { source: 'fortis', upstream_id: 'f1', patient_id: a, method: 'exact' },
        { source: 'fortis', upstream_id: 'f2', patient_id: b, method: 'email' },
        { source: 'fortis', upstream_id: 'f3', patient_id: b, method: 'phone+name' },
        { source: 'cashpractice', upstream_id: 'p4', patient_id: c, method: 'name+dob' },
      ].sort((x, y) => x.upstream_id.localeCompare(y.upstream_id)),
    );
    expect(linkPatients(d, new Date(at))).toEqual({ linked: 0, unmatched: 0 });
  });

  it('leaves an ambiguous contact unlinked and keeps manual links', () => {
    const d = db();
    patient(d, 'A1', 'Ann', 'Lee', { email: 'shared@x.com' });
    const b = patient(d, 'B2', 'Ann', 'Lee', { email: 'shared@x.com' });
    contact(d, 'fortis', 'f1', { email: 'shared@x.com' });
    contact(d, 'fortis', 'f2', { email: 'shared@x.com' });
    d.prepare(`INSERT INTO patient_links VALUES ('fortis', 'f2', ?, 'manual', 1, ?)`).run(b, at);
    expect(linkPatients(d, new Date(at))).toEqual({ linked: 0, unmatched: 1 });
    expect(links(d)).toEqual([
      { source: 'fortis', upstream_id: 'f2', patient_id: b, method: 'manual' },
    ]);
  });

  it('makes processor-only patients without EHR data, shared across processors, and retires them when the EHR arrives', () => {
    const d = db();
    contact(d, 'fortis', 'f1', { first: 'Zoe', last: 'Kim', email: 'zoe@x.com' });
    contact(d, 'cashpractice', 'p1', { first: 'Zoe', last: 'Kim', email: 'zoe@x.com' });
    linkPatients(d, new Date(at));
    const own = d
      .prepare("SELECT id, source FROM patients WHERE source != 'ehr' AND removed = 0")
      .all() as Array<{ id: number }>;
    expect(own).toHaveLength(1);
    expect(new Set((links(d) as Array<{ patient_id: number }>).map((l) => l.patient_id))).toEqual(
      new Set([own[0]?.id]),
    );
    const z = patient(d, 'Z9', 'Zoe', 'Kim', { email: 'zoe@x.com' });
    linkPatients(d, new Date(at));
    expect((links(d) as Array<{ patient_id: number }>).every((l) => l.patient_id === z)).toBe(true);
    expect(
      d.prepare("SELECT count(*) AS n FROM patients WHERE source != 'ehr' AND removed = 0").get(),
    ).toEqual({ n: 0 });
  });
});

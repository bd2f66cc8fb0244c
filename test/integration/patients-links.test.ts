import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { upsertContacts } from '../../src/store/processor-records.js';
import { linkPatients } from '../../src/sync/link-patients.js';
import { linkManually, listUnmatched, unlinkManually } from '../../src/sync/patient-links.js';

const now = new Date('2026-11-20T12:00:00Z');

function patient(db: Db, account: string, first: string, last: string, email: string): void {
  db.prepare(
    `INSERT INTO patients (account, source, source_id, first_name, last_name, email, created_at, updated_at)
     VALUES (?, 'ehr', ?, ?, ?, ?, 'x', 'x')`,
  ).run(account, account, first, last, email);
}

function contact(id: string, over: { account?: string; email?: string; last?: string } = {}) {
  return {
    source: 'fortis' as const,
    upstreamId: id,
    modifiedAt: null,
    raw: { id },
    accountNumber: over.account ?? null,
    firstName: 'Ann',
    lastName: over.last ?? 'Smith',
    email: over.email ?? null,
    mobile: null,
    dateOfBirth: null,
    active: true,
  };
}

function linkOf(db: Db, id: string) {
  return db
    .prepare(
      `SELECT p.account, l.method, l.manual FROM patient_links l JOIN patients p ON p.id = l.patient_id
       WHERE l.source = 'fortis' AND l.upstream_id = ?`,
    )
    .get(id) as { account: string | null; method: string; manual: number } | undefined;
}

describe('patients unmatched / link / unlink', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-links-'));
    db = openDatabase(join(dir, 'cache.db'));
    patient(db, '1001', 'Ann', 'Smith', 'family@example.com');
    patient(db, '1002', 'Bob', 'Smith', 'family@example.com');
    upsertContacts(
      db,
      [contact('c-amb', { email: 'family@example.com' }), contact('c-exact', { account: '1002' })],
      's',
    );
    linkPatients(db, now);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists an ambiguous contact with its candidates', () => {
    const rows = listUnmatched(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ upstream_id: 'c-amb', reason: 'several patients fit (email)' });
    expect(rows[0]?.candidates.sort()).toEqual(['1001', '1002']);
  });

  it('keeps a manual link through later syncs', () => {
    linkManually(db, '1001', 'fortis', 'c-amb', now);
    linkPatients(db, now);
    expect(linkOf(db, 'c-amb')).toEqual({ account: '1001', method: 'manual', manual: 1 });
    expect(listUnmatched(db)).toHaveLength(0);
  });

  it('never re-links a contact to a patient it was unlinked from, even on an exact key', () => {
    expect(linkOf(db, 'c-exact')).toMatchObject({ account: '1002', method: 'exact' });
    expect(unlinkManually(db, '1002', 'fortis', 'c-exact', now).wasLinked).toBe(true);
    linkPatients(db, now);
    expect(linkOf(db, 'c-exact')?.account).not.toBe('1002');
    expect(
      db
        .prepare(
          "SELECT patient_id IS NOT NULL AS has FROM patient_link_blocks WHERE upstream_id = 'c-exact'",
        )
        .get(),
    ).toEqual({ has: 1 });
  });

  it('refuses unknown accounts and contacts with a usage error', () => {
    expect(() => linkManually(db, '9999', 'fortis', 'c-amb', now)).toThrow(
      /No patient with account 9999/,
    );
    expect(() => linkManually(db, '1001', 'fortis', 'nope', now)).toThrow(/No fortis record nope/);
  });
});

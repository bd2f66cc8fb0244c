import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore } from '../../src/home/config.js';
import { openDatabase, type Db } from '../../src/store/db.js';

/** A patient for blast tests, with an optional Fortis contact, card and plan. */
export interface FixturePatient {
  account: string;
  first: string;
  last?: string;
  mobile?: string | null;
  email?: string | null;
  consent?: boolean;
  dnc?: boolean;
  /** Card expiry as [month, year]; undefined = no card. */
  card?: [number, number];
  activePlan?: boolean;
}

/** A temp cache + config with the given patients (Fortis contacts c<account>, tokens t<account>). */
export function blastFixture(patients: FixturePatient[]): {
  db: Db;
  config: ConfigStore;
  dir: string;
  ids: Record<string, number>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'blast-'));
  const db = openDatabase(join(dir, 'cache.db'));
  const config = new ConfigStore(join(dir, 'config.json'));
  config.set('timezone', 'America/Chicago');
  config.set('practice.name', 'Main Street Chiro');
  config.set('practice.phone', '+15551234567');
  config.set('practice.email', 'desk@clinic.test');
  config.set('practice.address', '1 Main St, Springfield');
  const at = '2026-01-01T00:00:00Z';
  const ids: Record<string, number> = {};
  for (const p of patients) {
    const id = Number(
      db
        .prepare(
          `INSERT INTO patients (account, first_name, last_name, mobile, email, do_not_contact,
             sms_consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.account,
          p.first,
          p.last ?? 'Tester',
          p.mobile === undefined ? `+1555000${p.account.padStart(4, '0')}` : p.mobile,
          p.email === undefined ? `${p.first.toLowerCase()}${p.account}@example.test` : p.email,
          p.dnc ? 1 : 0,
          p.consent === false ? null : at,
          at,
          at,
        ).lastInsertRowid,
    );
    ids[p.account] = id;
    const contact = `c${p.account}`;
    db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at)
       VALUES ('fortis', ?, ?, 'exact', ?)`,
    ).run(contact, id, at);
    if (p.card) {
      db.prepare(
        `INSERT INTO cards (source, upstream_id, contact_id, brand, last_four, exp_month, exp_year,
           is_default, active, created_at, seen_at) VALUES ('fortis', ?, ?, 'Visa', '4242', ?, ?, 1, 1, ?, ?)`,
      ).run(`t${p.account}`, contact, p.card[0], p.card[1], at, at);
    }
    if (p.activePlan !== false) {
      db.prepare(
        `INSERT INTO recurring_plans (source, upstream_id, contact_id, card_id, amount_cents, status, seen_at)
         VALUES ('fortis', ?, ?, ?, 9900, 'active', ?)`,
      ).run(`r${p.account}`, contact, p.card ? `t${p.account}` : null, at);
    }
  }
  return { db, config, dir, ids };
}

import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.js';

/** Finds patients by EHR account number (cached), and creates minimal ones for --create-missing-patients. */
export class PatientLookup {
  private readonly cache = new Map<string, number>();
  private readonly select: Statement<[string], { id: number }>;
  private readonly insert: Statement<[string, string, string, string]>;
  /** Patients created by this run. */
  created = 0;

  constructor(
    db: Db,
    private readonly nowIso: string,
  ) {
    this.select = db.prepare('SELECT id FROM patients WHERE account = ?');
    this.insert = db.prepare(
      `INSERT INTO patients (account, source, source_id, created_at, updated_at) VALUES (?, 'ehr', ?, ?, ?)`,
    );
  }

  /** The patient id for an account, if the cache knows it. */
  find(account: string): number | undefined {
    const hit = this.cache.get(account);
    if (hit !== undefined) return hit;
    const row = this.select.get(account);
    if (row) this.cache.set(account, row.id);
    return row?.id;
  }

  /** Creates a patient known only by account number (names arrive with the next patients file). */
  create(account: string): number {
    const id = Number(this.insert.run(account, account, this.nowIso, this.nowIso).lastInsertRowid);
    this.cache.set(account, id);
    this.created += 1;
    return id;
  }
}

import type { WireRecord } from './types.js';

/**
 * The records of one resource, kept sorted by change time (ties by a change sequence), so that
 * "changed since X, oldest first" — what every sync asks for — is a binary search plus a slice,
 * never a sort of 250,000 items per request.
 */
export interface Entry<T extends WireRecord = WireRecord> {
  ts: number;
  seq: number;
  rec: T;
  /** The record's JSON, cached until the record changes (a change makes a new entry). */
  json?: string;
}

/** The JSON text of an entry's record (serialised once, reused by every page that shows it). */
export function entryJson(entry: Entry): string {
  if (entry.json === undefined) entry.json = JSON.stringify(entry.rec);
  return entry.json;
}

export class Collection<T extends WireRecord = WireRecord> {
  readonly entries: Entry<T>[] = [];
  private readonly byId = new Map<string, Entry<T>>();
  private seq = 0;

  constructor(
    /** The change time of a record (unix seconds). */
    readonly tsOf: (rec: T) => number,
    /** Writes a new change time into a record. */
    private readonly stamp: (rec: T, ts: number) => void,
  ) {}

  /** Loads records that are already in change-time order (the generator sorts them). */
  load(records: readonly T[]): void {
    for (const rec of records) this.append(rec);
  }

  get size(): number {
    return this.entries.length;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.rec;
  }

  /** All records, oldest change first. */
  records(): T[] {
    return this.entries.map((e) => e.rec);
  }

  /** Adds a new record, stamped `ts` (it goes last). */
  insert(rec: T, ts: number): T {
    this.stamp(rec, ts);
    this.append(rec);
    return rec;
  }

  /** Applies a change to a record and moves it to the end with a new change time. */
  update(id: string, ts: number, change: (rec: T) => void): T | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    this.remove(entry);
    change(entry.rec);
    this.stamp(entry.rec, Math.max(ts, entry.ts));
    this.append(entry.rec);
    return entry.rec;
  }

  /** Index of the first entry with ts >= value. */
  lowerBound(value: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry<T>).ts < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first entry with ts > value. */
  upperBound(value: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry<T>).ts <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private append(rec: T): void {
    const ts = this.tsOf(rec);
    const last = this.entries[this.entries.length - 1];
    const entry: Entry<T> = { ts, seq: ++this.seq, rec };
    if (last && last.ts > ts) {
      // Out of order (should not happen with a monotonic clock): insert in place.
      const at = this.upperBound(ts);
      this.entries.splice(at, 0, entry);
    } else {
      this.entries.push(entry);
    }
    this.byId.set(rec.id, entry);
  }

  private remove(entry: Entry<T>): void {
    let i = this.lowerBound(entry.ts);
    while (i < this.entries.length && this.entries[i] !== entry) i++;
    if (i < this.entries.length) this.entries.splice(i, 1);
    this.byId.delete(entry.rec.id);
  }
}

/** A Fortis collection (change time = `modified_ts`). */
export function fortisCollection(records: readonly WireRecord[] = []): Collection {
  const c = new Collection(
    (r) => (typeof r.modified_ts === 'number' ? r.modified_ts : 0),
    (r, ts) => {
      r.modified_ts = ts;
    },
  );
  c.load(records);
  return c;
}

/** A Cash Practice collection (change time = `updated_at`, ISO-8601 UTC). */
export function cashPracticeCollection(records: readonly WireRecord[] = []): Collection {
  const c = new Collection(
    (r) => (typeof r.updated_at === 'string' ? Math.floor(Date.parse(r.updated_at) / 1000) : 0),
    (r, ts) => {
      r.updated_at = new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
    },
  );
  c.load(records);
  return c;
}

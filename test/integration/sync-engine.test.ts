import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactRecord } from '../../src/domain/records.js';
import { AuthError, UnavailableError } from '../../src/integrations/errors.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { upsertContacts } from '../../src/store/processor-records.js';
import { runEngine } from '../../src/sync/engine.js';
import type { SyncPage, SyncSource } from '../../src/sync/source.js';

function contact(id: string, modified: number, name = 'Smith'): ContactRecord {
  return {
    source: 'fortis',
    upstreamId: id,
    modifiedAt: new Date(modified * 1000).toISOString(),
    raw: { id, modified, name },
    accountNumber: null,
    firstName: 'Ann',
    lastName: name,
    email: null,
    mobile: null,
    dateOfBirth: null,
    active: true,
  };
}

/** A fake source over an in-memory list, paged by modified time like the Fortis source. */
function fakeSource(
  list: () => ContactRecord[],
  opts: { failAfterPages?: number } = {},
): SyncSource {
  return {
    source: 'fortis',
    label: 'Fortis',
    resources: [
      {
        name: 'contacts',
        table: 'processor_contacts',
        async *pages(from, options): AsyncIterable<SyncPage> {
          const since = from.highWater === null ? -Infinity : Number(from.highWater);
          const rows = list()
            .filter((c) => (c.raw as { modified: number }).modified >= since)
            .sort(
              (a, b) =>
                (a.raw as { modified: number }).modified - (b.raw as { modified: number }).modified,
            );
          let sent = 0;
          for (let i = 0; i < rows.length || i === 0; i += options.pageSize) {
            if (opts.failAfterPages !== undefined && sent >= opts.failAfterPages) {
              throw new UnavailableError('down', { provider: 'fortis' });
            }
            const page = rows.slice(i, i + options.pageSize);
            const top = page.length
              ? (page[page.length - 1]!.raw as { modified: number }).modified
              : null;
            sent++;
            yield {
              apply: (db, seenAt) => upsertContacts(db, page, seenAt),
              highWater:
                top === null
                  ? from.highWater
                  : String(Math.max(top, since === -Infinity ? top : since)),
              cursor: null,
              count: page.length,
            };
            if (rows.length === 0) break;
          }
        },
      },
    ],
  };
}

describe('sync engine', () => {
  let dir: string;
  let db: Db;
  const now = () => new Date('2026-11-20T12:00:00Z');
  const deps = () => ({ db, now, trace: () => undefined });
  const options = { full: false, pageSize: 2, overlapSeconds: 0 };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-engine-'));
    db = openDatabase(join(dir, 'cache.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes pages with checkpoints and counts unchanged records on a re-run', async () => {
    const data = [contact('a', 10), contact('b', 20), contact('c', 30)];
    const first = await runEngine([fakeSource(() => data)], options, deps());
    expect(first.exitCode).toBe(0);
    expect(first.resources[0]).toMatchObject({ status: 'ok', inserted: 3, pages: 2 });
    const state = db.prepare('SELECT * FROM sync_state').get() as Record<string, unknown>;
    expect(state).toMatchObject({ high_water: '30', cursor: null, last_page: null });
    expect(state.last_success_at).toBeTruthy();

    const second = await runEngine([fakeSource(() => data)], options, deps());
    expect(second.resources[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, pages: 1 });
  });

  it('keeps the pages written before a failure and resumes from the checkpoint', async () => {
    const data = [contact('a', 10), contact('b', 20), contact('c', 30), contact('d', 40)];
    const failed = await runEngine(
      [fakeSource(() => data, { failAfterPages: 1 })],
      options,
      deps(),
    );
    expect(failed.exitCode).toBe(6);
    expect(failed.resources[0]).toMatchObject({ status: 'failed', inserted: 2, pages: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM processor_contacts').get()).toEqual({ n: 2 });
    const again = await runEngine([fakeSource(() => data)], options, deps());
    expect(again.resources[0]).toMatchObject({ inserted: 2, unchanged: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM processor_contacts').get()).toEqual({ n: 4 });
  });

  it('marks vanished records removed on --full and revives them when they reappear', async () => {
    let data = [contact('a', 10), contact('b', 20), contact('c', 30)];
    await runEngine([fakeSource(() => data)], options, deps());
    data = [contact('a', 10), contact('c', 30)];
    const full = await runEngine([fakeSource(() => data)], { ...options, full: true }, deps());
    expect(full.resources[0]).toMatchObject({ removed: 1, unchanged: 2 });
    const removed = db
      .prepare('SELECT upstream_id FROM processor_contacts WHERE removed = 1')
      .all();
    expect(removed).toEqual([{ upstream_id: 'b' }]);
    data = [contact('a', 10), contact('b', 50, 'Jones'), contact('c', 30)];
    const back = await runEngine([fakeSource(() => data)], options, deps());
    expect(back.resources[0]).toMatchObject({ updated: 1 });
    expect(
      db.prepare('SELECT count(*) AS n FROM processor_contacts WHERE removed = 1').get(),
    ).toEqual({ n: 0 });
  });

  it('exits 3 when some resources fail; a 5xx does not stop the others, bad credentials do', async () => {
    const ok = fakeSource(() => [contact('a', 10)]).resources[0]!;
    const failing = (name: string, err: Error): SyncSource['resources'][number] => ({
      name,
      table: 'cards',
      pages: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }),
      }),
    });
    const serverError = new UnavailableError('HTTP 500', { provider: 'fortis', status: 500 });
    const mixed: SyncSource = {
      source: 'fortis',
      label: 'Fortis',
      resources: [failing('tokens', serverError), ok],
    };
    const partial = await runEngine([mixed], options, deps());
    expect(partial.exitCode).toBe(3);
    expect(partial.resources.map((r) => r.status)).toEqual(['failed', 'ok']);

    const denied = new AuthError('rejected', { provider: 'fortis', status: 401 });
    const auth: SyncSource = { ...mixed, resources: [failing('tokens', denied), ok] };
    const none = await runEngine([auth], options, deps());
    expect(none.resources.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(none.exitCode).toBe(5);
  });
});

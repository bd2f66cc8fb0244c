import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { runEngine } from '../../src/sync/engine.js';
import type { SyncPage, SyncSource } from '../../src/sync/source.js';
import { configKeys } from '../../src/home/config-keys.js';

/** A source with one resource that records the page size the engine asked for. */
function recordingSource(asked: number[], maxPageSize?: number): SyncSource {
  return {
    source: 'cashpractice',
    label: 'Test',
    ...(maxPageSize === undefined ? {} : { maxPageSize }),
    resources: [
      {
        name: 'contacts',
        table: 'processor_contacts',
        async *pages(from, options): AsyncIterable<SyncPage> {
          asked.push(options.pageSize);
          yield {
            apply: () => ({ inserted: 0, updated: 0, unchanged: 0 }),
            highWater: from.highWater,
            cursor: null,
            count: 0,
          };
        },
      },
    ],
  };
}

describe('sync page size', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function db(): Db {
    dir = mkdtempSync(join(tmpdir(), 'trackstat-pagesize-'));
    return openDatabase(join(dir, 'cache.db'));
  }

  it("defaults to Fortis's largest page (5000): fewer requests and commits per full sync", () => {
    expect(configKeys.find((k) => k.key === 'sync.page_size')?.default).toBe(5000);
  });

  it('asks a source for no more than its own largest page, and the rest for sync.page_size', async () => {
    const cache = db();
    const before = [
      cache.pragma('cache_size', { simple: true }),
      cache.pragma('wal_autocheckpoint', { simple: true }),
    ];
    const capped: number[] = [];
    const free: number[] = [];
    const result = await runEngine(
      [recordingSource(capped, 1000), { ...recordingSource(free), source: 'fortis' }],
      { full: false, pageSize: 5000, overlapSeconds: 0 },
      { db: cache, now: () => new Date('2026-11-20T12:00:00Z'), trace: () => undefined },
    );
    // The bulk-write cache and checkpoint settings are the connection's own again afterwards.
    expect([
      cache.pragma('cache_size', { simple: true }),
      cache.pragma('wal_autocheckpoint', { simple: true }),
    ]).toEqual(before);
    cache.close();
    expect(result.exitCode).toBe(0);
    expect(capped).toEqual([1000]);
    expect(free).toEqual([5000]);
  });
});

import { TrackstatError } from '../errors.js';
import { AuthError, RateLimitError, UnavailableError } from '../integrations/errors.js';
import type { Db } from '../store/db.js';
import { markMissingRemoved } from '../store/processor-records.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import type { SyncCheckpoint, SyncResource, SyncSource } from './source.js';

export interface ResourceSummary {
  source: string;
  resource: string;
  status: 'ok' | 'failed' | 'skipped';
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  durationMs: number;
  error?: string;
}

export interface EngineOptions {
  full: boolean;
  /** Only this resource (by name), when given. */
  resource?: string | undefined;
  pageSize: number;
  overlapSeconds: number;
}

export interface EngineDeps {
  db: Db;
  now(): Date;
  trace(line: string): void;
  /** Called after every page and when a resource starts/ends (progress display). */
  onProgress?(p: {
    source: string;
    resource: string;
    page: number;
    fetched: number;
    total: number | null;
  }): void;
}

export interface EngineResult {
  resources: ResourceSummary[];
  /** Errors of the failed resources, in order (the first decides the exit code when all failed). */
  errors: unknown[];
  /** 0 all fine, 3 some failed, or the failure's own code when nothing succeeded. */
  exitCode: ExitCodeValue;
}

interface StateRow {
  high_water: string | null;
  cursor: string | null;
  run_started_at: string | null;
}

/**
 * Errors after which the source's other resources would fail the same way (bad credentials, the
 * service unreachable, or throttling us): skip them instead of spending a retry budget on each. A
 * 5xx from one endpoint does not stop the others: the service is up, that list is broken.
 */
function stopsSource(err: unknown): boolean {
  if (err instanceof AuthError || err instanceof RateLimitError) return true;
  return err instanceof UnavailableError && err.status === undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The instant written to `seen_at` for this run: strictly after the previous run's, so `--full`
 * can tell "seen now" from "seen before" even when the clock is pinned (TRACKSTAT_NOW).
 */
function runInstant(db: Db, source: string, now: Date): string {
  const last = (
    db.prepare('SELECT max(run_started_at) AS at FROM sync_state WHERE source = ?').get(source) as {
      at: string | null;
    }
  ).at;
  let at = now.getTime();
  if (last !== null) {
    const lastMs = Date.parse(last);
    if (!Number.isNaN(lastMs) && lastMs >= at) at = lastMs + 1;
  }
  return new Date(at).toISOString();
}

/**
 * Runs every resource of the given sources: reads each checkpoint, iterates pages, and writes each
 * page together with its checkpoint in ONE transaction. A failing resource does not stop others.
 */
export async function runEngine(
  sources: readonly SyncSource[],
  options: EngineOptions,
  deps: EngineDeps,
): Promise<EngineResult> {
  const resources: ResourceSummary[] = [];
  const errors: unknown[] = [];
  const restore = bulkWriteSettings(deps.db);
  try {
    await runSources(sources, options, deps, resources, errors);
  } finally {
    restore();
  }
  return { resources, errors, exitCode: exitCodeOf(resources, errors) };
}

/**
 * A full sync writes hundreds of thousands of rows into indexes larger than the default page cache
 * (16 MB here): pages were read back from the file again and again (800,000 reads at 20,000
 * patients) and the WAL was checkpointed (with an fsync) every 1,000 pages. 64 MB of cache and a
 * checkpoint every 20,000 pages cut the sync's system time by 40%; the defaults come back after.
 */
function bulkWriteSettings(db: Db): () => void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 20000');
  return () => {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  };
}

async function runSources(
  sources: readonly SyncSource[],
  options: EngineOptions,
  deps: EngineDeps,
  resources: ResourceSummary[],
  errors: unknown[],
): Promise<void> {
  for (const source of sources) {
    const seenAt = runInstant(deps.db, source.source, deps.now());
    let stopped: unknown;
    for (const resource of source.resources) {
      if (options.resource !== undefined && resource.name !== options.resource) continue;
      if (stopped !== undefined) {
        resources.push({
          ...emptySummary(source.source, resource.name),
          status: 'skipped',
          error: messageOf(stopped),
        });
        continue;
      }
      const started = Date.now();
      // Filled page by page, so a failure still reports what was saved before it.
      const summary = emptySummary(source.source, resource.name);
      try {
        await syncResource(source, resource, options, deps, seenAt, summary);
        resources.push({ ...summary, durationMs: Date.now() - started });
      } catch (err) {
        if (!(err instanceof TrackstatError)) throw err;
        errors.push(err);
        resources.push({
          ...summary,
          status: 'failed',
          durationMs: Date.now() - started,
          error: messageOf(err),
        });
        if (stopsSource(err)) stopped = err;
      }
    }
  }
}

function exitCodeOf(resources: ResourceSummary[], errors: unknown[]): ExitCodeValue {
  if (errors.length === 0) return ExitCode.Ok;
  if (resources.some((r) => r.status === 'ok')) return ExitCode.Partial;
  const first = errors[0];
  return first instanceof TrackstatError ? first.exitCode : ExitCode.Internal;
}

function emptySummary(source: string, resource: string): ResourceSummary {
  return {
    source,
    resource,
    status: 'ok',
    pages: 0,
    fetched: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    durationMs: 0,
  };
}

async function syncResource(
  source: SyncSource,
  resource: SyncResource,
  options: EngineOptions,
  deps: EngineDeps,
  seenAt: string,
  summary: ResourceSummary,
): Promise<void> {
  const { db } = deps;
  const key = { source: source.source, resource: resource.name };
  db.prepare(
    `INSERT INTO sync_state (source, resource, run_started_at) VALUES (@source, @resource, @at)
     ON CONFLICT (source, resource) DO UPDATE SET run_started_at = excluded.run_started_at`,
  ).run({ ...key, at: seenAt });
  const state = db
    .prepare(
      'SELECT high_water, cursor, run_started_at FROM sync_state WHERE source = ? AND resource = ?',
    )
    .get(source.source, resource.name) as StateRow;
  // A full run starts from nothing; an interrupted full run resumes like an incremental one.
  const from: SyncCheckpoint = options.full
    ? { highWater: null, cursor: null }
    : { highWater: state.high_water, cursor: state.cursor };
  const saveCheckpoint = db.prepare(
    `UPDATE sync_state SET high_water = coalesce(@high_water, high_water), cursor = @cursor,
       last_page = coalesce(last_page, 0) + 1
     WHERE source = @source AND resource = @resource`,
  );
  deps.onProgress?.({ ...key, page: 0, fetched: 0, total: null });
  for await (const page of resource.pages(from, {
    full: options.full,
    pageSize: Math.min(options.pageSize, source.maxPageSize ?? options.pageSize),
    overlapSeconds: options.overlapSeconds,
    trace: deps.trace,
  })) {
    const counts = db.transaction(() => {
      const c = page.apply(db, seenAt);
      saveCheckpoint.run({ ...key, high_water: page.highWater, cursor: page.cursor });
      return c;
    })();
    summary.inserted += counts.inserted;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    summary.pages++;
    summary.fetched += page.count;
    deps.onProgress?.({
      ...key,
      page: summary.pages,
      fetched: summary.fetched,
      total: page.total ?? null,
    });
  }
  db.transaction(() => {
    if (options.full)
      summary.removed = markMissingRemoved(db, resource.table, source.source, seenAt);
    db.prepare(
      `UPDATE sync_state SET cursor = NULL, last_page = NULL, last_success_at = @at,
         last_full_at = CASE WHEN @full = 1 THEN @at ELSE last_full_at END
       WHERE source = @source AND resource = @resource`,
    ).run({ ...key, at: seenAt, full: options.full ? 1 : 0 });
  })();
}

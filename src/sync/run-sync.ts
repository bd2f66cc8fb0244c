import { NotConnectedError, UsageError } from '../errors.js';
import type { ProcessorSource } from '../domain/records.js';
import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import type { Db } from '../store/db.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/io.js';
import { runEngine, type ResourceSummary } from './engine.js';
import { linkPatients, type LinkSummary } from './link-patients.js';
import { reconcilers } from './reconcilers.js';
import { syncSources } from './sources.js';
import type { SyncSource } from './source.js';

export interface SyncRequest {
  /** One source, or every connected source when undefined. */
  source?: string | undefined;
  full: boolean;
  resource?: string | undefined;
}

export interface SyncDeps {
  db: Db;
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
  onProgress?(p: {
    source: string;
    resource: string;
    page: number;
    fetched: number;
    total: number | null;
  }): void;
}

export interface SyncReport {
  resources: ResourceSummary[];
  links: LinkSummary | null;
  reconcilers: Array<{
    name: string;
    status: 'ok' | 'failed';
    counts: Record<string, number>;
    error?: string;
  }>;
  errors: unknown[];
  exitCode: ExitCodeValue;
}

/** Resolves which sources to sync: the named one (must be connected) or every connected one. */
export async function chooseSources(
  name: string | undefined,
  deps: Pick<SyncDeps, 'io' | 'config' | 'credentials'>,
): Promise<SyncSource[]> {
  const known = Object.keys(syncSources) as ProcessorSource[];
  if (name !== undefined) {
    const entry = syncSources[name as ProcessorSource];
    if (!entry) {
      throw new UsageError(`Unknown source "${name}".`, `Use one of: ${known.join(', ')}.`);
    }
    if (!entry.connected(deps)) {
      throw new NotConnectedError(
        `${entry.label} is not connected.`,
        `Connect it first: trackstat connect ${name}`,
      );
    }
    return [await entry.create(deps)];
  }
  const chosen: SyncSource[] = [];
  for (const key of known) {
    const entry = syncSources[key];
    if (entry?.connected(deps)) chosen.push(await entry.create(deps));
  }
  if (chosen.length === 0) {
    throw new NotConnectedError(
      'No payment processor is connected, so there is nothing to sync.',
      `Connect one first: ${known.map((k) => `trackstat connect ${k}`).join(' or ')}`,
    );
  }
  return chosen;
}

/**
 * `trackstat sync`: pulls every resource of the chosen sources into the cache, then links
 * processor contacts to patients and runs the reconcilers that react to new data.
 */
export async function runSync(request: SyncRequest, deps: SyncDeps): Promise<SyncReport> {
  const sources = await chooseSources(request.source, deps);
  if (request.resource !== undefined) {
    const names = sources.flatMap((s) => s.resources.map((r) => r.name));
    if (!names.includes(request.resource)) {
      throw new UsageError(
        `Unknown resource "${request.resource}".`,
        `Use one of: ${[...new Set(names)].join(', ')}.`,
      );
    }
  }
  const pageSize = deps.config.number('sync.page_size');
  const overlapSeconds = deps.config.number('sync.overlap_seconds');
  const engine = await runEngine(
    sources,
    { full: request.full, resource: request.resource, pageSize, overlapSeconds },
    {
      db: deps.db,
      now: () => deps.io.now(),
      trace: (line) => deps.io.debug(line),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    },
  );
  const report: SyncReport = {
    resources: engine.resources,
    links: null,
    reconcilers: [],
    errors: engine.errors,
    exitCode: engine.exitCode,
  };
  const synced = [
    ...new Set(engine.resources.filter((r) => r.status === 'ok').map((r) => r.source)),
  ] as ProcessorSource[];
  if (synced.length === 0) return report;
  report.links = linkPatients(deps.db, deps.io.now());
  for (const reconciler of reconcilers) {
    try {
      const counts = await reconciler.run({ ...deps, synced });
      report.reconcilers.push({ name: reconciler.name, status: 'ok', counts: counts ?? {} });
    } catch (err) {
      report.reconcilers.push({
        name: reconciler.name,
        status: 'failed',
        counts: {},
        error: err instanceof Error ? err.message : String(err),
      });
      report.errors.push(err);
      if (report.exitCode === ExitCode.Ok) report.exitCode = ExitCode.Partial;
    }
  }
  return report;
}

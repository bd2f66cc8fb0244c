import { TrackstatError } from '../errors.js';
import { ExitCode } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/io.js';
import type { SyncReport } from './run-sync.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function n(v: number): string {
  return v.toLocaleString('en-US');
}

/**
 * Prints the sync summary: one line per resource on stderr (or the JSON summary on stdout), then
 * the failures. When nothing succeeded, throws the first failure so its exit code and fix are
 * shown. Returns the totals for the audit line.
 */
export function printSyncReport(report: SyncReport, io: Io, json: boolean): Record<string, number> {
  const totals = { fetched: 0, new: 0, updated: 0, removed: 0, failed: 0 };
  for (const r of report.resources) {
    totals.fetched += r.fetched;
    totals.new += r.inserted;
    totals.updated += r.updated;
    totals.removed += r.removed;
    if (r.status !== 'ok') totals.failed++;
  }
  if (json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          exit_code: report.exitCode,
          resources: report.resources.map((r) => ({
            source: r.source,
            resource: r.resource,
            status: r.status,
            pages: r.pages,
            fetched: r.fetched,
            new: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            removed: r.removed,
            duration_ms: r.durationMs,
            ...(r.error !== undefined ? { error: io.masker.mask(r.error) } : {}),
          })),
          links: report.links,
          reconcilers: report.reconcilers,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const r of report.resources) {
      if (r.status === 'ok') {
        io.info(
          `${r.source} ${r.resource}: ${n(r.inserted)} new, ${n(r.updated)} updated, ${n(r.removed)} removed (${n(r.fetched)} read, ${seconds(r.durationMs)})`,
        );
      } else {
        io.warn(
          `${r.source} ${r.resource}: ${r.status === 'failed' ? 'FAILED' : 'skipped'} — ${r.error ?? ''}`,
        );
      }
    }
    if (report.links) {
      io.info(
        `patients: ${n(report.links.linked)} links changed, ${n(report.links.unmatched)} unmatched`,
      );
    }
    for (const rec of report.reconcilers) {
      if (rec.status === 'failed') io.warn(`${rec.name}: FAILED — ${rec.error ?? ''}`);
    }
  }
  const allFailed = report.resources.length > 0 && report.resources.every((r) => r.status !== 'ok');
  const first = report.errors[0];
  if (allFailed && first instanceof TrackstatError) throw first;
  if (report.exitCode === ExitCode.Partial && !json) {
    const hint = first instanceof TrackstatError ? first.hint : undefined;
    io.error(
      `Some resources failed; what succeeded was saved. Run the sync again to retry the rest.${hint ? ` ${hint}` : ''}`,
    );
  }
  return totals;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportName } from '../../src/reports/catalog.js';
import { buildRequest, type ReportCliOptions } from '../../src/reports/request.js';
import { runReport, type OutputOptions } from '../../src/reports/run.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import type { Format } from '../../src/terminal/render.js';
import { createTestIo } from '../helpers/io.js';
import { fillPractice, NOW, TIMEZONE } from '../fixtures/practice/practice.js';

/** A temp cache holding the fixture practice. */
export function practiceDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'trackstat-report-'));
  const db = openDatabase(join(dir, 'cache.db'));
  fillPractice(db);
  return db;
}

export interface ReportRun {
  stdout: string;
  stderr: string;
  rows: number;
  audits: Array<{ counts: Record<string, number | string>; file: string | undefined }>;
}

/** Runs a report in-process against the practice, with "now" frozen at the fixture's morning. */
export async function runPracticeReport(
  db: Db,
  name: ReportName,
  opts: ReportCliOptions = {},
  output: Partial<OutputOptions> & {
    format?: Format;
    tty?: boolean;
    columnsWidth?: number;
    periodAnchor?: 'calendar' | 'billing';
  } = {},
): Promise<ReportRun> {
  const t = createTestIo({
    now: NOW,
    tty: output.tty ?? false,
    columns: output.columnsWidth ?? 200,
  });
  const format = output.format ?? 'json';
  const request = buildRequest(name, opts, {
    now: new Date(NOW),
    timezone: () => TIMEZONE,
    expiringWithinDays: 30,
    balanceThresholdCents: 0,
    periodAnchor: output.periodAnchor ?? 'calendar',
    format,
  });
  const audits: ReportRun['audits'] = [];
  const rows = await runReport(
    {
      io: t.io,
      db: async () => db,
      audit: async (counts, file) => {
        audits.push({ counts, file });
      },
    },
    name,
    request,
    {
      format,
      output: output.output,
      bom: output.bom ?? false,
      columns: output.columns,
      listColumns: output.listColumns ?? false,
    },
  );
  await new Promise((r) => setImmediate(r));
  return { stdout: t.stdout(), stderr: t.stderr(), rows, audits };
}

/** Parses JSON report output into rows keyed by column. */
export function jsonRows(run: ReportRun): Array<Record<string, unknown>> {
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
}

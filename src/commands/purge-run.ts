import type { CommandContext } from './context.js';
import { confirm } from '../terminal/prompt.js';
import type { ExitCodeValue } from '../terminal/exit-codes.js';
import { cutoffFor } from '../domain/purge-cutoff.js';
import { parseAge } from '../domain/age.js';
import { applyPurge, planPurge, type PurgePlan } from '../store/purge.js';

export interface PurgeOptions {
  olderThan: string;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
}

function planLines(plan: PurgePlan, ageText: string): string[] {
  const width = Math.max(...plan.tables.map((t) => t.table.length)) + 2;
  return [
    `History older than ${ageText} (before ${plan.cutoff.date}, practice time):`,
    ...plan.tables.map(
      (t) =>
        `  ${t.table.padEnd(width)}${String(t.rows).padStart(8)}${t.kept ? `   (rows ${t.kept} are kept)` : ''}`,
    ),
    `  ${'total'.padEnd(width)}${String(plan.total).padStart(8)}`,
  ];
}

/** Plan → confirm → delete. Takes the profile's write lock unless it is a dry run. */
export async function runPurge(
  ctx: CommandContext,
  options: PurgeOptions,
): Promise<ExitCodeValue | void> {
  const { io } = ctx;
  const age = parseAge(options.olderThan);
  // Lock before counting, so the rows confirmed are the rows deleted.
  if (!options.dryRun) ctx.lock();
  const cutoff = cutoffFor(io.now(), ctx.config().timezone(), age);
  const db = await ctx.db();
  const plan = planPurge(db, cutoff);
  const counts = Object.fromEntries(plan.tables.map((t) => [t.table, t.rows]));
  const report = (deleted: Record<string, number> | null): void => {
    if (!options.json) return;
    io.stdout.write(
      `${JSON.stringify(
        {
          older_than: age.text,
          cutoff: cutoff.instant,
          cutoff_date: cutoff.date,
          dry_run: options.dryRun,
          planned: counts,
          total: plan.total,
          deleted,
        },
        null,
        2,
      )}\n`,
    );
  };

  for (const line of planLines(plan, age.text)) io.info(line);
  if (options.dryRun) {
    io.info('Dry run: nothing was deleted.');
    report(null);
    return;
  }
  if (plan.total === 0) {
    io.info('Nothing to delete.');
    await ctx.audit({ older_than: age.text, deleted: 0 });
    report({});
    return;
  }
  if (!options.yes) {
    const go = await confirm(io, {
      message: `Delete these ${plan.total} rows permanently?`,
      flag: '--yes',
    });
    if (!go) {
      io.info('Nothing was deleted.');
      return;
    }
  }
  const deleted = applyPurge(db, cutoff);
  const total = Object.values(deleted).reduce((a, n) => a + n, 0);
  await ctx.audit({ older_than: age.text, deleted: total, ...deleted });
  io.info(`Deleted ${total} rows of history older than ${cutoff.date}.`);
  report(deleted);
}

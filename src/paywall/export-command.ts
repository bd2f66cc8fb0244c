// `trackstat export posted-payments`: writes the rows, then marks them exported (only after the
// whole file was written, so a failed write can simply be repeated).
import type { CommandContext } from '../commands/context.js';
import { closeOutput, openOutputFile, render, resolveFormat } from '../terminal/render.js';
import { markExported, postedPaymentColumns, postedPayments } from './posted-payments.js';

/** Exports posted payments and marks them exported; returns the number of rows. */
export async function exportPostedPayments(
  ctx: CommandContext,
  opts: {
    since?: string | undefined;
    all: boolean;
    output?: string | undefined;
    format?: string | undefined;
    bom: boolean;
  },
): Promise<number> {
  const db = await ctx.db();
  ctx.lock();
  const rows = postedPayments(db, { since: opts.since, all: opts.all });
  // Default CSV even on a terminal: this file is meant for the EHR's import.
  const format = resolveFormat(
    opts.format ?? (opts.output ? undefined : 'csv'),
    opts.output,
    false,
  );
  const out = opts.output ? await openOutputFile(opts.output) : ctx.io.stdout;
  await render({
    format,
    columns: postedPaymentColumns,
    rows,
    out,
    color: false,
    width: ctx.io.columns,
    bom: opts.bom,
  });
  if (opts.output) await closeOutput(out);
  markExported(
    db,
    rows.map((r) => r.id),
    ctx.io.now(),
  );
  await ctx.audit({ posted_payments: rows.length }, opts.output);
  ctx.io.info(
    rows.length === 0
      ? `No posted payments to export${opts.all ? '' : ' (use --all to include exported ones)'}.`
      : `${rows.length} posted payment${rows.length === 1 ? '' : 's'} exported${opts.output ? ` to ${opts.output}` : ''}.`,
  );
  return rows.length;
}

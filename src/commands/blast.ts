import type { AudienceName } from '../blast/audience.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../terminal/exit-codes.js';
import type { Register } from './wrap.js';

interface BlastFlags {
  audience?: string;
  date?: string;
  within?: string;
  patients?: string;
  patientsFile?: string;
  channel: string;
  limit?: string;
  dryRun?: boolean;
  yes?: boolean;
  schedule?: boolean;
  json?: boolean;
}

const audienceWords = ['missing', 'expired', 'expiring', 'declined', 'today', 'all-active'];

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`${name} must be a positive whole number.`);
  return Number(v);
}

/** `trackstat card-update-blast`, `trackstat blasts`, `trackstat blasts show RUN`. */
export const register: Register = (program, wrap) => {
  program
    .command('card-update-blast')
    .description(
      'text/email patients a secure link to update the card on file (plan → confirm → send)',
    )
    .option(
      '--audience <list>',
      `comma-separated: ${audienceWords.join(', ')}`,
      'missing,expired,expiring',
    )
    .option('--date <date>', 'the day for the "today" audience (YYYY-MM-DD)')
    .option(
      '--within <days>',
      'expiring within this many days (default: config cards.expiring_within_days)',
    )
    .option('--patients <accounts>', 'only these patients (comma-separated accounts, or #ID)')
    .option(
      '--patients-file <file>',
      'only the patients listed in this file (one account per line)',
    )
    .option(
      '--channel <channel>',
      'sms, email or both (SMS first, email when texting is not possible)',
      'both',
    )
    .option('--limit <n>', 'send at most this many messages in this run')
    .option('--dry-run', 'print the plan and change nothing')
    .option('-y, --yes', 'send without asking')
    .option(
      '--schedule',
      'outside quiet hours, plan now and send in the next run inside the window',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat card-update-blast --dry-run\n  $ trackstat sync && trackstat card-update-blast --yes          (nightly cron)\n  $ trackstat card-update-blast --audience all-active --channel email --yes\n  $ trackstat card-update-blast --patients 1001,1002 --channel sms`,
    )
    .action(
      wrap<BlastFlags>(async (ctx, _args, opts) => {
        const audiences = (opts.audience ?? '')
          .split(',')
          .map((a) => a.trim().toLowerCase())
          .filter((a) => a !== '');
        const bad = audiences.filter((a) => !audienceWords.includes(a));
        if (bad.length > 0 || audiences.length === 0) {
          throw new UsageError(
            `Unknown audience: ${bad.join(', ') || '(empty)'}.`,
            `Use any of: ${audienceWords.join(', ')}.`,
          );
        }
        if (!['sms', 'email', 'both'].includes(opts.channel)) {
          throw new UsageError('--channel must be sms, email or both.');
        }
        const { isIsoDate } = await import('../domain/dates.js');
        if (opts.date !== undefined && !isIsoDate(opts.date)) {
          throw new UsageError(`--date must be a date such as 2026-11-27, not "${opts.date}".`);
        }
        if (opts.patients && opts.patientsFile) {
          throw new UsageError('Use either --patients or --patients-file, not both.');
        }
        if (opts.dryRun && opts.schedule)
          throw new UsageError('--dry-run and --schedule conflict.');
        const within = opts.within === undefined ? undefined : Number(opts.within);
        if (within !== undefined && (!Number.isInteger(within) || within < 0 || within > 365)) {
          throw new UsageError('--within must be a whole number of days from 0 to 365.');
        }
        const limit = positive('--limit', opts.limit);
        if (opts.date && !audiences.includes('today')) audiences.push('today');
        const channel = opts.channel as 'sms' | 'email' | 'both';

        const [
          { runCardUpdateBlast },
          { openBlastProviders },
          present,
          refs,
          { confirm },
          { startProgress },
        ] = await Promise.all([
          import('../blast/run.js'),
          import('../blast/open-deps.js'),
          import('../blast/present.js'),
          import('../blast/patient-refs.js'),
          import('../terminal/prompt.js'),
          import('../terminal/progress.js'),
        ]);
        let progress: ReturnType<typeof startProgress> | undefined;
        if (!opts.dryRun) ctx.lock();
        const db = await ctx.db();
        const patientRefs = opts.patientsFile
          ? refs.readPatientsFile(opts.patientsFile)
          : opts.patients
            ? opts.patients
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : undefined;
        const patientIds = patientRefs ? refs.resolvePatientRefs(db, patientRefs) : undefined;
        const providers = await openBlastProviders(channel, {
          io: ctx.io,
          config: ctx.config(),
          credentials: ctx.credentials(),
          dryRun: opts.dryRun === true,
        });
        const run = runCardUpdateBlast(
          {
            audiences: audiences as AudienceName[],
            date: opts.date,
            within,
            patientIds,
            channel,
            limit,
            dryRun: opts.dryRun === true,
            yes: opts.yes === true,
            schedule: opts.schedule === true,
          },
          {
            io: ctx.io,
            db,
            config: ctx.config(),
            templatesDir: ctx.paths.templates,
            ...providers,
            onPlan: (plan, resolved) => present.printPlan(ctx.io, plan, resolved),
            confirm: (message) => confirm(ctx.io, { message, flag: '--yes' }),
            onSendProgress: (done, total) => {
              progress ??= startProgress(ctx.io, `Sending ${done}/${total}`);
              progress.update(`Sending ${done}/${total}`);
            },
          },
        );
        // The spinner stops whatever happens, so an error is printed on a clean line.
        const result = await run.finally(() => progress?.stop());
        present.printOutcome(ctx.io, result);
        if (opts.json)
          ctx.io.stdout.write(`${JSON.stringify(present.blastJson(result), null, 2)}\n`);
        await ctx.audit({
          run: result.plan.runId,
          outcome: result.outcome,
          planned: result.plan.sends.length + result.plan.pending,
          sent: result.send?.sent ?? 0,
          failed: result.send?.failed ?? 0,
          unknown: result.send?.unknown ?? 0,
        });
        if (result.send && (result.send.failed > 0 || result.send.unknown > 0))
          return ExitCode.Partial;
        return ExitCode.Ok;
      }),
    );

  const blasts = program
    .command('blasts')
    .description('list card-update blast runs (newest first)')
    .option('--limit <n>', 'how many runs', '20')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat blasts\n  $ trackstat blasts show cu-20261127-140000',
    )
    .action(
      wrap<{ limit: string; format?: string }>(async (ctx, _args, opts) => {
        const limit = positive('--limit', opts.limit) ?? 20;
        const [{ listRuns }, { render, resolveFormat }] = await Promise.all([
          import('../blast/runs.js'),
          import('../terminal/render.js'),
        ]);
        const rows = listRuns(await ctx.db(), limit).map((r) => ({
          ...r,
          c: JSON.parse(r.counts) as Record<string, unknown>,
        }));
        const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            // The run id is what `blasts show RUN` needs: never cut it on a narrow terminal.
            { key: 'run', value: (r) => r.id, minWidth: 18 },
            { key: 'started', value: (r) => r.started_at, minWidth: 10 },
            { key: 'status', value: (r) => r.status },
            { key: 'audience', value: (r) => r.audience },
            { key: 'channels', value: (r) => r.channels },
            { key: 'sent', kind: 'int', value: (r) => n(r.c.sent) },
            {
              key: 'failed',
              kind: 'int',
              value: (r) => n(r.c.failed),
              tone: (r) => (n(r.c.failed) > 0 ? 'red' : undefined),
            },
            { key: 'unknown', kind: 'int', value: (r) => n(r.c.unknown) },
          ],
          rows,
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'No blasts yet.',
        });
      }),
    );

  blasts
    .command('show')
    .description('show one run: counts and every message (patient, channel, status, reason)')
    .argument('<run>', 'run id, as listed by trackstat blasts')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat blasts show cu-20261127-140000\n  $ trackstat blasts show cu-20261127-140000 --format csv > run.csv',
    )
    .action(
      wrap<{ format?: string }>(async (ctx, [runId], opts) => {
        const [{ getRun, runMessages }, { render, resolveFormat }, { describeRunCounts }] =
          await Promise.all([
            import('../blast/runs.js'),
            import('../terminal/render.js'),
            import('../blast/present.js'),
          ]);
        const db = await ctx.db();
        const run = getRun(db, runId ?? '');
        if (!run) {
          throw new UsageError(`No blast run "${runId}".`, 'List the runs with: trackstat blasts');
        }
        const counts = JSON.parse(run.counts) as Record<string, unknown>;
        ctx.io.info(
          `Run ${run.id}: ${run.status}; started ${run.started_at}${run.finished_at ? `, finished ${run.finished_at}` : ''}; audience ${run.audience ?? ''}; channels ${run.channels ?? ''}`,
        );
        ctx.io.info(describeRunCounts(counts));
        await render({
          // `blasts show RUN --format F`: commander hands --format to the parent `blasts`.
          format: resolveFormat(
            opts.format ?? blasts.opts<{ format?: string }>().format,
            undefined,
            ctx.io.stdoutIsTTY,
          ),
          columns: [
            { key: 'patient', value: (m) => m.patient },
            { key: 'account', value: (m) => m.account },
            { key: 'channel', value: (m) => m.channel },
            {
              key: 'status',
              value: (m) => m.status,
              tone: (m) =>
                m.status === 'failed' ? 'red' : m.status === 'unknown' ? 'yellow' : undefined,
            },
            { key: 'reason', value: (m) => m.reason },
            { key: 'card_updated', kind: 'bool', value: (m) => m.card_updated === 1 },
            { key: 'at', value: (m) => m.at },
          ],
          rows: runMessages(db, run.id),
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'No messages in this run.',
        });
      }),
    );
};

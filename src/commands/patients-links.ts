import { UsageError } from '../errors.js';
import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

interface LinkOptions {
  fortisContact?: string;
  cashpracticePatient?: string;
}

function target(opts: LinkOptions): { source: 'fortis' | 'cashpractice'; id: string } {
  if (opts.fortisContact !== undefined && opts.cashpracticePatient !== undefined) {
    throw new UsageError('Give either --fortis-contact or --cashpractice-patient, not both.');
  }
  if (opts.fortisContact !== undefined) return { source: 'fortis', id: opts.fortisContact.trim() };
  if (opts.cashpracticePatient !== undefined) {
    return { source: 'cashpractice', id: opts.cashpracticePatient.trim() };
  }
  throw new UsageError(
    'Say which processor record: --fortis-contact ID or --cashpractice-patient ID.',
  );
}

/** `trackstat patients unmatched | link | unlink`: the manual matching decisions (DOMAIN §2). */
export const register: Register = (program, wrap) => {
  const patients = commandGroup(
    program,
    'patients',
    'patients and their links to processor records',
    [
      'trackstat patients unmatched',
      'trackstat patients link 10042 --fortis-contact 11e95f8ec39de8fbdb0a4f1a',
      'trackstat patients unlink 10042 --cashpractice-patient 8812',
    ],
  );
  patients
    .command('unmatched')
    .description('processor records not linked to a patient, with the candidates that fit')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat patients unmatched\n  $ trackstat patients unmatched --format csv',
    )
    .action(
      wrap<{ format?: string }>(async (ctx, _args, opts) => {
        const [{ listUnmatched }, { render, resolveFormat }] = await Promise.all([
          import('../sync/patient-links.js'),
          import('../terminal/render.js'),
        ]);
        const rows = listUnmatched(await ctx.db());
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            { key: 'source', value: (r) => r.source },
            { key: 'id', value: (r) => r.upstream_id },
            { key: 'name', value: (r) => r.name },
            { key: 'email', value: (r) => r.email },
            { key: 'mobile', value: (r) => r.mobile },
            { key: 'account_number', value: (r) => r.account_number },
            { key: 'reason', value: (r) => r.reason },
            { key: 'candidates', kind: 'list', value: (r) => r.candidates },
          ],
          rows,
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'Every processor record is linked to a patient.',
        });
        // The list is only useful with the next step: say it with this list's own ids.
        const first = rows[0];
        if (first) {
          const flag = first.source === 'fortis' ? '--fortis-contact' : '--cashpractice-patient';
          const account = first.candidates[0] ?? 'ACCOUNT';
          ctx.io.info(
            `Decide with: trackstat patients link ${account} ${flag} ${first.upstream_id} (or patients unlink … to keep them apart); later syncs keep the decision.`,
          );
        }
      }),
    );

  patients
    .command('link')
    .description('link a processor record to the patient with this EHR account (sync keeps it)')
    .argument('<account>', 'EHR account number')
    .option('--fortis-contact <id>', 'Fortis contact id')
    .option('--cashpractice-patient <id>', 'Cash Practice patient id')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat patients link 10042 --fortis-contact 11e95f8ec39de8fbdb0a4f1a',
    )
    .action(
      wrap<LinkOptions>(async (ctx, args, opts) => {
        const t = target(opts);
        ctx.lock();
        const { linkManually } = await import('../sync/patient-links.js');
        linkManually(await ctx.db(), args[0] ?? '', t.source, t.id, ctx.io.now());
        ctx.io.info(
          `Linked ${t.source} ${t.id} to patient ${args[0] ?? ''} (manual; sync keeps it).`,
        );
      }),
    );

  patients
    .command('unlink')
    .description('never link a processor record to the patient with this EHR account')
    .argument('<account>', 'EHR account number')
    .option('--fortis-contact <id>', 'Fortis contact id')
    .option('--cashpractice-patient <id>', 'Cash Practice patient id')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat patients unlink 10042 --fortis-contact 11e95f8ec39de8fbdb0a4f1a',
    )
    .action(
      wrap<LinkOptions>(async (ctx, args, opts) => {
        const t = target(opts);
        ctx.lock();
        const { unlinkManually } = await import('../sync/patient-links.js');
        const r = unlinkManually(await ctx.db(), args[0] ?? '', t.source, t.id, ctx.io.now());
        ctx.io.info(
          `${r.wasLinked ? 'Unlinked' : 'Kept apart'}: ${t.source} ${t.id} will not be linked to patient ${args[0] ?? ''}.`,
        );
      }),
    );
};

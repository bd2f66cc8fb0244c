import type { Register } from './wrap.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `trackstat invoice create|list|show|resend|void`: invoices for services received, with a payment link. */
export const register: Register = (program, wrap) => {
  const invoice = program
    .command('invoice')
    .description('invoice a patient for services received and send a payment link')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat invoice create --patient 10234             (pick services on a terminal)\n  $ trackstat invoice create --patient "Jane Doe" --charges all-unpaid --send sms --yes\n  $ trackstat invoice list --status overdue`,
    );

  invoice
    .command('create')
    .description(
      'create an invoice (Fortis quick invoice or Cash Practice pay-now link) and send it',
    )
    .option('--patient <patient>', 'account number, processor customer id, or a name to search')
    .option(
      '--service <code[:amount]>',
      'a service by code; blank amount = full fee (repeatable)',
      collect,
      [],
    )
    .option(
      '--item <text:amount>',
      'a free line, e.g. "Orthotics:120.00" (repeatable)',
      collect,
      [],
    )
    .option('--charges <which>', 'all-unpaid: every unpaid, uninvoiced service received')
    .option('--due <date>', 'due date (default: today + invoices.due_days)')
    .option('--note <text>', 'a note printed on the invoice')
    .option('--preview', 'show the invoice; create and send nothing')
    .option('--dry-run', 'same as --preview')
    .option('--html <file>', 'with --preview: write a printable HTML page')
    .option('--send <channels>', 'sms, email, both or none (none prints the link)', 'none')
    .option('--send-via <who>', 'trackstat (default) or fortis (Fortis emails/texts it)')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat invoice create --patient 10234 --service 98941 --service 97140:45 --preview --html inv.html\n  $ trackstat invoice create --patient 10234 --item "Orthotics:120.00" --send email --yes',
    )
    .action(
      wrap<{
        patient?: string;
        service: string[];
        item: string[];
        charges?: string;
        due?: string;
        note?: string;
        preview?: boolean;
        dryRun?: boolean;
        html?: string;
        send: string;
        sendVia?: string;
        yes?: boolean;
      }>(async (ctx, _args, o) => {
        const { invoiceCreate } = await import('../invoices/command.js');
        return invoiceCreate(ctx, {
          patient: o.patient,
          services: o.service,
          items: o.item,
          charges: o.charges,
          due: o.due,
          note: o.note,
          preview: o.preview === true || o.dryRun === true,
          html: o.html,
          send: o.send,
          sendVia: o.sendVia,
          yes: o.yes === true,
        });
      }),
    );

  invoice
    .command('list')
    .description('list invoices')
    .option('--status <status>', 'open, paid or overdue')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat invoice list --status overdue\n  $ trackstat invoice list --format csv > invoices.csv',
    )
    .action(
      wrap<{ status?: string; format?: string }>(async (ctx, _args, o) => {
        const { invoiceList } = await import('../invoices/command.js');
        await invoiceList(ctx, o);
      }),
    );

  invoice
    .command('show')
    .description('show one invoice with its items and payment link')
    .argument('<id>', 'invoice number (or processor id)')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat invoice show 12\n  $ trackstat invoice show 12 --json',
    )
    .action(
      wrap<{ json?: boolean }>(async (ctx, [id], o) => {
        const { invoiceShow } = await import('../invoices/command.js');
        await invoiceShow(ctx, id ?? '', o.json === true);
      }),
    );

  invoice
    .command('resend')
    .description("send an unpaid invoice's payment link again")
    .argument('<id>', 'invoice number')
    .option('--send <channels>', 'sms, email or both', 'both')
    .option('--send-via <who>', 'trackstat (default) or fortis')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat invoice resend 12 --send email\n  $ trackstat invoice resend 12 --send sms --yes',
    )
    .action(
      wrap<{ send: string; sendVia?: string; yes?: boolean }>(async (ctx, [id], o) => {
        const { invoiceResend } = await import('../invoices/command.js');
        return invoiceResend(ctx, id ?? '', o);
      }),
    );

  invoice
    .command('void')
    .description('void an unpaid invoice (deletes the Fortis quick invoice) and free its charges')
    .argument('<id>', 'invoice number')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExamples:\n  $ trackstat invoice void 12')
    .action(
      wrap<{ yes?: boolean }>(async (ctx, [id], o) => {
        const { invoiceVoid } = await import('../invoices/command.js');
        await invoiceVoid(ctx, id ?? '', { yes: o.yes === true });
      }),
    );
};

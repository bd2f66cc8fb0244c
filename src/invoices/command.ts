// Wires the invoice use cases to a profile: cache, config, processors, messaging, lock, audit.
import type { CommandContext } from '../commands/context.js';
import { todayIn } from '../domain/dates.js';
import { UsageError } from '../errors.js';
import { deliverLinks } from '../paywall/deliver.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import { confirm } from '../terminal/prompt.js';
import { formatCents, render, resolveFormat } from '../terminal/render.js';
import { invoiceCreateFlow, type InvoiceCreateOptions, type InvoiceSender } from './create-flow.js';
import { displayStatus, requireInvoice, showText, voidInvoice } from './manage.js';
import { parseSend, parseSendVia } from './options.js';
import type { InvoicePort } from './ports.js';
import type { PracticeHeader } from './preview.js';
import { listInvoices, recordSent, type InvoiceRow } from './store.js';
import type { InvoiceTarget } from './target.js';

function practiceHeader(ctx: CommandContext): PracticeHeader {
  const c = ctx.config();
  return {
    name: c.string('practice.name'),
    address: c.string('practice.address'),
    phone: c.string('practice.phone'),
    email: c.string('practice.email'),
  };
}

function connected(ctx: CommandContext): { fortis: boolean; cashpractice: boolean } {
  const creds = ctx.credentials();
  const f = creds.get('fortis')?.values ?? {};
  const cp = creds.get('cashpractice')?.values ?? {};
  return {
    fortis: Boolean(f.user_id && f.user_api_key && f.location_id),
    cashpractice: Boolean(cp.api_key),
  };
}

async function portFor(ctx: CommandContext, source: InvoiceTarget['source']): Promise<InvoicePort> {
  if (source === 'fortis') {
    const [{ fortisClientFor }, { fortisInvoicePort }] = await Promise.all([
      import('../integrations/fortis/connection.js'),
      import('./fortis-port.js'),
    ]);
    return fortisInvoicePort(
      fortisClientFor({ io: ctx.io, config: ctx.config(), credentials: ctx.credentials() }),
    );
  }
  const [{ openCashPracticeClient }, { cashPracticeInvoicePort }] = await Promise.all([
    import('../integrations/cashpractice/open-client.js'),
    import('./cashpractice-port.js'),
  ]);
  return cashPracticeInvoicePort(
    openCashPracticeClient({ io: ctx.io, config: ctx.config(), credentials: ctx.credentials() }),
  );
}

function timeZone(ctx: CommandContext): string {
  return ctx.config().string('timezone') ?? 'UTC';
}

function senderFor(
  ctx: CommandContext,
  db: Awaited<ReturnType<CommandContext['db']>>,
): InvoiceSender {
  return async (invoice, channels, period) => {
    if (invoice.patientId === null)
      throw new UsageError('This invoice has no known patient to send it to.');
    const summary = await deliverLinks(
      'invoice',
      [
        {
          patientId: invoice.patientId,
          period,
          linkId: null,
          values: {
            PaymentLink: invoice.paymentUrl ?? '',
            AmountDue: `$${formatCents(invoice.totalCents - invoice.paidCents)}`,
            DueDate: invoice.dueDate ?? '',
          },
        },
      ],
      channels,
      {
        db,
        io: ctx.io,
        config: ctx.config(),
        credentials: ctx.credentials(),
        templatesDir: ctx.paths.templates,
        timeZone: timeZone(ctx),
      },
    );
    if (summary.sent > 0) recordSent(db, invoice.id, channels, ctx.io.now());
    const failed =
      summary.failed + summary.unknown > 0 ? ['the provider refused or did not answer'] : [];
    return {
      sent: summary.sent,
      skipped: Object.entries(summary.skipped).map(([reason]) => reason.replace(/_/g, ' ')),
      failed,
    };
  };
}

/** `invoice create`. */
export async function invoiceCreate(
  ctx: CommandContext,
  opts: InvoiceCreateOptions,
): Promise<ExitCodeValue> {
  const db = await ctx.db();
  return invoiceCreateFlow(opts, {
    db,
    io: ctx.io,
    timeZone: timeZone(ctx),
    dueDays: ctx.config().number('invoices.due_days'),
    practice: practiceHeader(ctx),
    connected: connected(ctx),
    lock: () => {
      ctx.lock();
    },
    port: (target) => portFor(ctx, target.source),
    sender: async () => senderFor(ctx, db),
    audit: (counts, file) => ctx.audit(counts, file),
  });
}

/** `invoice list`. */
export async function invoiceList(
  ctx: CommandContext,
  opts: { status?: string | undefined; format?: string | undefined },
): Promise<void> {
  const status = opts.status?.toLowerCase();
  if (status !== undefined && status !== 'open' && status !== 'paid' && status !== 'overdue') {
    throw new UsageError(`--status must be open, paid or overdue, not "${opts.status}".`);
  }
  const today = todayIn(timeZone(ctx), ctx.io.now());
  const rows = listInvoices(await ctx.db(), { status, today });
  await render<InvoiceRow>({
    format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
    columns: [
      { key: 'id', kind: 'int', value: (r) => r.id },
      { key: 'created', kind: 'date', value: (r) => r.createdAt.slice(0, 10), minWidth: 10 },
      { key: 'patient', value: (r) => r.patientName, minWidth: 14 },
      { key: 'account', value: (r) => r.account, minWidth: 7 },
      // Amounts and dates are never cut on a narrow terminal; the link gives way first.
      { key: 'total', kind: 'money', value: (r) => r.totalCents, minWidth: 10 },
      { key: 'paid', kind: 'money', value: (r) => r.paidCents, minWidth: 10 },
      { key: 'due', kind: 'date', value: (r) => r.dueDate, minWidth: 10 },
      {
        key: 'status',
        minWidth: 7,
        value: (r) => displayStatus(r, today),
        tone: (r) => {
          const s = displayStatus(r, today);
          return s === 'paid'
            ? 'green'
            : s === 'overdue'
              ? 'red'
              : s === 'void'
                ? 'dim'
                : undefined;
        },
      },
      { key: 'charges', kind: 'int', value: (r) => r.chargeCount },
      { key: 'processor', value: (r) => r.source },
      { key: 'sent', value: (r) => r.sentVia },
      { key: 'link', value: (r) => r.paymentUrl, maxWidth: 50 },
    ],
    rows,
    out: ctx.io.stdout,
    color: ctx.io.color,
    width: ctx.io.columns,
    emptyText: 'No invoices.',
  });
  await ctx.audit({ invoices: rows.length });
}

/** `invoice show ID`. */
export async function invoiceShow(ctx: CommandContext, ref: string, json: boolean): Promise<void> {
  const invoice = requireInvoice(await ctx.db(), ref);
  const today = todayIn(timeZone(ctx), ctx.io.now());
  if (json) {
    ctx.io.stdout.write(
      `${JSON.stringify({ ...invoice, displayStatus: displayStatus(invoice, today) }, null, 2)}\n`,
    );
  } else {
    ctx.io.stdout.write(showText(invoice, today));
  }
}

/** `invoice resend ID`. */
export async function invoiceResend(
  ctx: CommandContext,
  ref: string,
  opts: { send?: string | undefined; sendVia?: string | undefined; yes?: boolean | undefined },
): Promise<ExitCodeValue> {
  const db = await ctx.db();
  ctx.lock();
  const invoice = requireInvoice(db, ref);
  if (invoice.status !== 'open' && invoice.status !== 'partially_paid') {
    throw new UsageError(
      `Invoice ${invoice.id} is ${invoice.status}; only unpaid invoices are resent.`,
    );
  }
  const via = parseSendVia(opts.sendVia);
  const send = via === 'fortis' ? undefined : parseSend(opts.send ?? 'both');
  if (send === 'none')
    throw new UsageError('--send none sends nothing; choose sms, email or both.');
  if (via === 'fortis' && (invoice.source !== 'fortis' || invoice.upstreamId === null)) {
    throw new UsageError('--send-via fortis works only for Fortis quick invoices.');
  }
  if (via === 'trackstat' && !invoice.paymentUrl)
    throw new UsageError(`Invoice ${invoice.id} has no payment link to send.`);
  // A resend messages the patient: confirm like every command that sends (SPEC §2).
  if (opts.yes !== true) {
    const ok = await confirm(ctx.io, {
      message: `Send invoice ${invoice.id} (${formatCents(invoice.totalCents)}, ${invoice.patientName ?? 'unknown patient'}) again${via === 'fortis' ? ' through Fortis' : ` by ${send === 'both' ? 'sms/email' : (send ?? '')}`}?`,
      flag: '--yes',
    });
    if (!ok) {
      ctx.io.info('Nothing was sent.');
      return ExitCode.Ok;
    }
  }
  if (via === 'fortis' && invoice.upstreamId !== null) {
    const port = await portFor(ctx, 'fortis');
    await port.resend(invoice.upstreamId, { email: true, sms: true });
    recordSent(db, invoice.id, 'fortis', ctx.io.now());
    ctx.io.info(`Fortis was asked to send invoice ${invoice.id} again.`);
    await ctx.audit({ invoices_resent: 1 });
    return ExitCode.Ok;
  }
  if (send === undefined) return ExitCode.Usage; // --send-via fortis returned above
  // Each resend is its own dedupe period (the ledger would otherwise call it already sent).
  const count = (
    db
      .prepare("SELECT count(*) AS n FROM messages WHERE purpose = 'invoice' AND dedupe_key LIKE ?")
      .get(`invoice:%:%:inv${invoice.id}%`) as { n: number }
  ).n;
  const result = await senderFor(ctx, db)(invoice, send, `inv${invoice.id}-r${count + 1}`);
  for (const s of [...result.skipped, ...result.failed]) ctx.io.warn(`Not sent: ${s}`);
  if (result.sent > 0) ctx.io.info(`Invoice ${invoice.id} sent again.`);
  await ctx.audit({ invoices_resent: 1, messages_sent: result.sent });
  return result.sent > 0 ? ExitCode.Ok : ExitCode.Partial;
}

/** `invoice void ID`. */
export async function invoiceVoid(
  ctx: CommandContext,
  ref: string,
  opts: { yes: boolean },
): Promise<void> {
  const db = await ctx.db();
  ctx.lock();
  const invoice = requireInvoice(db, ref);
  if (!opts.yes && invoice.status !== 'void') {
    const ok = await confirm(ctx.io, {
      message: `Void invoice ${invoice.id} (${formatCents(invoice.totalCents)}, ${invoice.patientName ?? 'unknown patient'})?`,
      flag: '--yes',
    });
    if (!ok) {
      ctx.io.info('Nothing was changed.');
      return;
    }
  }
  await voidInvoice(db, ctx.io, invoice, () =>
    portFor(ctx, invoice.source === 'cashpractice' ? 'cashpractice' : 'fortis'),
  );
  await ctx.audit({ invoices_voided: 1 });
}

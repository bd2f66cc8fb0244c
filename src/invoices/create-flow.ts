// `trackstat invoice create`: patient → items → draft → preview, or plan → confirm → create → send.
import { writeFileSync } from 'node:fs';
import { todayIn } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/io.js';
import { confirm } from '../terminal/prompt.js';
import { InputRequiredError, UsageError } from '../errors.js';
import { openCharges, serviceCatalogue } from './charges.js';
import { createInvoice, existingInvoice } from './create.js';
import { buildDraft, type InvoiceDraft } from './draft.js';
import { chooseItems } from './interactive.js';
import { dueDate, parseSend, parseSendVia, type SendChannels } from './options.js';
import type { InvoicePort } from './ports.js';
import { previewHtml, previewText, type PracticeHeader } from './preview.js';
import { resolvePatient } from './resolve-patient.js';
import { selectFromFlags } from './selection.js';
import type { InvoiceRow } from './store.js';
import { chooseTarget, type InvoiceTarget } from './target.js';

export interface InvoiceCreateOptions {
  patient?: string | undefined;
  services: string[];
  items: string[];
  charges?: string | undefined;
  due?: string | undefined;
  note?: string | undefined;
  preview: boolean;
  html?: string | undefined;
  send?: string | undefined;
  sendVia?: string | undefined;
  yes: boolean;
}

/** Sends an invoice's payment link to the patient through the messaging layer. */
export type InvoiceSender = (
  invoice: InvoiceRow,
  channels: Exclude<SendChannels, 'none'>,
  period: string,
) => Promise<{ sent: number; skipped: string[]; failed: string[] }>;

export interface InvoiceCreateDeps {
  db: Db;
  io: Io;
  timeZone: string;
  dueDays: number;
  practice: PracticeHeader;
  connected: { fortis: boolean; cashpractice: boolean };
  lock(): void;
  port(target: InvoiceTarget): Promise<InvoicePort>;
  sender(): Promise<InvoiceSender>;
  audit(counts: Record<string, number | string>, file?: string): Promise<void>;
}

/** Why this invoice could not be sent, for the exit code (3 when the link was made but not sent). */
function sendProblems(result: { skipped: string[]; failed: string[] }): string[] {
  return [...result.skipped, ...result.failed];
}

/** Runs `invoice create`; returns the exit code. */
export async function invoiceCreateFlow(
  opts: InvoiceCreateOptions,
  deps: InvoiceCreateDeps,
): Promise<ExitCodeValue> {
  const { db, io } = deps;
  const send = parseSend(opts.send);
  const via = parseSendVia(opts.sendVia);
  if (opts.html !== undefined && !opts.preview) {
    throw new UsageError('--html writes the preview page; use it with --preview.');
  }
  const today = todayIn(deps.timeZone, io.now());
  const due = dueDate(opts.due, today, deps.dueDays);
  const patient = await resolvePatient(io, db, opts.patient);
  const open = openCharges(db, patient.id);
  const catalogue = serviceCatalogue(db);
  const byFlags = opts.charges !== undefined || opts.services.length > 0 || opts.items.length > 0;
  if (!byFlags && !io.canPrompt) {
    throw new InputRequiredError(
      'Which services go on the invoice?',
      '--charges all-unpaid, --service CODE[:AMOUNT] or --item "Text:AMOUNT"',
    );
  }
  const items = byFlags
    ? selectFromFlags(
        { charges: opts.charges, services: opts.services, items: opts.items },
        open,
        catalogue,
      )
    : await chooseItems(io, open, catalogue);
  const draft = buildDraft({
    patient,
    items,
    dueDate: due,
    note: opts.note ?? null,
    practiceName: deps.practice.name,
  });

  if (opts.preview) {
    if (opts.html !== undefined) {
      try {
        writeFileSync(opts.html, previewHtml(draft, deps.practice, today), { mode: 0o600 });
      } catch (err) {
        // A missing folder or a read-only place is the user's --html value, not a bug.
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!['ENOENT', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR'].includes(code)) throw err;
        throw new UsageError(
          `Cannot write ${opts.html} (${code}).`,
          'Give --html a file path in a folder you can write to, e.g. ./invoice.html.',
        );
      }
    }
    io.stdout.write(previewText(draft, deps.practice, io.columns));
    if (opts.html !== undefined) io.info(`Printable page written to ${opts.html}.`);
    io.info('Preview only: nothing was created or sent.');
    return ExitCode.Ok;
  }

  deps.lock();
  const already = existingInvoice(db, draft);
  if (already) {
    io.warn(
      `This selection was already invoiced as invoice ${already.id} (${already.status}); nothing new was created.`,
    );
    if (already.paymentUrl) io.stdout.write(`${already.paymentUrl}\n`);
    return ExitCode.Ok;
  }
  const target = chooseTarget(db, patient.id, deps.connected);
  if (via === 'fortis' && target.source !== 'fortis') {
    throw new UsageError(
      '--send-via fortis needs the invoice to go to Fortis.',
      'Use --send instead.',
    );
  }
  describePlan(io, draft, target, send, via, deps.practice);
  if (!opts.yes) {
    const ok = await confirm(io, { message: 'Create this invoice?', flag: '--yes', default: true });
    if (!ok) {
      io.info('Nothing was created.');
      return ExitCode.Ok;
    }
  }
  const port = await deps.port(target);
  const outcome = await createInvoice(db, draft, port, {
    contactId: target.contactId,
    processorSends: via === 'fortis',
    now: () => io.now(),
  });
  const invoice = outcome.invoice;
  if (outcome.kind === 'created' && outcome.resumed) {
    io.info(
      `Invoice ${invoice.id} was already started by an earlier run; it was completed, not duplicated.`,
    );
  }
  io.info(
    `Invoice ${invoice.id} created at ${target.source === 'fortis' ? 'Fortis' : 'Cash Practice'} for $${(invoice.totalCents / 100).toFixed(2)}, due ${invoice.dueDate ?? due}.`,
  );
  if (invoice.paymentUrl) io.stdout.write(`${invoice.paymentUrl}\n`);
  io.info("Invoices may take about 30 minutes to appear in the processor's own dashboard.");
  let code: ExitCodeValue = ExitCode.Ok;
  let sent = 0;
  if (via === 'fortis') {
    const { recordSent } = await import('./store.js');
    recordSent(db, invoice.id, 'fortis', io.now());
    io.info('Fortis sends the invoice to the patient.');
  } else if (send !== 'none') {
    if (!invoice.paymentUrl) {
      io.warn('The processor returned no payment link, so nothing was sent.');
      code = ExitCode.Partial;
    } else {
      const result = await (await deps.sender())(invoice, send, `inv${invoice.id}`);
      sent = result.sent;
      const problems = sendProblems(result);
      if (result.sent > 0)
        io.info(`Payment link sent (${result.sent} message${result.sent === 1 ? '' : 's'}).`);
      for (const p of problems) io.warn(`Not sent: ${p}`);
      if (result.sent === 0) code = ExitCode.Partial;
    }
  }
  await deps.audit({ invoices_created: 1, messages_sent: sent });
  return code;
}

function describePlan(
  io: Io,
  draft: InvoiceDraft,
  target: InvoiceTarget,
  send: SendChannels,
  via: 'trackstat' | 'fortis',
  practice: PracticeHeader,
): void {
  for (const line of previewText(draft, practice, io.columns).trimEnd().split('\n')) io.info(line);
  const where =
    target.source === 'fortis' ? 'a Fortis quick invoice' : 'a Cash Practice pay-now link';
  const how =
    via === 'fortis'
      ? 'Fortis emails/texts it'
      : send === 'none'
        ? 'the link is printed, not sent'
        : `the link is sent by ${send === 'both' ? 'text and email' : send}`;
  io.info(`Plan: create ${where}; ${how}.`);
}

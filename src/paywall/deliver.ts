// Sending payment links (pay wall and invoices) to patients through the messaging layer, with its
// rules: quiet hours, do-not-contact, opt-outs, SMS consent, and a ledger row per message written
// before the send. The dedupe period (an appointment, an invoice) makes a rerun send nothing new.
import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import type { Mailer } from '../integrations/smtp/mailer.js';
import { composeEmail, composeSms, practiceValues } from '../messaging/compose.js';
import { chooseChannel, type ContactFacts } from '../messaging/eligibility.js';
import { dedupeKey, hasTextedBefore, planMessage, type MessageRow } from '../messaging/ledger.js';
import { isOptedOut } from '../messaging/opt-outs.js';
import { practiceInfo, unnamedPracticeWarning } from '../messaging/practice.js';
import { parseWindow, windowState } from '../messaging/quiet-hours.js';
import { sendPlannedMessages, type SendDeps } from '../messaging/send-planned.js';
import { loadTemplates, type MergeValues } from '../messaging/templates.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';

export interface LinkDelivery {
  patientId: number;
  /** What the message is about: an appointment id, or "inv<ID>" (plus "-r<n>" for a resend). */
  period: string;
  linkId: number | null;
  /** PaymentLink, AmountDue, DueDate, Appointment* — the practice and patient fields are added. */
  values: MergeValues;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  unknown: number;
  /** Not sent, per reason (quiet_hours, already_sent, no_sms_consent, …). */
  skipped: Record<string, number>;
}

export interface DeliveryDeps {
  db: Db;
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
  templatesDir: string;
  timeZone: string;
}

interface PatientFactsRow {
  first_name: string | null;
  last_name: string | null;
  mobile: string | null;
  email: string | null;
  do_not_contact: number;
  sms_consent_at: string | null;
  sms_opt_out_at: string | null;
  email_opt_out_at: string | null;
}

function factsOf(db: Db, row: PatientFactsRow): ContactFacts {
  return {
    doNotContact: row.do_not_contact === 1,
    mobile: row.mobile,
    email: row.email,
    smsConsentAt: row.sms_consent_at,
    smsOptOutAt: row.sms_opt_out_at,
    emailOptOutAt: row.email_opt_out_at,
    smsOnOptOutList: row.mobile ? isOptedOut(db, 'sms', row.mobile) : false,
    emailOnOptOutList: row.email ? isOptedOut(db, 'email', row.email) : false,
  };
}

function alreadyMessaged(db: Db, purpose: string, patientId: number, period: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM messages WHERE purpose = ? AND patient_id = ? AND dedupe_key LIKE ? ESCAPE '\\'
           AND status IN ('sent', 'sending', 'unknown') LIMIT 1`,
      )
      .get(purpose, patientId, `${purpose}:${patientId}:%:${period.replace(/[\\%_]/g, '\\$&')}`) !==
    undefined
  );
}

/** Plans and sends one message per delivery on the chosen channel(s); returns the counts. */
export async function deliverLinks(
  purpose: 'paywall' | 'invoice',
  deliveries: readonly LinkDelivery[],
  channels: 'sms' | 'email' | 'both',
  deps: DeliveryDeps,
): Promise<DeliverySummary> {
  const { db, io, config } = deps;
  const summary: DeliverySummary = { sent: 0, failed: 0, unknown: 0, skipped: {} };
  const skip = (reason: string, n = 1): void => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
  };
  if (deliveries.length === 0) return summary;
  const window = parseWindow(config.string('messaging.window') ?? '09:00-20:00');
  const state = windowState(window, deps.timeZone, io.now());
  if (!state.inside) {
    skip('quiet_hours', deliveries.length);
    return summary;
  }
  const { twilioConfigured, twilioFromCredentials } =
    await import('../integrations/twilio/from-credentials.js');
  const { smtpConfigured, smtpSettingsFrom } =
    await import('../integrations/smtp/from-credentials.js');
  const available = {
    sms: twilioConfigured(deps.credentials),
    email: smtpConfigured(deps.credentials),
  };
  const requireConsent = config.boolean('messaging.require_sms_consent');
  const templates = loadTemplates(deps.templatesDir, purpose);
  const practice = practiceInfo(config);
  const unnamed = unnamedPracticeWarning(config);
  if (unnamed) deps.io.warn(unnamed);
  const patientStmt = db.prepare(
    `SELECT first_name, last_name, mobile, email, do_not_contact, sms_consent_at, sms_opt_out_at, email_opt_out_at
       FROM patients WHERE id = ?`,
  );
  const planned: MessageRow[] = [];
  const valuesById = new Map<number, MergeValues>();
  for (const d of deliveries) {
    const p = patientStmt.get(d.patientId) as PatientFactsRow | undefined;
    if (!p) {
      skip('no_patient');
      continue;
    }
    if (alreadyMessaged(db, purpose, d.patientId, d.period)) {
      skip('already_sent');
      continue;
    }
    const choice = chooseChannel(factsOf(db, p), channels, requireConsent, available);
    if ('skip' in choice) {
      skip(choice.skip);
      continue;
    }
    const row = planMessage(
      db,
      {
        runId: null,
        patientId: d.patientId,
        channel: choice.channel,
        purpose,
        dedupeKey: dedupeKey(purpose, d.patientId, choice.channel, d.period),
        template: purpose,
        to: choice.channel === 'sms' ? p.mobile : p.email,
        linkId: d.linkId ?? undefined,
      },
      io.now(),
    );
    if (row.status !== 'planned') {
      skip('already_sent');
      continue;
    }
    planned.push(row);
    valuesById.set(row.id, {
      ...practiceValues(practice),
      PatientFirstName: p.first_name ?? '',
      PatientFullName: [p.first_name, p.last_name].filter(Boolean).join(' '),
      ...d.values,
    });
  }
  if (planned.length === 0) return summary;
  const needSms = planned.some((r) => r.channel === 'sms');
  const needEmail = planned.some((r) => r.channel === 'email');
  const sendDeps: SendDeps = {
    db,
    now: () => io.now(),
    log: (line) => io.warn(line),
    sms: needSms ? twilioFromCredentials(deps.credentials, io) : undefined,
  };
  let mailer: Mailer | undefined;
  if (needEmail) {
    const { createMailer } = await import('../integrations/smtp/mailer.js');
    mailer = await createMailer(smtpSettingsFrom(deps.credentials));
    sendDeps.mailer = mailer;
  }
  try {
    const result = await sendPlannedMessages(
      {
        messages: planned,
        validitySeconds: state.secondsLeft,
        prepare: async (row) => {
          const values = valuesById.get(row.id) ?? {};
          if (row.channel === 'sms') {
            const to = row.to_address ?? '';
            return {
              channel: 'sms',
              to,
              body: composeSms(templates, values, !hasTextedBefore(db, to)),
            };
          }
          return {
            channel: 'email',
            email: composeEmail(templates, values, practice, row.to_address ?? ''),
          };
        },
      },
      sendDeps,
    );
    summary.sent += result.sent;
    summary.failed += result.failed;
    summary.unknown += result.unknown;
    for (const [reason, n] of Object.entries(result.skipped)) skip(reason, n);
  } finally {
    mailer?.close();
  }
  return summary;
}

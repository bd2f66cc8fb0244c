// The plan of a card-update blast: who gets what on which channel, who is skipped and why, and the
// estimated SMS segments. Reads the cache only; nothing is written here (--dry-run stops after it).
import { composeSms, type PracticeInfo } from '../messaging/compose.js';
import { chooseChannel, type SkipReason } from '../messaging/eligibility.js';
import { hasTextedBefore, messagedSince, type Channel } from '../messaging/ledger.js';
import { countSegments } from '../messaging/segments.js';
import type { MessageTemplates } from '../messaging/templates.js';
import type { Db } from '../store/db.js';
import { selectAudience, type AudienceOptions } from './audience.js';
import { contactFacts, contactRow, processorContacts } from './contact-facts.js';
import { cardUpdateValues } from './merge-values.js';

export interface PlannedSend {
  patientId: number;
  name: string;
  channel: Channel;
  to: string;
  linkSource: 'fortis' | 'cashpractice';
  contactId: string | null;
  segments: number;
}

export interface BlastPlan {
  runId: string;
  resumed: boolean;
  sends: PlannedSend[];
  /** Messages already planned by the resumed run and still waiting. */
  pending: number;
  /** Patients in the audience per audience name. */
  audiences: Record<string, number>;
  skipped: Record<string, number>;
  skippedPatients: Array<{
    patientId: number;
    account: string | null;
    name: string;
    reason: string;
  }>;
  segments: number;
}

export interface PlanOptions extends AudienceOptions {
  runId: string;
  resumed: boolean;
  channel: 'sms' | 'email' | 'both';
  limit: number | undefined;
  cooldownDays: number;
  requireSmsConsent: boolean;
  available: { sms: boolean; email: boolean };
  linkSources: { fortis: boolean; cashpractice: boolean };
  templates: MessageTemplates;
  practice: PracticeInfo;
  now: Date;
}

// Link length for the segment estimate (a Fortis payment_url is about this long).
const sampleLink = 'https://checkout.fortis.tech/pay/0123456789abcdef01234567';

/** Where the card-update link is made: the processor of the patient's card, else the one connected. */
export function linkTarget(
  contacts: Partial<Record<'fortis' | 'cashpractice', string>>,
  cardSource: string | undefined,
  available: { fortis: boolean; cashpractice: boolean },
): { source: 'fortis' | 'cashpractice'; contactId: string | null } | undefined {
  if (cardSource === 'fortis' && available.fortis) {
    return { source: 'fortis', contactId: contacts.fortis ?? null };
  }
  if (cardSource === 'cashpractice' && available.cashpractice && contacts.cashpractice) {
    return { source: 'cashpractice', contactId: contacts.cashpractice };
  }
  if (available.fortis) return { source: 'fortis', contactId: contacts.fortis ?? null };
  if (available.cashpractice && contacts.cashpractice) {
    return { source: 'cashpractice', contactId: contacts.cashpractice };
  }
  return undefined;
}

/** Builds the plan (no writes). */
export function planBlast(db: Db, o: PlanOptions): BlastPlan {
  const plan: BlastPlan = {
    runId: o.runId,
    resumed: o.resumed,
    sends: [],
    pending: o.resumed
      ? ((db
          .prepare(`SELECT count(*) FROM messages WHERE run_id = ? AND status = 'planned'`)
          .pluck()
          .get(o.runId) as number) ?? 0)
      : 0,
    audiences: {},
    skipped: {},
    skippedPatients: [],
    segments: 0,
  };
  const inRun = db
    .prepare('SELECT 1 FROM messages WHERE run_id = ? AND patient_id = ? LIMIT 1')
    .pluck();
  const since = new Date(o.now.getTime() - o.cooldownDays * 86_400_000);
  let account: string | null = null;
  const skip = (patientId: number, name: string, reason: SkipReason | string): void => {
    plan.skipped[reason] = (plan.skipped[reason] ?? 0) + 1;
    plan.skippedPatients.push({ patientId, account, name, reason });
  };
  for (const member of selectAudience(db, o)) {
    for (const r of member.reasons) plan.audiences[r] = (plan.audiences[r] ?? 0) + 1;
    const id = member.patient.id;
    account = member.patient.account;
    const name = [member.patient.firstName, member.patient.lastName].filter(Boolean).join(' ');
    if (inRun.get(o.runId, id) !== undefined) continue; // already part of the resumed run
    const row = contactRow(db, id);
    if (!row) continue;
    const choice = chooseChannel(
      contactFacts(db, row),
      o.channel,
      o.requireSmsConsent,
      o.available,
    );
    if ('skip' in choice) {
      skip(id, name, choice.skip);
      continue;
    }
    if (o.cooldownDays > 0 && messagedSince(db, id, 'card_update', since, o.runId)) {
      skip(id, name, 'cooldown');
      continue;
    }
    const target = linkTarget(processorContacts(db, id), member.view.card?.source, o.linkSources);
    if (!target) {
      skip(id, name, 'no_processor');
      continue;
    }
    // Messages left from a resumed run are sent too: they count against the limit.
    if (o.limit !== undefined && plan.pending + plan.sends.length >= o.limit) {
      skip(id, name, 'limit');
      continue;
    }
    const to = choice.channel === 'sms' ? row.mobile! : row.email!;
    let segments = 0;
    if (choice.channel === 'sms') {
      const body = composeSms(
        o.templates,
        cardUpdateValues(o.practice, row, member.view.card, sampleLink),
        !hasTextedBefore(db, to),
      );
      segments = countSegments(body).segments;
      plan.segments += segments;
    }
    plan.sends.push({
      patientId: id,
      name,
      channel: choice.channel,
      to,
      linkSource: target.source,
      contactId: target.contactId,
      segments,
    });
  }
  return plan;
}

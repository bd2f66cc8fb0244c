// Who a card-update blast is for (SPEC §3.5). The card and plan statuses are the reports' own
// derivations (src/reports/derive.ts), so the blast and `report cards` never disagree.
import type { IsoDate } from '../domain/dates.js';
import { isUpcoming } from '../domain/visits.js';
import { derivePatient, isCurrent, type PatientView } from '../reports/derive.js';
import { loadFacts, loadPatients, batches, type PatientInfo } from '../reports/facts.js';
import { eachPatient } from '../reports/patient-stream.js';
import type { Db } from '../store/db.js';

export const audienceNames = [
  'missing',
  'expired',
  'expiring',
  'declined',
  'today',
  'all-active',
] as const;
export type AudienceName = (typeof audienceNames)[number];
export const defaultAudiences: readonly AudienceName[] = ['missing', 'expired', 'expiring'];

export interface AudienceOptions {
  audiences: readonly AudienceName[];
  /** Today in the practice time zone. */
  asOf: IsoDate;
  /** The day for `today` (today, or --date). */
  day: IsoDate;
  expiringWithinDays: number;
  /** Explicit patients (--patients / --patients-file): every one of them, whatever their status. */
  patientIds?: readonly number[] | undefined;
}

export interface AudienceMember {
  patient: PatientInfo;
  view: PatientView;
  /** Which audiences the patient belongs to ('patients' when listed explicitly). */
  reasons: string[];
}

/** Every patient of the selected audiences, with the reasons they are in it. */
export function* selectAudience(db: Db, o: AudienceOptions): Generator<AudienceMember> {
  const settings = {
    expiringWithinDays: o.expiringWithinDays,
    balanceThresholdCents: 0,
    periodAnchor: 'calendar' as const,
  };
  if (o.patientIds) {
    for (const batch of batches([...o.patientIds], 500)) {
      const patients = loadPatients(db, batch);
      const facts = loadFacts(db, batch);
      for (const id of batch) {
        const patient = patients.get(id);
        const f = facts.get(id);
        if (!patient || !f) continue;
        yield { patient, view: derivePatient(f, o.asOf, settings), reasons: ['patients'] };
      }
    }
    return;
  }
  const wanted = new Set(o.audiences);
  for (const { patient, facts } of eachPatient(db, { activeOnly: true })) {
    const view = derivePatient(facts, o.asOf, settings);
    const activePlan = facts.plans.some((p) => p.status === 'active');
    const currentCarePlan = facts.carePlans.some((p) => isCurrent(p, o.asOf));
    const upcoming = facts.visits.some((v) => isUpcoming(v, o.asOf));
    const unusable = view.cardStatus === 'none' || view.cardStatus === 'expired';
    const reasons: AudienceName[] = [];
    if (
      wanted.has('missing') &&
      view.cardStatus === 'none' &&
      (activePlan || currentCarePlan || upcoming)
    ) {
      reasons.push('missing');
    }
    if (wanted.has('expired') && view.cardStatus === 'expired') reasons.push('expired');
    if (wanted.has('expiring') && view.cardStatus === 'expiring') reasons.push('expiring');
    if (wanted.has('declined') && view.plans.anyUnpaidDecline) reasons.push('declined');
    if (
      wanted.has('today') &&
      unusable &&
      facts.visits.some((v) => v.date === o.day && v.status !== 'completed')
    ) {
      reasons.push('today');
    }
    if (wanted.has('all-active') && activePlan) reasons.push('all-active');
    if (reasons.length > 0) yield { patient, view, reasons };
  }
}

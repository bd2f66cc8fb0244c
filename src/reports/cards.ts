// `report cards` (DOMAIN §3.5): every card with its owner, status, expiry and last update, plus the
// patients with no active card.
import {
  brandName,
  cardStatus,
  chooseCard,
  validThrough,
  type CardStatus,
} from '../domain/cards.js';
import { compareIso } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import type { Column } from '../terminal/render.js';
import { cardTone } from './cells.js';
import { patientName, type CardRow, type PatientInfo } from './facts.js';
import { eachPatient } from './patient-stream.js';
import type { ReportDefinition, ReportRequest } from './report.js';

export interface CardReportRow {
  patient: PatientInfo;
  card: CardRow | undefined;
  status: CardStatus;
  /** This is the card the other reports show for the patient. */
  chosen: boolean;
}

function* rows(db: Db, request: ReportRequest): Generator<CardReportRow> {
  const { asOf, filters, rules } = request;
  const wanted = (s: CardStatus) => filters.status.length === 0 || filters.status.includes(s);
  for (const { patient, facts } of eachPatient(db, {
    search: filters.search,
    window: { visitsFrom: 'none' },
  })) {
    const chosen = chooseCard(facts.cards, facts.plans);
    if (!chosen) {
      if (wanted('none')) yield { patient, card: undefined, status: 'none', chosen: false };
    }
    const cards = [...facts.cards].sort((a, b) => compareIso(b.createdAt, a.createdAt));
    for (const card of cards) {
      const status = cardStatus(card, asOf, rules.expiringWithinDays);
      if (!wanted(status)) continue;
      yield { patient, card, status, chosen: card === chosen };
    }
  }
}

function columns(): Array<Column<CardReportRow> & { description: string }> {
  return [
    {
      key: 'patient',
      description: 'card owner',
      maxWidth: 24,
      value: (r) => patientName(r.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.patient.account },
    { key: 'source', description: 'fortis or cashpractice', value: (r) => r.card?.source },
    {
      key: 'brand',
      description: 'card brand (or ach)',
      // As people say it, whatever code the processor sends ("mc", "MasterCard" → Mastercard), so a
      // spreadsheet filter on the column finds one spelling per brand.
      value: (r) =>
        r.card?.brand ? brandName(r.card.brand) : r.card?.method === 'ach' ? 'ACH' : undefined,
    },
    {
      key: 'last_four',
      header: 'last 4',
      description: 'last four digits',
      value: (r) => r.card?.lastFour,
    },
    {
      key: 'expiry',
      description: 'MM/YY',
      value: (r) =>
        r.card?.expMonth != null && r.card.expYear != null
          ? `${String(r.card.expMonth).padStart(2, '0')}/${String(r.card.expYear % 100).padStart(2, '0')}`
          : '',
    },
    {
      key: 'status',
      description: 'none, expired, expiring or ok',
      value: (r) => r.status,
      tone: (r) => cardTone(r.status),
    },
    {
      key: 'active',
      kind: 'bool',
      description: 'active at the processor',
      value: (r) => (r.card ? r.card.active : undefined),
    },
    {
      key: 'in_use',
      header: 'in use',
      kind: 'bool',
      description: 'the card the other reports show for the patient',
      value: (r) => (r.card ? r.chosen : undefined),
    },
    {
      key: 'default',
      kind: 'bool',
      description: "the processor's default card",
      value: (r) => r.card?.isDefault,
    },
    {
      key: 'recurring',
      kind: 'bool',
      description: 'a recurring plan charges it',
      value: (r) => r.card?.hasRecurring,
    },
    {
      key: 'updated_at',
      header: 'updated',
      description: 'when it was last updated',
      value: (r) =>
        r.card ? (r.card.updatedAt ?? r.card.modifiedAt ?? r.card.createdAt) : undefined,
    },
    {
      key: 'updated_how',
      header: 'how',
      description: 'patient_link, account_updater or manual',
      value: (r) => r.card?.updatedHow,
    },
    {
      key: 'valid_through',
      kind: 'date',
      description: 'last day of the expiry month',
      value: (r) => (r.card ? validThrough(r.card) : undefined),
    },
    { key: 'card_id', description: 'processor card id', value: (r) => r.card?.id },
    { key: 'mobile', description: 'owner mobile', value: (r) => r.patient.mobile },
    { key: 'email', description: 'owner email', value: (r) => r.patient.email },
  ];
}

const defaultKeys = [
  'patient',
  'account',
  'source',
  'brand',
  'last_four',
  'expiry',
  'status',
  'active',
  'in_use',
  'updated_at',
  'updated_how',
];

export const report: ReportDefinition<CardReportRow> = {
  columns,
  defaultColumns: () => defaultKeys,
  dropOrder: ['updated_how', 'updated_at', 'active', 'source', 'account'],
  rows,
  summary: () => {
    const counts = new Map<CardStatus, number>();
    let count = 0;
    return {
      add(row) {
        count++;
        counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
      },
      text: () =>
        [
          `${count} row${count === 1 ? '' : 's'}`,
          ...(['none', 'expired', 'expiring', 'ok'] as const).map(
            (s) => `${s} ${counts.get(s) ?? 0}`,
          ),
        ].join(' · '),
    };
  },
};

import type { CardFact } from '../domain/cards.js';
import { practiceValues, type PracticeInfo } from '../messaging/compose.js';
import type { MergeValues } from '../messaging/templates.js';

/** The merge values of a card-update message. */
export function cardUpdateValues(
  practice: PracticeInfo,
  patient: { first_name: string | null; last_name: string | null },
  card: Pick<CardFact, 'lastFour' | 'expMonth' | 'expYear'> | undefined,
  link: string,
): MergeValues {
  const exp =
    card?.expMonth != null && card.expYear != null
      ? `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}`
      : '';
  return {
    ...practiceValues(practice),
    PatientFirstName: patient.first_name ?? '',
    PatientFullName: [patient.first_name, patient.last_name].filter(Boolean).join(' '),
    CardLast4: card?.lastFour ?? '',
    CardExp: exp,
    CardUpdateLink: link,
  };
}

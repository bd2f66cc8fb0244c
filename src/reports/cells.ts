// How shared facts are shown in cells, and their table colours.
import type { CardStatus } from '../domain/cards.js';
import type { PlanPayment } from '../domain/plans.js';
import { formatCents, type Column, type Tone } from '../terminal/render.js';
import type { InsuranceFact, PatientFacts, PlanRow } from './facts.js';

/** Table colour of a card status. */
export function cardTone(status: CardStatus): Tone {
  if (status === 'none' || status === 'expired') return 'red';
  if (status === 'expiring') return 'yellow';
  return 'green';
}

/** Table colour of a plan payment status. */
export function planTone(status: string | undefined): Tone {
  if (status === 'behind') return 'red';
  if (status === 'on_hold') return 'yellow';
  if (status === 'current') return 'green';
  return 'dim';
}

/** What a recurring plan's name is made from. */
type NamedPlan = Pick<PlanRow, 'description' | 'source' | 'id'>;

/** The name of a recurring plan. */
export function planName(plan: NamedPlan): string {
  return plan.description ?? `${plan.source} plan ${plan.id}`;
}

/** "Corrective care, behind 120.00" / "Wellness, current". */
export function planLabel(plan: NamedPlan | undefined, payment: PlanPayment | undefined): string {
  if (!plan || !payment) return '';
  const behind = payment.amountBehindCents > 0 ? ` ${formatCents(payment.amountBehindCents)}` : '';
  return `${planName(plan)}, ${payment.status}${behind}`;
}

/** "Aetna, copay 25.00". */
export function insuranceLabel(
  insurance: Pick<InsuranceFact, 'carrier' | 'copayCents'> | undefined,
): string {
  if (!insurance) return '';
  return insurance.copayCents === null
    ? insurance.carrier
    : `${insurance.carrier}, copay ${formatCents(insurance.copayCents)}`;
}

/** The patient and insurance balance columns shared by the reports (red above the threshold). */
export function balanceColumns<
  R extends { facts: Pick<PatientFacts, 'patientBalanceCents' | 'insuranceBalanceCents'> },
>(threshold: number): Array<Column<R> & { description: string }> {
  return [
    {
      key: 'patient_balance',
      header: 'balance',
      kind: 'money',
      description: 'patient balance',
      value: (r) => r.facts.patientBalanceCents,
      tone: (r) => (r.facts.patientBalanceCents > threshold ? 'red' : undefined),
    },
    {
      key: 'insurance_balance',
      header: 'ins. balance',
      kind: 'money',
      description: 'insurance balance',
      value: (r) => r.facts.insuranceBalanceCents,
    },
  ];
}

// The six EHR import kinds and their canonical columns (DOMAIN.md §4). `*` columns are required.

export const importKinds = [
  'patients',
  'appointments',
  'charges',
  'insurance',
  'balances',
  'plans',
] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ColumnSpec {
  name: string;
  required: boolean;
  /** 'date' and 'datetime' columns honour --date-format and the map's date_formats. */
  type?: 'date' | 'datetime';
}

const col = (name: string, required = false, type?: 'date' | 'datetime'): ColumnSpec =>
  type ? { name, required, type } : { name, required };

export const kindColumns: Record<ImportKind, readonly ColumnSpec[]> = {
  patients: [
    col('account', true),
    col('first_name', true),
    col('last_name', true),
    // One "Patient Name" column ("Lee, Ann" or "Ann Lee") instead of the two; see RowCheck.raw.
    col('name'),
    col('date_of_birth', false, 'date'),
    col('mobile'),
    col('email'),
    col('active'),
    col('location'),
    col('case_type'),
    col('tags'),
    col('do_not_contact'),
    col('sms_consent', false, 'date'),
  ],
  appointments: [
    col('appointment_id', true),
    col('account', true),
    col('start', true, 'datetime'),
    // Many schedules split the start into a date and a time column; together they are the start.
    col('date'),
    col('time'),
    col('duration_minutes'),
    col('provider'),
    col('type', true),
    col('status', true),
    col('location'),
    col('source'),
  ],
  charges: [
    col('charge_id', true),
    col('account', true),
    col('date', true, 'date'),
    col('code'),
    col('description', true),
    col('fee', true),
    col('paid'),
  ],
  insurance: [
    col('account', true),
    col('carrier', true),
    col('plan'),
    col('member_id'),
    col('copay'),
    col('coverage_end', false, 'date'),
    col('priority'),
  ],
  balances: [
    col('account', true),
    col('patient_balance', true),
    col('insurance_balance'),
    col('as_of', false, 'date'),
  ],
  plans: [
    col('plan_id', true),
    col('account', true),
    col('kind', true),
    col('name', true),
    col('total_visits'),
    col('visits_allowed'),
    col('period'),
    col('target_per_week'),
    col('start_date', true, 'date'),
    col('end_date', false, 'date'),
    col('care_status'),
    col('processor_plan_id'),
  ],
};

/** Whether a word is one of the six kinds. */
export function isImportKind(word: string): word is ImportKind {
  return (importKinds as readonly string[]).includes(word);
}

/** Every canonical column name of any kind. */
export const allColumnNames: ReadonlySet<string> = new Set(
  Object.values(kindColumns).flatMap((cols) => cols.map((c) => c.name)),
);

/** Header text compared without case, surrounding spaces, or the difference between " ", "-" and "_". */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Which kind a file name is for (`patients.csv`, `Patients.CSV`, `appointments-2026-11-27.csv`). */
export function kindOfFileName(fileName: string): ImportKind | undefined {
  const m =
    /^(patients?|appointments?|charges?|insurances?|balances?|plans?)(?:[-_ .][^/\\]*)?\.(csv|tsv|txt)$/i.exec(
      fileName,
    );
  if (!m) return undefined;
  const word = (m[1] ?? '').toLowerCase();
  return importKinds.find((k) => k === word || k === `${word}s` || `${k}s` === word);
}

import { normalizeEmail, normalizeName } from '../../domain/matching.js';
import { parseTags } from '../values.js';
import { buildUpsert, type Params, type UpsertColumn } from '../upsert.js';
import { flag, type KindHandler } from './handler.js';

/** Patients, keyed by EHR account number. Columns absent from the file are left as they are. */
export const patientsHandler: KindHandler = {
  kind: 'patients',
  keyColumn: 'account',
  key: (row) => row.raw('account'),
  validate(row, run) {
    const account = row.text('account', true);
    const first = row.text('first_name', true);
    const last = row.text('last_name', true);
    const dob = row.date('date_of_birth');
    const mobile = row.phone('mobile');
    const email = row.email('email');
    // EHRs write the patient status as Active/Inactive as often as true/false.
    const active = row.bool('active', { active: true, inactive: false });
    const location = row.text('location');
    const caseType = row.text('case_type');
    const tags = parseTags(row.raw('tags'));
    const dnc = row.bool('do_not_contact');
    const consent = row.boolOrDate('sms_consent');
    if (row.errors.length > 0 || !account || !first || !last) return undefined;
    const p: Params = {
      account,
      first_name: first,
      last_name: last,
      norm_first: normalizeName(first) ?? null,
      norm_last: normalizeName(last) ?? null,
      date_of_birth: dob ?? null,
      mobile: mobile ?? null,
      norm_mobile: mobile ?? null,
      email: email ?? null,
      norm_email: normalizeEmail(email) ?? null,
      active: flag(active) ?? 1,
      location: location ?? null,
      case_type: caseType ?? null,
      tags,
      do_not_contact: flag(dnc) ?? 0,
      // true = consent without a date: keep the date we first saw it, so re-imports change nothing.
      sms_consent: consent === true ? 'true' : typeof consent === 'string' ? consent : null,
      today: run.today,
      now: run.nowIso,
    };
    return p;
  },
  writer(run, present) {
    const optional: Array<[string, UpsertColumn[]]> = [
      ['date_of_birth', [{ name: 'date_of_birth' }]],
      ['mobile', [{ name: 'mobile' }, { name: 'norm_mobile' }]],
      ['email', [{ name: 'email' }, { name: 'norm_email' }]],
      ['active', [{ name: 'active' }]],
      ['location', [{ name: 'location' }]],
      ['case_type', [{ name: 'case_type' }]],
      ['tags', [{ name: 'tags' }]],
      ['do_not_contact', [{ name: 'do_not_contact' }]],
      [
        'sms_consent',
        [
          {
            name: 'sms_consent_at',
            insert: `CASE WHEN @sms_consent = 'true' THEN @today ELSE @sms_consent END`,
            update: `CASE WHEN @sms_consent = 'true' THEN COALESCE(patients.sms_consent_at, @today) ELSE @sms_consent END`,
          },
          {
            name: 'sms_consent_source',
            insert: `CASE WHEN @sms_consent IS NULL THEN NULL ELSE 'ehr' END`,
            update: `CASE WHEN @sms_consent IS NULL THEN NULL ELSE COALESCE(patients.sms_consent_source, 'ehr') END`,
          },
        ],
      ],
    ];
    const columns: UpsertColumn[] = [
      { name: 'first_name' },
      { name: 'last_name' },
      { name: 'norm_first' },
      { name: 'norm_last' },
      ...optional.filter(([c]) => present.has(c)).flatMap(([, cols]) => cols),
      { name: 'removed', insert: '0', update: '0' },
    ];
    const stmt = buildUpsert(run.db, {
      table: 'patients',
      key: ['account'],
      columns,
      touch: [{ name: 'updated_at', insert: '@now', update: '@now' }],
      insertOnly: [
        { name: 'source', insert: "'ehr'" },
        { name: 'source_id', insert: '@account' },
        { name: 'created_at', insert: '@now' },
      ],
    });
    return {
      table: 'patients',
      write: (row) => stmt.run(row).changes > 0,
      finish: () => 0,
    };
  },
};

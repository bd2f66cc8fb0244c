import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { kindOfFileName } from '../../src/ehr-import/kinds.js';
import { mapForKind, parseColumnMap } from '../../src/ehr-import/map-file.js';

const problem = (json: unknown): string => {
  try {
    parseColumnMap(JSON.stringify(json), 'm.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected the map to be rejected');
};

describe('column maps', () => {
  it('merges the top level with the kind section, keys compared without case', () => {
    const map = parseColumnMap(
      JSON.stringify({
        headers: { 'Patient Acct': 'account' },
        values: { status: { Kept: 'completed' } },
        kinds: {
          appointments: {
            headers: { 'Appt #': 'appointment_id' },
            values: { status: { ARRIVED: 'checked_in' } },
            date_formats: { start: 'MM/DD/YYYY h:mm A' },
            defaults: { source: 'ehr' },
          },
        },
      }),
      'm.json',
    );
    const m = mapForKind(map, 'appointments');
    expect(m.headers.get('patient_acct')).toBe('account');
    expect(m.headers.get('appt_#')).toBe('appointment_id');
    expect(m.values.get('status')?.get('kept')).toBe('completed');
    expect(m.values.get('status')?.get('arrived')).toBe('checked_in');
    expect(m.dateFormats.get('start')).toBe('MM/DD/YYYY h:mm A');
    expect(m.defaults.get('source')).toBe('ehr');
    expect(mapForKind(map, 'patients').headers.has('appt_#')).toBe(false);
  });

  it('rejects unknown keys, unknown columns and bad date formats with exit 2', () => {
    expect(problem({ colour: 'blue' })).toMatch(/Unrecognized key: "colour"/);
    expect(problem({ kinds: { visits: {} } })).toMatch(/kinds: Unrecognized key: "visits"/);
    expect(problem({ headers: { X: 'nonsense' } })).toMatch(/"nonsense" is not a canonical column/);
    expect(problem({ kinds: { patients: { headers: { X: 'start' } } } })).toMatch(
      /"start" is not a canonical column of patients/,
    );
    expect(problem({ date_formats: { start: 'HH:mm' } })).toMatch(
      /needs a year, a month and a day/,
    );
    expect(problem({ headers: { X: 1 } })).toMatch(/headers\.X/);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseColumnMap('{nope', 'm.json')).toThrow(/not valid JSON/);
  });
});

describe('file names in --dir', () => {
  it.each([
    ['patients.csv', 'patients'],
    ['Patients.CSV', 'patients'],
    ['appointments-2026-11-27.csv', 'appointments'],
    ['appointment_export.tsv', 'appointments'],
    ['Insurance.csv', 'insurance'],
    ['plans.txt', 'plans'],
  ])('%s is %s', (name, kind) => {
    expect(kindOfFileName(name)).toBe(kind);
  });

  it.each(['readme.txt', 'patients.xlsx', 'old-patients.csv', 'patientsheet.csv'])(
    '%s is ignored',
    (name) => {
      expect(kindOfFileName(name)).toBeUndefined();
    },
  );
});

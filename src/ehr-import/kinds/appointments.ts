import { isoDate, isoLocal } from '../local-time.js';
import { synonymTable } from '../values.js';
import { buildUpsert, type UpsertColumn } from '../upsert.js';
import { resolvePatient, type KindHandler } from './handler.js';

export const appointmentStatuses = [
  'future',
  'checked_in',
  'completed',
  'missed',
  'cancelled',
  'rescheduled',
] as const;

// The obvious words EHRs use; anything else needs a map entry (values.status in --map).
const statusWords = synonymTable({
  future: ['scheduled', 'booked', 'confirmed', 'unconfirmed', 'pending'],
  checked_in: ['checked in', 'check in', 'checkedin', 'arrived', 'in progress'],
  completed: ['complete', 'checked out', 'check out', 'done', 'seen'],
  missed: ['no show', 'no-show', 'noshow', 'did not show'],
  cancelled: ['canceled', 'cancel'],
  rescheduled: ['reschedule'],
});
const origins = ['ehr', 'online'] as const;
const originWords = synonymTable({
  ehr: ['office', 'front desk', 'staff'],
  online: ['web', 'portal'],
});

/**
 * Appointments, keyed by appointment_id. A file replaces the schedule of the dates it covers (or
 * --from/--to): appointments on those dates that the file does not list are marked removed.
 */
export function appointmentsHandler(): KindHandler {
  let first: string | undefined;
  let last: string | undefined;
  return {
    kind: 'appointments',
    keyColumn: 'appointment_id',
    key: (row) => row.raw('appointment_id'),
    validate(row, run) {
      const id = row.text('appointment_id', true);
      const account = row.text('account', true);
      const start = row.dateTime('start', true);
      const duration = row.whole('duration_minutes', 0, 1440);
      const provider = row.text('provider');
      const type = row.text('type', true);
      const status = row.oneOf('status', true, statusWords, appointmentStatuses);
      const location = row.text('location');
      const origin = row.oneOf('source', false, originWords, origins);
      let utc: string | undefined;
      let local = start;
      if (start) {
        const at = run.times.toUtc(start);
        if (at.ok) {
          utc = new Date(at.utcMs).toISOString();
          // A time given with its own offset is stored as the practice's wall time of that instant.
          if (start.offsetMinutes !== undefined) local = run.times.localOf(at.utcMs);
        } else {
          row.fail('start', row.raw('start'), at.reason);
        }
      }
      const patientId = resolvePatient(row, account, run);
      if (
        row.errors.length > 0 ||
        !id ||
        !local ||
        !utc ||
        !type ||
        !status ||
        patientId === undefined
      ) {
        return undefined;
      }
      const localDate = isoDate(local);
      if (first === undefined || localDate < first) first = localDate;
      if (last === undefined || localDate > last) last = localDate;
      return {
        id,
        patient_id: patientId,
        start_local: isoLocal(local),
        local_date: localDate,
        start_utc: utc,
        duration_minutes: duration ?? null,
        provider: provider ?? null,
        type,
        status,
        location: location ?? null,
        origin: origin ?? 'ehr',
        now: run.nowIso,
      };
    },
    writer(run, present) {
      const optional = ['duration_minutes', 'provider', 'location'].filter((c) => present.has(c));
      const columns: UpsertColumn[] = [
        { name: 'patient_id' },
        { name: 'start_local' },
        { name: 'local_date' },
        { name: 'start_utc' },
        { name: 'type' },
        { name: 'status' },
        ...optional.map((name) => ({ name })),
        ...(present.has('source') ? [{ name: 'origin' }] : []),
        { name: 'removed', insert: '0', update: '0' },
      ];
      const stmt = buildUpsert(run.db, {
        table: 'appointments',
        key: ['id'],
        columns,
        touch: [{ name: 'imported_at', insert: '@now', update: '@now' }],
        insertOnly: present.has('source') ? [] : [{ name: 'origin', insert: "'ehr'" }],
      });
      const remove = run.db.prepare(
        `UPDATE appointments SET removed = 1, imported_at = ?
         WHERE local_date BETWEEN ? AND ? AND removed = 0
           AND NOT EXISTS (SELECT 1 FROM temp.ehr_seen s WHERE s.kind = 'appointments' AND s.key = appointments.id)`,
      );
      return {
        table: 'appointments',
        write: (row) => stmt.run(row).changes > 0,
        finish: () => {
          const from = run.from ?? first;
          const to = run.to ?? last;
          // An empty export (no valid rows, no --from/--to) must not wipe the schedule.
          if (from === undefined || to === undefined) return 0;
          return remove.run(run.nowIso, from, to).changes;
        },
      };
    },
  };
}

// Indexes for the report queries (DOMAIN §3):
// - the daily report reads a day's appointments from one index range, without a table lookup per
//   row (on a 600,000-appointment cache those scattered page reads were ~20 ms of a ~60 ms budget);
// - the visit facts of a batch of patients are read from the index alone;
// - pay-wall payments are found by appointment.
export const sql = `
CREATE INDEX appointments_date_covering ON appointments(local_date, removed, start_local, id,
  patient_id, start_utc, duration_minutes, provider, type, status, location);
CREATE INDEX appointments_patient_visits ON appointments(patient_id, local_date, status, removed);
CREATE INDEX posted_payments_appointment ON posted_payments(appointment_id);
`;

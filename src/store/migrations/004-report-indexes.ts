// Indexes for the report queries (DOMAIN §3): the visit facts of a batch of patients are read from
// the index alone (no table lookups for 600,000 appointments), and pay-wall payments are found by
// appointment.
export const sql = `
CREATE INDEX appointments_patient_visits ON appointments(patient_id, local_date, status, removed);
CREATE INDEX posted_payments_appointment ON posted_payments(appointment_id);
`;

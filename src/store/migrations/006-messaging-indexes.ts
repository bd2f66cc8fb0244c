// Messaging look-ups that run once per patient in a blast plan: "was this number ever texted"
// (the opt-out line) and the per-patient cool-down. Without these they scan the whole ledger.
export const sql = `
CREATE INDEX IF NOT EXISTS messages_to ON messages(channel, to_address, status);
CREATE INDEX IF NOT EXISTS messages_patient_purpose ON messages(patient_id, purpose, status);
CREATE INDEX IF NOT EXISTS payment_links_run ON payment_links(run_id, patient_id);
`;

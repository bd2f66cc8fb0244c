// The cache schema for the whole domain (DOMAIN.md §1). Conventions:
// - money is integer cents (`*_cents`), dates are 'YYYY-MM-DD', instants are UTC ISO-8601 text;
// - processor records are keyed by (source, upstream_id), keep the upstream JSON in `raw`, the time
//   we last saw them in `seen_at`, and `removed` = 1 when they vanished upstream (never deleted);
// - processor records point at the processor's own customer id (`contact_id`); `patient_links`
//   says which patient that is, so links can change without rewriting every record.
export const sql = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  account TEXT UNIQUE,
  source TEXT NOT NULL DEFAULT 'ehr',
  source_id TEXT,
  first_name TEXT,
  last_name TEXT,
  date_of_birth TEXT,
  mobile TEXT,
  email TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  location TEXT,
  case_type TEXT,
  tags TEXT NOT NULL DEFAULT '',
  do_not_contact INTEGER NOT NULL DEFAULT 0,
  sms_consent_at TEXT,
  sms_consent_source TEXT,
  sms_opt_out_at TEXT,
  email_opt_out_at TEXT,
  norm_email TEXT,
  norm_mobile TEXT,
  norm_first TEXT,
  norm_last TEXT,
  removed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX patients_email ON patients(norm_email);
CREATE INDEX patients_mobile ON patients(norm_mobile, norm_last);
CREATE INDEX patients_name ON patients(norm_last, norm_first, date_of_birth);

-- A processor's own customer record (Fortis contact, Cash Practice patient).
CREATE TABLE processor_contacts (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  account_number TEXT,
  first_name TEXT,
  last_name TEXT,
  email TEXT,
  mobile TEXT,
  date_of_birth TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, upstream_id)
);

-- Which patient a processor contact belongs to, and how that was decided.
CREATE TABLE patient_links (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  method TEXT NOT NULL CHECK (method IN ('exact','email','phone+name','name+dob','manual','processor')),
  manual INTEGER NOT NULL DEFAULT 0,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (source, upstream_id)
);
CREATE INDEX patient_links_patient ON patient_links(patient_id);

-- A manual "never link these" decision (trackstat patients unlink).
CREATE TABLE patient_link_blocks (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  patient_id INTEGER,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (source, upstream_id)
);

CREATE TABLE cards (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  contact_id TEXT,
  method TEXT NOT NULL DEFAULT 'cc',
  brand TEXT,
  last_four TEXT,
  exp_month INTEGER,
  exp_year INTEGER,
  holder_name TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  has_recurring INTEGER NOT NULL DEFAULT 0,
  account_updater_at TEXT,
  created_at TEXT,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, upstream_id)
);
CREATE INDEX cards_contact ON cards(source, contact_id);

CREATE TABLE recurring_plans (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  contact_id TEXT,
  card_id TEXT,
  amount_cents INTEGER NOT NULL DEFAULT 0,
  interval_count INTEGER,
  interval_unit TEXT,
  plan_type TEXT CHECK (plan_type IN ('ongoing','fixed')),
  payments_total INTEGER,
  payments_made INTEGER,
  start_date TEXT,
  end_date TEXT,
  next_run_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('not_started','active','on_hold','ended','completed')),
  description TEXT,
  paid_up INTEGER,
  payments_short INTEGER,
  care_plan_ref TEXT,
  group_name TEXT,
  created_at TEXT,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, upstream_id)
);
CREATE INDEX recurring_plans_contact ON recurring_plans(source, contact_id);

CREATE TABLE transactions (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  contact_id TEXT,
  card_id TEXT,
  amount_cents INTEGER NOT NULL DEFAULT 0,
  occurred_at TEXT,
  kind TEXT,
  status TEXT NOT NULL CHECK (status IN ('approved','declined','voided','refunded','returned','pending','authorized')),
  reason_code TEXT,
  reason_text TEXT,
  plan_id TEXT,
  invoice_id TEXT,
  paylink_id TEXT,
  stored_card_id TEXT,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, upstream_id)
);
CREATE INDEX transactions_contact ON transactions(source, contact_id, occurred_at);
CREATE INDEX transactions_plan ON transactions(source, plan_id);
CREATE INDEX transactions_paylink ON transactions(source, paylink_id);
CREATE INDEX transactions_invoice ON transactions(source, invoice_id);

CREATE TABLE declined_payments (
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  plan_id TEXT,
  transaction_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('unpaid','paid')),
  amount_cents INTEGER,
  declined_at TEXT,
  reason_code TEXT,
  reason_text TEXT,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, upstream_id)
);
CREATE INDEX declined_payments_plan ON declined_payments(source, plan_id);

-- Treatment plans and memberships: from the EHR plans import (source 'ehr', patient_id set) or from
-- Cash Practice care plans (source 'cashpractice', contact_id set, linked through patient_links).
CREATE TABLE care_plans (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  patient_id INTEGER REFERENCES patients(id),
  contact_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('treatment','membership')),
  name TEXT NOT NULL,
  total_visits INTEGER,
  visits_allowed INTEGER,
  period TEXT CHECK (period IN ('week','month')),
  target_per_week INTEGER,
  start_date TEXT,
  end_date TEXT,
  care_status TEXT,
  processor_plan_id TEXT,
  raw TEXT,
  seen_at TEXT NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source, upstream_id)
);
CREATE INDEX care_plans_patient ON care_plans(patient_id);
CREATE INDEX care_plans_contact ON care_plans(source, contact_id);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  start_local TEXT NOT NULL,
  local_date TEXT NOT NULL,
  start_utc TEXT NOT NULL,
  duration_minutes INTEGER,
  provider TEXT,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('future','checked_in','completed','missed','cancelled','rescheduled')),
  location TEXT,
  origin TEXT NOT NULL DEFAULT 'ehr',
  removed INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL
);
CREATE INDEX appointments_date ON appointments(local_date);
CREATE INDEX appointments_patient ON appointments(patient_id, local_date);

CREATE TABLE charges (
  id TEXT PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  date TEXT NOT NULL,
  code TEXT,
  description TEXT NOT NULL,
  fee_cents INTEGER NOT NULL,
  paid_cents INTEGER NOT NULL DEFAULT 0,
  invoice_id INTEGER,
  removed INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL
);
CREATE INDEX charges_patient ON charges(patient_id, date);

CREATE TABLE insurance (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  priority TEXT NOT NULL CHECK (priority IN ('primary','secondary')),
  carrier TEXT NOT NULL,
  plan TEXT,
  member_id TEXT,
  copay_cents INTEGER,
  coverage_end TEXT,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (patient_id, priority)
);

CREATE TABLE balances (
  patient_id INTEGER PRIMARY KEY REFERENCES patients(id),
  patient_balance_cents INTEGER NOT NULL,
  insurance_balance_cents INTEGER,
  as_of TEXT,
  imported_at TEXT NOT NULL
);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  upstream_id TEXT,
  api_id TEXT UNIQUE,
  patient_id INTEGER REFERENCES patients(id),
  contact_id TEXT,
  title TEXT,
  items TEXT NOT NULL DEFAULT '[]',
  total_cents INTEGER NOT NULL DEFAULT 0,
  paid_cents INTEGER NOT NULL DEFAULT 0,
  due_date TEXT,
  payment_url TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft','open','paid','partially_paid','void')),
  sent_via TEXT,
  sent_at TEXT,
  created_at TEXT NOT NULL,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT,
  removed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source, upstream_id)
);
CREATE INDEX invoices_patient ON invoices(patient_id);

CREATE TABLE payment_links (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  upstream_id TEXT,
  api_id TEXT UNIQUE,
  purpose TEXT NOT NULL CHECK (purpose IN ('card_update','paywall','invoice','other')),
  patient_id INTEGER REFERENCES patients(id),
  contact_id TEXT,
  appointment_id TEXT,
  run_id TEXT,
  amount_cents INTEGER,
  url TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('planned','open','used','paid','expired','void')),
  used_at TEXT,
  transaction_id TEXT,
  created_at TEXT NOT NULL,
  modified_at TEXT,
  raw TEXT,
  seen_at TEXT,
  removed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source, upstream_id)
);
CREATE INDEX payment_links_patient ON payment_links(patient_id, purpose);
CREATE INDEX payment_links_appointment ON payment_links(appointment_id);

-- Card updates recorded during sync (a patient used a card-update link, or the account updater ran).
CREATE TABLE card_updates (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER REFERENCES patients(id),
  source TEXT NOT NULL,
  old_card_id TEXT,
  new_card_id TEXT NOT NULL,
  link_id INTEGER REFERENCES payment_links(id),
  how TEXT NOT NULL CHECK (how IN ('patient_link','account_updater','manual')),
  plans_moved INTEGER NOT NULL DEFAULT 0,
  auth_voided INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL,
  UNIQUE (source, new_card_id)
);

CREATE TABLE blast_runs (
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  audience TEXT,
  channels TEXT,
  status TEXT NOT NULL,
  counts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  run_id TEXT,
  patient_id INTEGER REFERENCES patients(id),
  channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
  purpose TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  template TEXT,
  to_address TEXT,
  link_id INTEGER REFERENCES payment_links(id),
  status TEXT NOT NULL CHECK (status IN ('planned','sending','sent','failed','skipped','unknown')),
  skip_reason TEXT,
  provider_id TEXT,
  error_code TEXT,
  error_message TEXT,
  segments INTEGER,
  planned_at TEXT NOT NULL,
  attempted_at TEXT,
  finished_at TEXT
);
CREATE INDEX messages_patient ON messages(patient_id, purpose, planned_at);
CREATE INDEX messages_run ON messages(run_id);

-- Addresses that must never be messaged again on a channel (STOP replies, provider 21610, manual).
CREATE TABLE opt_outs (
  channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
  address TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (channel, address)
);

CREATE TABLE paywall_rules (
  type TEXT PRIMARY KEY COLLATE NOCASE,
  amount_cents INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('deposit','full')),
  due_within_minutes INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE posted_payments (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  appointment_id TEXT,
  link_id INTEGER REFERENCES payment_links(id),
  source TEXT NOT NULL,
  transaction_id TEXT,
  amount_cents INTEGER NOT NULL,
  paid_at TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  exported_at TEXT,
  UNIQUE (source, transaction_id)
);

CREATE TABLE sync_state (
  source TEXT NOT NULL,
  resource TEXT NOT NULL,
  high_water TEXT,
  cursor TEXT,
  last_page INTEGER,
  run_started_at TEXT,
  last_success_at TEXT,
  last_full_at TEXT,
  PRIMARY KEY (source, resource)
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  command TEXT NOT NULL,
  profile TEXT NOT NULL,
  counts TEXT NOT NULL DEFAULT '{}',
  output_file TEXT
);
`;

// The huddle list's per-patient facts that do not depend on the date (name, cards, recurring
// plans, declines, memberships, insurance, balances) and the patient's recent and coming visits,
// kept as one row per patient so that `report appointments` reads one row per patient instead of
// some ten index lookups across the cache (SPEC §4: within 1.5× of a bare `node -e 0`).
// src/reports/huddle-cache.ts builds it.
//
// It is a cache: any write to a table it is derived from marks it stale (the triggers below), and a
// stale cache is never read (the report computes those facts from the tables, as before). The
// command that made it stale rebuilds it before it releases the profile's lock. Updates that move
// only a processor record's `seen_at` (every sync does, for unchanged records) leave it fresh.
// A later migration that adds a column these facts read must recreate that table's update trigger.
export const sql = `
CREATE TABLE huddle_cache (
  patient_id INTEGER PRIMARY KEY,
  facts TEXT NOT NULL,
  -- The visits from visits_from on, in date order, 11 characters each: local_date and 'f' (future)
  -- or 'u' (checked in or completed): next visit, booked after and membership counts without the
  -- appointments index.
  visits TEXT NOT NULL DEFAULT ''
);
CREATE TABLE huddle_cache_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fresh INTEGER NOT NULL DEFAULT 0,
  built_at TEXT,
  -- The first date huddle_cache.visits covers (a date before it is read from the index).
  visits_from TEXT
);
INSERT INTO huddle_cache_state (id, fresh) VALUES (1, 0);
CREATE TRIGGER huddle_stale_appointments_insert AFTER INSERT ON appointments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_appointments_delete AFTER DELETE ON appointments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_appointments_update AFTER UPDATE OF patient_id, local_date, status, removed
  ON appointments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patients_insert AFTER INSERT ON patients BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patients_delete AFTER DELETE ON patients BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patients_update AFTER UPDATE OF
  id, account, source, source_id, first_name, last_name, date_of_birth, mobile, email, active,
  location, case_type, tags, do_not_contact, sms_consent_at, sms_consent_source, sms_opt_out_at,
  email_opt_out_at, norm_email, norm_mobile, norm_first, norm_last, removed, created_at,
  updated_at
  ON patients BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_balances_insert AFTER INSERT ON balances BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_balances_delete AFTER DELETE ON balances BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_balances_update AFTER UPDATE OF
  patient_id, patient_balance_cents, insurance_balance_cents, as_of, imported_at
  ON balances BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_insurance_insert AFTER INSERT ON insurance BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_insurance_delete AFTER DELETE ON insurance BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_insurance_update AFTER UPDATE OF
  patient_id, priority, carrier, plan, member_id, copay_cents, coverage_end, imported_at
  ON insurance BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patient_links_insert AFTER INSERT ON patient_links BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patient_links_delete AFTER DELETE ON patient_links BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_patient_links_update AFTER UPDATE OF
  source, upstream_id, patient_id, method, manual, linked_at
  ON patient_links BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_cards_insert AFTER INSERT ON cards BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_cards_delete AFTER DELETE ON cards BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_cards_update AFTER UPDATE OF
  source, upstream_id, contact_id, method, brand, last_four, exp_month, exp_year, holder_name,
  is_default, active, has_recurring, account_updater_at, created_at, modified_at, raw, removed
  ON cards BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_recurring_plans_insert AFTER INSERT ON recurring_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_recurring_plans_delete AFTER DELETE ON recurring_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_recurring_plans_update AFTER UPDATE OF
  source, upstream_id, contact_id, card_id, amount_cents, interval_count, interval_unit,
  plan_type, payments_total, payments_made, start_date, end_date, next_run_date, status,
  description, paid_up, payments_short, care_plan_ref, group_name, created_at, modified_at, raw,
  removed
  ON recurring_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_declined_payments_insert AFTER INSERT ON declined_payments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_declined_payments_delete AFTER DELETE ON declined_payments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_declined_payments_update AFTER UPDATE OF
  source, upstream_id, plan_id, transaction_id, status, amount_cents, declined_at, reason_code,
  reason_text, modified_at, raw, removed
  ON declined_payments BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_care_plans_insert AFTER INSERT ON care_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_care_plans_delete AFTER DELETE ON care_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER huddle_stale_care_plans_update AFTER UPDATE OF
  id, source, upstream_id, patient_id, contact_id, kind, name, total_visits, visits_allowed,
  period, target_per_week, start_date, end_date, care_status, processor_plan_id, raw, removed
  ON care_plans BEGIN UPDATE huddle_cache_state SET fresh = 0 WHERE fresh = 1; END;
`;

// The non-secret settings of a profile: every key, its default and how a typed value is checked.
// Secrets never live here (see secrets.ts).
import { parseMembershipRules } from '../sync/cashpractice-membership-rules.js';

export type ConfigValue = string | number | boolean;

export interface ConfigKey {
  key: string;
  description: string;
  /** What `config list` shows for a valid value, e.g. "whole number 0–365". */
  accepts: string;
  /** Default value; a function for defaults that depend on the machine. */
  default: ConfigValue | undefined | (() => ConfigValue);
  /** Turns the text typed by the user into the stored value, or returns an error sentence. */
  parse(raw: string): { ok: true; value: ConfigValue } | { ok: false; reason: string };
}

const ok = (value: ConfigValue) => ({ ok: true as const, value });
const bad = (reason: string) => ({ ok: false as const, reason });

function text(max: number) {
  return (raw: string) => {
    const v = raw.trim();
    if (v.length === 0) return bad('must not be empty');
    if (v.length > max) return bad(`must be at most ${max} characters`);
    return ok(v);
  };
}

function integer(min: number, max: number) {
  return (raw: string) => {
    if (!/^\d+$/.test(raw.trim())) return bad(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw.trim());
    if (n < min || n > max) return bad(`must be a whole number from ${min} to ${max}`);
    return ok(n);
  };
}

function boolean(raw: string) {
  const v = raw.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return ok(true);
  if (['false', 'no', '0', 'off'].includes(v)) return ok(false);
  return bad('must be true or false');
}

function oneOf(...values: string[]) {
  return (raw: string) => {
    const v = raw.trim().toLowerCase();
    return values.includes(v) ? ok(v) : bad(`must be one of: ${values.join(', ')}`);
  };
}

/** Money typed as 12, 12.50 or $1,250.50; stored as a decimal string "12.50". */
function money(raw: string) {
  const v = raw.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return bad('must be an amount such as 25 or 25.00');
  return ok(Number(v).toFixed(2));
}

function timezone(raw: string) {
  const v = raw.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v });
  } catch {
    return bad('must be an IANA time zone such as America/Chicago or Europe/London');
  }
  if (!v.includes('/') && v !== 'UTC') {
    return bad('must be an IANA time zone such as America/Chicago or Europe/London');
  }
  return ok(v);
}

function window(raw: string) {
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(raw.trim());
  if (!m) return bad('must be a time window such as 09:00-20:00');
  const [start, end] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  if (Number(m[1]) > 23 || Number(m[3]) > 24 || Number(m[2]) > 59 || Number(m[4]) > 59) {
    return bad('must be a time window such as 09:00-20:00');
  }
  if (end <= start) return bad('must end after it starts, e.g. 09:00-20:00 (not across midnight)');
  const pad = (h: string | undefined, mm: string | undefined) =>
    `${(h ?? '').padStart(2, '0')}:${mm}`;
  return ok(`${pad(m[1], m[2])}-${pad(m[3], m[4])}`);
}

function email(raw: string) {
  const v = raw.trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? ok(v) : bad('must be an email address');
}

function phone(raw: string) {
  const digits = raw.replace(/[^\d+]/g, '');
  if (/^\+\d{8,15}$/.test(digits)) return ok(digits);
  const d = digits.replace(/\D/g, '');
  if (d.length === 10) return ok(`+1${d}`);
  if (d.length === 11 && d.startsWith('1')) return ok(`+${d}`);
  return bad('must be a phone number such as (555) 123-4567 or +15551234567');
}

function url(raw: string) {
  const v = raw.trim();
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return bad('must be an http(s) URL');
    return ok(v.replace(/\/+$/, ''));
  } catch {
    return bad('must be an http(s) URL');
  }
}

/** The machine's time zone, the default for `timezone`. */
export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const configKeys: readonly ConfigKey[] = [
  {
    key: 'practice.name',
    description: 'Practice name shown in messages and invoices',
    accepts: 'text',
    default: undefined,
    parse: text(100),
  },
  {
    key: 'practice.phone',
    description: 'Practice phone number shown in messages',
    accepts: 'phone number',
    default: undefined,
    parse: phone,
  },
  {
    key: 'practice.email',
    description: 'Practice email address for replies',
    accepts: 'email address',
    default: undefined,
    parse: email,
  },
  {
    key: 'practice.address',
    description: 'Postal address for email footers and invoices',
    accepts: 'text',
    default: undefined,
    parse: text(200),
  },
  {
    key: 'timezone',
    description: 'Practice time zone; every "today" is computed in it',
    accepts: 'IANA time zone',
    default: systemTimezone,
    parse: timezone,
  },
  {
    key: 'cards.expiring_within_days',
    description: 'A card is "expiring" when valid through at most this many days after the date',
    accepts: 'whole number 0-365',
    default: 30,
    parse: integer(0, 365),
  },
  {
    key: 'reports.balance_due_threshold',
    description: 'BALANCE_DUE when the patient balance is above this amount',
    accepts: 'amount, e.g. 0.00',
    default: '0.00',
    parse: money,
  },
  {
    key: 'memberships.period_anchor',
    description: 'Membership periods follow the calendar or the billing date',
    accepts: 'calendar, billing',
    default: 'calendar',
    parse: oneOf('calendar', 'billing'),
  },
  {
    key: 'memberships.rules',
    description:
      'Visits allowed per period for membership plans by name (Cash Practice Wellness plans), e.g. "Wellness Monthly=4/month;Wellness Weekly=1/week"',
    accepts: 'NAME=VISITS/week|month; …',
    default: undefined,
    parse: (raw: string) => {
      const parsed = parseMembershipRules(raw);
      return parsed.ok ? ok(raw.trim()) : bad(parsed.reason);
    },
  },
  {
    key: 'messaging.window',
    description: 'Quiet-hours window in practice time; nothing is sent outside it',
    accepts: 'HH:MM-HH:MM',
    default: '09:00-20:00',
    parse: window,
  },
  {
    key: 'messaging.cooldown_days',
    description: 'At most one card-update message per patient in this many days',
    accepts: 'whole number 0-365',
    default: 7,
    parse: integer(0, 365),
  },
  {
    key: 'messaging.require_sms_consent',
    description: 'Text only patients with recorded SMS consent',
    accepts: 'true, false',
    default: true,
    parse: boolean,
  },
  {
    key: 'messaging.email_per_second',
    description: 'At most this many emails per second during a blast (SMTP provider limits)',
    accepts: 'whole number 1-500',
    default: 10,
    parse: integer(1, 500),
  },
  {
    key: 'card_update.amount',
    description: 'Amount authorised (never captured) by a card-update link',
    accepts: 'amount, e.g. 1.00',
    default: '1.00',
    parse: money,
  },
  {
    key: 'invoices.due_days',
    description: 'Default days until an invoice is due',
    accepts: 'whole number 0-365',
    default: 14,
    parse: integer(0, 365),
  },
  {
    key: 'fortis.environment',
    description: 'Fortis environment',
    accepts: 'production, sandbox',
    default: 'production',
    parse: oneOf('production', 'sandbox'),
  },
  {
    key: 'fortis.base_url',
    description: 'Fortis API base URL (overrides the environment; for a proxy or the emulator)',
    accepts: 'http(s) URL',
    default: undefined,
    parse: url,
  },
  {
    key: 'fortis.developer_id',
    description: 'Fortis developer ID identifying the integrating application',
    accepts: 'text',
    default: undefined,
    parse: text(64),
  },
  {
    key: 'cashpractice.base_url',
    description: 'Cash Practice API base URL (provisional contract)',
    accepts: 'http(s) URL',
    default: undefined,
    parse: url,
  },
  {
    key: 'http.timeout_seconds',
    description: 'Seconds to wait for one answer from a provider before retrying',
    accepts: 'whole number 1-300',
    default: 30,
    parse: integer(1, 300),
  },
  {
    key: 'http.max_retries',
    description: 'Retries of a failed provider call (timeouts, 429, 5xx) before giving up',
    accepts: 'whole number 0-10',
    default: 5,
    parse: integer(0, 10),
  },
  {
    key: 'sync.page_size',
    description: 'Records requested per page during sync',
    accepts: 'whole number 1-5000',
    // Fortis's largest page: 5× fewer requests and commits than 1000 made a full sync ~2× faster
    // (SPEC §4). Cash Practice takes at most 1000 (its source caps the request).
    default: 5000,
    parse: integer(1, 5000),
  },
  {
    key: 'sync.overlap_seconds',
    description: 'Incremental sync re-reads this many seconds before the last checkpoint',
    accepts: 'whole number 0-86400',
    default: 300,
    parse: integer(0, 86400),
  },
];

const byKey = new Map(configKeys.map((k) => [k.key, k]));

/** Looks up a key definition. */
export function findConfigKey(key: string): ConfigKey | undefined {
  return byKey.get(key);
}

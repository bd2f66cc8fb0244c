import { z } from 'zod';
import { MalformedResponseError } from '../errors.js';

// Runtime checks of Fortis responses: only the fields trackstat reads; everything else passes
// through untouched (and is kept in `raw`). The documented oddities are accepted: integers sent as
// floats or numeric strings, null anywhere, ids as numbers, booleans as 0/1, "on hold", `status`
// objects (fixtures/fortis/README.md). Envelopes are checked with zod; list records — tens of
// thousands per sync — with a small field reader that costs a typeof per field.

function malformed(field: string, value: unknown, expected: string): MalformedResponseError {
  const shown = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return new MalformedResponseError(
    `Unexpected response from Fortis: ${field} is ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown} (expected ${expected}).`,
    {
      provider: 'fortis',
      field,
      hint: 'Fortis sent data trackstat does not understand; nothing from this page was saved. Run again later; if it persists, run with --verbose and report it.',
    },
  );
}

const numericString = /^\s*-?\d+(\.\d+)?\s*$/;

type Kind = 'num' | 'id' | 'text' | 'bool' | 'status' | 'items' | 'ref';

interface KindOut {
  num: number | null;
  id: string | null;
  text: string | null;
  bool: boolean | null;
  status: string | null;
  items: Array<{ name: string | null; amount: number | null }>;
  ref: { id: string | null } | null;
}

type Spec = Record<string, Kind>;
export type Wire<S extends Spec> = { id: string } & { [K in keyof S]: KindOut[S[K]] };

function readNum(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && numericString.test(v)) return Number(v);
  throw malformed(field, v, 'a number');
}

function readText(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (typeof v === 'number') return String(v);
  throw malformed(field, v, 'text');
}

function readBool(v: unknown, field: string): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true') return true;
  if (v === 0 || v === '0' || v === 'false') return false;
  throw malformed(field, v, 'true or false');
}

function readField(kind: Kind, v: unknown, field: string): unknown {
  switch (kind) {
    case 'num':
      return readNum(v, field);
    case 'id':
    case 'text':
      return readText(v, field);
    case 'bool':
      return readBool(v, field);
    case 'status':
      // "active" | "on hold" | "ended"; some payloads send {id, title}.
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        return readText((v as { title?: unknown }).title, `${field}.title`);
      }
      return readText(v, field);
    case 'ref':
      if (v === undefined || v === null) return null;
      if (typeof v !== 'object' || Array.isArray(v)) throw malformed(field, v, 'an object');
      return { id: readText((v as { id?: unknown }).id, `${field}.id`) };
    case 'items': {
      if (v === undefined || v === null) return [];
      if (!Array.isArray(v)) throw malformed(field, v, 'a list');
      return v.map((item: unknown, i) => {
        if (item === null || typeof item !== 'object')
          throw malformed(`${field}[${i}]`, item, 'an object');
        const o = item as { name?: unknown; amount?: unknown };
        return {
          name: readText(o.name, `${field}[${i}].name`),
          amount: readNum(o.amount, `${field}[${i}].amount`),
        };
      });
    }
  }
}

function reader<S extends Spec>(spec: S): (input: unknown, what: string) => Wire<S> {
  const entries = Object.entries(spec);
  return (input, what) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw malformed(what, input, 'an object');
    }
    const o = input as Record<string, unknown>;
    const id = o.id;
    if (!((typeof id === 'string' && id !== '') || typeof id === 'number')) {
      throw malformed(`${what}.id`, id, 'an id');
    }
    const out: Record<string, unknown> = { id: String(id) };
    for (const [key, kind] of entries) out[key] = readField(kind, o[key], `${what}.${key}`);
    return out as Wire<S>;
  };
}

const stamps = { created_ts: 'num', modified_ts: 'num' } as const;

export const readContact = reader({
  ...stamps,
  account_number: 'text',
  contact_api_id: 'text',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  cell_phone: 'text',
  date_of_birth: 'text',
  active: 'bool',
});

export const readToken = reader({
  ...stamps,
  contact_id: 'id',
  payment_method: 'text',
  account_type: 'text',
  last_four: 'text',
  exp_date: 'text',
  account_holder_name: 'text',
  active: 'bool',
  has_recurring: 'bool',
  cau_last_updated_ts: 'num',
});

export const readRecurring = reader({
  ...stamps,
  contact_id: 'id',
  token_id: 'id',
  account_vault_id: 'id',
  transaction_amount: 'num',
  interval: 'num',
  interval_type: 'text',
  recurring_type_id: 'text',
  installment_total_count: 'num',
  start_date: 'text',
  end_date: 'text',
  next_run_date: 'text',
  status: 'status',
  description: 'text',
  active: 'bool',
});

export const readTransaction = reader({
  ...stamps,
  contact_id: 'id',
  token_id: 'id',
  account_vault_id: 'id',
  transaction_amount: 'num',
  status_code: 'num',
  reason_code_id: 'num',
  type_id: 'num',
  payment_method: 'text',
  recurring_id: 'id',
  quick_invoice_id: 'id',
  paylink_id: 'id',
  save_account: 'bool',
  saved_account: 'ref',
});

export const readDeclined = reader({
  ...stamps,
  recurring_id: 'id',
  declined_transaction_id: 'id',
  payment_transaction_id: 'id',
  status: 'status',
});

export const readQuickInvoice = reader({
  ...stamps,
  quick_invoice_api_id: 'text',
  contact_id: 'id',
  title: 'text',
  item_list: 'items',
  amount_due: 'num',
  remaining_balance: 'num',
  due_date: 'text',
  payment_url: 'text',
  status_code: 'num',
  payment_status_id: 'num',
  active: 'bool',
});

export const readPaylink = reader({
  ...stamps,
  paylink_api_id: 'text',
  contact_id: 'id',
  amount_due: 'num',
  payment_url: 'text',
  status_code: 'num',
  active: 'bool',
  expire_date: 'text',
});

export const readUser = reader({ username: 'text', primary_location_id: 'id' });
export const readLocation = reader({ name: 'text' });

export type ContactWire = ReturnType<typeof readContact>;
export type TokenWire = ReturnType<typeof readToken>;
export type RecurringWire = ReturnType<typeof readRecurring>;
export type TransactionWire = ReturnType<typeof readTransaction>;
export type DeclinedWire = ReturnType<typeof readDeclined>;
export type QuickInvoiceWire = ReturnType<typeof readQuickInvoice>;
export type PaylinkWire = ReturnType<typeof readPaylink>;

/** A record reader: validates one wire record or throws naming the field. */
export type RecordReader<W> = (input: unknown, what: string) => W;

const count = z.union([z.number(), z.string().regex(numericString).transform(Number)]).nullish();

export const collectionSchema = z.looseObject({
  list: z.array(z.unknown()),
  pagination: z
    .looseObject({ total_count: count, page_count: count, page_number: count, page_size: count })
    .nullish(),
});

export const singleSchema = z.looseObject({ data: z.looseObject({}) });

/**
 * Validates a Fortis envelope, or throws "unexpected response from Fortis: <what>.<field> …"
 * naming the first offending field (exit 6).
 */
export function parseWire<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`));
  let value: unknown = input;
  for (const key of issue?.path ?? []) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined;
  }
  const expected =
    issue && 'expected' in issue && typeof issue.expected === 'string'
      ? issue.expected
      : 'something else';
  throw malformed(`${what}${path.join('')}`, value, expected);
}

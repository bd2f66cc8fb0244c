import { z } from 'zod';
import { MalformedResponseError } from '../errors.js';

// Runtime checks of Fortis responses: only the fields trackstat reads, everything else passes
// through untouched (loose objects). The documented oddities are accepted: integers sent as floats
// or numeric strings, null anywhere, ids as numbers, booleans as 0/1 (fixtures/fortis/README.md).

const numericString = /^\s*-?\d+(\.\d+)?\s*$/;

/** A number, or a numeric string; null/absent allowed. */
const num = z
  .union([z.number(), z.string().regex(numericString).transform(Number)])
  .nullish()
  .transform((v) => v ?? null);

/** An id or code: string or number, kept as text. */
const idText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : String(v)));

/** Free text (numbers accepted, e.g. account numbers); blank means absent. */
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    if (v === undefined || v === null) return null;
    const s = String(v).trim();
    return s === '' ? null : s;
  });

/** true/false, 1/0, "1"/"0", "true"/"false". */
const bool = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
  .nullish()
  .transform((v) =>
    v === undefined || v === null ? null : v === true || v === 1 || v === '1' || v === 'true',
  );

const requiredId = z.union([z.string().min(1), z.number()]).transform(String);

const stamps = {
  id: requiredId,
  created_ts: num,
  modified_ts: num,
};

export const contactSchema = z.looseObject({
  ...stamps,
  account_number: text,
  contact_api_id: text,
  first_name: text,
  last_name: text,
  email: text,
  cell_phone: text,
  date_of_birth: text,
  active: bool,
});

export const tokenSchema = z.looseObject({
  ...stamps,
  contact_id: idText,
  payment_method: text,
  account_type: text,
  last_four: text,
  exp_date: text,
  account_holder_name: text,
  active: bool,
  has_recurring: bool,
  cau_last_updated_ts: num,
});

export const recurringSchema = z.looseObject({
  ...stamps,
  contact_id: idText,
  token_id: idText,
  account_vault_id: idText,
  transaction_amount: num,
  interval: num,
  interval_type: text,
  recurring_type_id: text,
  installment_total_count: num,
  start_date: text,
  end_date: text,
  next_run_date: text,
  // "active" | "on hold" | "ended"; some payloads send {id, title}.
  status: z
    .union([z.string(), z.looseObject({ title: text })])
    .nullish()
    .transform((v) => (v === undefined || v === null ? null : typeof v === 'string' ? v : v.title)),
  description: text,
  active: bool,
});

export const transactionSchema = z.looseObject({
  ...stamps,
  contact_id: idText,
  token_id: idText,
  account_vault_id: idText,
  transaction_amount: num,
  status_code: num,
  reason_code_id: num,
  type_id: num,
  payment_method: text,
  recurring_id: idText,
  quick_invoice_id: idText,
  paylink_id: idText,
  save_account: bool,
  saved_account: z.looseObject({ id: idText }).nullish(),
});

export const declinedSchema = z.looseObject({
  ...stamps,
  recurring_id: idText,
  declined_transaction_id: idText,
  payment_transaction_id: idText,
  status: text,
});

export const quickInvoiceSchema = z.looseObject({
  ...stamps,
  quick_invoice_api_id: text,
  contact_id: idText,
  title: text,
  item_list: z
    .array(z.looseObject({ name: text, amount: num }))
    .nullish()
    .transform((v) => v ?? []),
  amount_due: num,
  remaining_balance: num,
  due_date: text,
  payment_url: text,
  status_code: num,
  payment_status_id: num,
  active: bool,
});

export const paylinkSchema = z.looseObject({
  ...stamps,
  paylink_api_id: text,
  contact_id: idText,
  amount_due: num,
  payment_url: text,
  status_code: num,
  active: bool,
  expire_date: text,
});

export const userSchema = z.looseObject({
  id: requiredId,
  username: text,
  primary_location_id: idText,
});

export const locationSchema = z.looseObject({ id: requiredId, name: text });

export const collectionSchema = z.looseObject({
  list: z.array(z.unknown()),
  pagination: z
    .looseObject({ total_count: num, page_count: num, page_number: num, page_size: num })
    .nullish(),
});

export const singleSchema = z.looseObject({ data: z.looseObject({}) });

export type ContactWire = z.infer<typeof contactSchema>;
export type TokenWire = z.infer<typeof tokenSchema>;
export type RecurringWire = z.infer<typeof recurringSchema>;
export type TransactionWire = z.infer<typeof transactionSchema>;
export type DeclinedWire = z.infer<typeof declinedSchema>;
export type QuickInvoiceWire = z.infer<typeof quickInvoiceSchema>;
export type PaylinkWire = z.infer<typeof paylinkSchema>;

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Validates a Fortis payload, or throws "unexpected response from Fortis: <what>.<field> …" naming
 * the first offending field (exit 6).
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
  const field = `${what}${path.join('')}`;
  const expected =
    issue && 'expected' in issue && typeof issue.expected === 'string'
      ? `expected ${issue.expected}`
      : (issue?.message ?? 'invalid');
  throw new MalformedResponseError(
    `Unexpected response from Fortis: ${field} is ${describeValue(valueAt(input, issue?.path ?? []))} (${expected}).`,
    {
      provider: 'fortis',
      field,
      hint: 'Fortis sent data trackstat does not understand; nothing from this page was saved. Run again later; if it persists, run with --verbose and report it.',
    },
  );
}

import type {
  CardRecord,
  ContactRecord,
  InvoiceRecord,
  PaymentLinkRecord,
  RecurringPlanRecord,
  TransactionRecord,
} from '../../domain/records.js';
import type { FortisClient } from './client.js';
import {
  mapContact,
  mapPaylink,
  mapQuickInvoice,
  mapRecurring,
  mapToken,
  mapTransaction,
} from './map.js';
import type { Filter } from './query.js';
import {
  readContact,
  readPaylink,
  readQuickInvoice,
  readRecurring,
  readToken,
  readTransaction,
} from './schemas.js';

// The Fortis calls other features make (fortis.md §10), as plain functions over a FortisClient.
// Every create carries a stable *_api_id, which is what makes a retried POST harmless.

export interface CreatePaylinkInput {
  /** Stable idempotency id (paylink_api_id), stored locally before the call. */
  apiId: string;
  contactId: string | null;
  amountCents: number;
  action: 'sale' | 'auth-only';
  /** Save the card used as a new token (card-update links). */
  storeToken: boolean;
  description?: string;
  expireDate?: string;
  /** 0 = Fortis sends nothing (trackstat messages the patient itself). */
  deliveryMethod?: 0 | 1 | 2 | 3;
  email?: string;
  cellPhone?: string;
}

/** POST /v1/paylinks?expand=payment_url — retried safely thanks to paylink_api_id. */
export async function createPaylink(
  client: FortisClient,
  input: CreatePaylinkInput,
): Promise<PaymentLinkRecord> {
  const body: Record<string, unknown> = {
    location_id: client.locationId,
    paylink_api_id: input.apiId,
    amount_due: input.amountCents,
    paylink_action: input.action,
    store_token: input.storeToken,
    delivery_method: input.deliveryMethod ?? 0,
  };
  if (input.contactId !== null) body.contact_id = input.contactId;
  if (input.description !== undefined) body.description = input.description;
  if (input.expireDate !== undefined) body.expire_date = input.expireDate;
  if (input.email !== undefined) body.email = input.email;
  if (input.cellPhone !== undefined) body.cell_phone = input.cellPhone;
  const { wire, raw } = await client.write(
    {
      method: 'POST',
      path: '/v1/paylinks',
      query: { expand: 'payment_url' },
      json: body,
      idempotent: true,
    },
    readPaylink,
    'paylink',
  );
  return mapPaylink(wire, raw);
}

/** GET /v1/paylinks/{id}?expand=payment_url. */
export async function getPaylink(client: FortisClient, id: string): Promise<PaymentLinkRecord> {
  const { wire, raw } = await client.getOne(
    `/v1/paylinks/${encodeURIComponent(id)}`,
    readPaylink,
    'paylink',
    { expand: 'payment_url' },
  );
  return mapPaylink(wire, raw);
}

export interface CreateQuickInvoiceInput {
  /** Stable idempotency id (quick_invoice_api_id). */
  apiId: string;
  contactId: string | null;
  title: string;
  dueDate: string;
  items: Array<{ name: string; amountCents: number }>;
  sendEmail?: boolean;
  sendText?: boolean;
  email?: string;
  cellPhone?: string;
}

/** POST /v1/quick-invoices?expand=payment_url — idempotent by quick_invoice_api_id. */
export async function createQuickInvoice(
  client: FortisClient,
  input: CreateQuickInvoiceInput,
): Promise<InvoiceRecord> {
  const body: Record<string, unknown> = {
    location_id: client.locationId,
    quick_invoice_api_id: input.apiId,
    title: input.title,
    due_date: input.dueDate,
    item_list: input.items.map((i) => ({ name: i.name, amount: i.amountCents })),
    send_email: input.sendEmail ?? false,
    send_text_to_pay: input.sendText ?? false,
  };
  if (input.contactId !== null) body.contact_id = input.contactId;
  if (input.email !== undefined) body.email = input.email;
  if (input.cellPhone !== undefined) body.cell_phone = input.cellPhone;
  const { wire, raw } = await client.write(
    {
      method: 'POST',
      path: '/v1/quick-invoices',
      query: { expand: 'payment_url' },
      json: body,
      idempotent: true,
    },
    readQuickInvoice,
    'quick invoice',
  );
  return mapQuickInvoice(wire, raw);
}

/** POST /v1/quick-invoices/{id}/resend?email=0|1&sms=0|1 (not retried: it sends a message). */
export async function resendQuickInvoice(
  client: FortisClient,
  id: string,
  via: { email: boolean; sms: boolean },
): Promise<void> {
  await client.http.request({
    method: 'POST',
    path: `/v1/quick-invoices/${encodeURIComponent(id)}/resend`,
    query: { email: via.email ? '1' : '0', sms: via.sms ? '1' : '0' },
  });
}

/** DELETE /v1/quick-invoices/{id} (void). */
export async function deleteQuickInvoice(client: FortisClient, id: string): Promise<void> {
  await client.http.request({
    method: 'DELETE',
    path: `/v1/quick-invoices/${encodeURIComponent(id)}`,
  });
}

/** PATCH /v1/recurrings/{id} with a new token_id (moves a plan onto a new card; safe to repeat). */
export async function patchRecurring(
  client: FortisClient,
  id: string,
  change: { tokenId: string },
): Promise<RecurringPlanRecord> {
  const { wire, raw } = await client.write(
    {
      method: 'PATCH',
      path: `/v1/recurrings/${encodeURIComponent(id)}`,
      json: { token_id: change.tokenId },
      idempotent: true,
    },
    readRecurring,
    'recurring',
  );
  return mapRecurring(wire, raw);
}

/** PUT /v1/transactions/{id}/void (releases an authorisation; PUT is retried). */
export async function voidTransaction(
  client: FortisClient,
  id: string,
): Promise<TransactionRecord> {
  const { wire, raw } = await client.write(
    { method: 'PUT', path: `/v1/transactions/${encodeURIComponent(id)}/void` },
    readTransaction,
    'transaction',
  );
  return mapTransaction(wire, raw);
}

function locationFilter(client: FortisClient, extra: Filter[]): Filter[] {
  return [{ key: 'location_id', operator: '=', value: client.locationId }, ...extra];
}

/** Lists the location's tokens (optionally one contact's), as card records. */
export async function* listTokens(
  client: FortisClient,
  options: { contactId?: string; pageSize?: number } = {},
): AsyncGenerator<CardRecord> {
  const filters = locationFilter(
    client,
    options.contactId ? [{ key: 'contact_id', operator: '=', value: options.contactId }] : [],
  );
  for await (const page of client.pages(
    '/v1/tokens',
    { filters },
    options.pageSize ?? 1000,
    'tokens',
  )) {
    for (const item of page.list) yield mapToken(readToken(item, 'tokens'), item);
  }
}

/** Lists the location's contacts, as contact records. */
export async function* listContacts(
  client: FortisClient,
  options: { pageSize?: number } = {},
): AsyncGenerator<ContactRecord> {
  const filters = locationFilter(client, []);
  for await (const page of client.pages(
    '/v1/contacts',
    { filters },
    options.pageSize ?? 1000,
    'contacts',
  )) {
    for (const item of page.list) yield mapContact(readContact(item, 'contacts'), item);
  }
}

/** GET /v1/transactions/{id}. */
export async function getTransaction(client: FortisClient, id: string): Promise<TransactionRecord> {
  const { wire, raw } = await client.getOne(
    `/v1/transactions/${encodeURIComponent(id)}`,
    readTransaction,
    'transaction',
  );
  return mapTransaction(wire, raw);
}

import { SandboxActionError, type SandboxActions } from './actions.js';
import type { FaultInjector, FaultMode } from './faults.js';
import { json, type Reply } from './http-types.js';
import type { SandboxState } from './state.js';

/**
 * The `/_sandbox/…` control endpoints (local only, no auth): they drive the actions and faults for
 * `trackstat sandbox act`, and `/pay/<id>` is the little page a payment URL opens.
 */

type Body = Record<string, unknown>;

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new SandboxActionError(`"${key}" is required`, 400);
  return v;
}

function int(body: Body, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new SandboxActionError(`"${key}" must be a whole number`, 400);
  return n;
}

function card(body: Body): { expMonth?: number; expYear?: number; lastFour?: string } {
  const out: { expMonth?: number; expYear?: number; lastFour?: string } = {};
  const m = int(body, 'exp_month');
  const y = int(body, 'exp_year');
  if (m !== undefined) out.expMonth = m;
  if (y !== undefined) out.expYear = y;
  if (typeof body.last_four === 'string') out.lastFour = body.last_four;
  return out;
}

/** The action names `sandbox act` and the control endpoint understand. */
export const ACTION_NAMES = [
  'pay-paylink',
  'use-card-link',
  'pay-invoice',
  'advance-clock',
  'touch',
  'use-store-billing-link',
  'pay-now-link',
] as const;

function runAction(actions: SandboxActions, name: string, body: Body): unknown {
  switch (name) {
    case 'pay-paylink':
      return actions.payPaylink(str(body, 'id'));
    case 'use-card-link':
      return actions.useCardUpdateLink(str(body, 'id'), card(body));
    case 'pay-invoice':
      return actions.payQuickInvoice(str(body, 'id'));
    case 'advance-clock':
      return actions.advanceClock(int(body, 'days') ?? 1);
    case 'touch':
      return actions.touch(str(body, 'resource'), int(body, 'count') ?? 1);
    case 'use-store-billing-link':
      return actions.useStoreBillingLink(str(body, 'id'), card(body));
    case 'pay-now-link':
      return actions.payPayNowLink(str(body, 'id'), int(body, 'amount_cents'));
    default:
      throw new SandboxActionError(
        `unknown action "${name}"; one of: ${ACTION_NAMES.join(', ')}`,
        404,
      );
  }
}

/** Answers `/_sandbox/<segments>`. */
export function handleControl(
  state: SandboxState,
  actions: SandboxActions,
  faults: FaultInjector,
  method: string,
  segments: string[],
  body: unknown,
): Reply {
  const b = (body && typeof body === 'object' ? body : {}) as Body;
  try {
    const [first, second] = segments;
    if (first === 'info' && method === 'GET') {
      const f = state.fortis;
      const counts: Record<string, number> = {};
      for (const [k, c] of Object.entries(f.lists)) counts[`fortis.${k}`] = c.size;
      for (const [k, c] of Object.entries(state.cashpractice.lists))
        counts[`cashpractice.${k}`] = c.size;
      return json(200, {
        today: state.today(),
        now_ts: state.now(),
        counts,
        pending_faults: faults.pending(),
      });
    }
    if (first === 'actions' && second && method === 'POST') {
      return json(200, { action: second, result: runAction(actions, second, b) });
    }
    if (first === 'faults' && method === 'POST') {
      const count = int(b, 'count') ?? 1;
      const retryAfter = int(b, 'retry_after');
      faults.inject({
        mode: str(b, 'mode') as FaultMode,
        count,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(typeof b.path === 'string' ? { path: b.path } : {}),
      });
      return json(200, { pending_faults: faults.pending() });
    }
    if (first === 'faults' && method === 'DELETE') {
      faults.clear();
      return json(200, { pending_faults: 0 });
    }
    return json(404, { error: 'no such control endpoint' });
  } catch (err) {
    if (err instanceof SandboxActionError) return json(err.status, { error: err.message });
    if (err instanceof Error && /fault/.test(err.message)) return json(400, { error: err.message });
    throw err;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): Reply {
  return {
    status: 200,
    body: null,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    raw: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32em;margin:3em auto"><h1>${escapeHtml(title)}</h1>${body}<p><small>trackstat sandbox — no real money moves.</small></p></body></html>`,
  };
}

/** The page behind a payment URL: GET shows what is due, POST "pays" (runs the matching action). */
export function handlePayPage(
  state: SandboxState,
  actions: SandboxActions,
  method: string,
  id: string,
): Reply {
  const paylink = state.fortis.lists.paylinks.get(id);
  const invoice = state.fortis.lists['quick-invoices'].get(id);
  const link = state.cashpractice.payNowLinks.get(id);
  const record = paylink ?? invoice ?? link;
  if (!record)
    return { ...page('Link not found', '<p>This payment link does not exist.</p>'), status: 404 };
  const cardUpdate =
    (paylink && paylink.paylink_action === 'auth-only') ||
    (link && link.purpose === 'store_billing');
  const cents = Number(
    paylink?.amount_due ?? invoice?.remaining_balance ?? link?.amount_cents ?? 0,
  );
  const title = cardUpdate ? 'Update your card' : 'Make a payment';
  if (method === 'POST') {
    try {
      if (paylink) {
        if (cardUpdate) actions.useCardUpdateLink(id);
        else actions.payPaylink(id);
      } else if (invoice) actions.payQuickInvoice(id);
      else if (cardUpdate) actions.useStoreBillingLink(id);
      else actions.payPayNowLink(id);
    } catch (err) {
      if (err instanceof SandboxActionError)
        return page(title, `<p>${escapeHtml(err.message)}</p>`);
      throw err;
    }
    return page(title, '<p>Thank you — done.</p>');
  }
  const what = cardUpdate
    ? `<p>A temporary authorisation of $${(cents / 100).toFixed(2)} verifies the new card.</p>`
    : `<p>Amount due: $${(cents / 100).toFixed(2)}</p>`;
  return page(
    title,
    `${what}<form method="post"><button type="submit">${cardUpdate ? 'Save card' : 'Pay'}</button></form>`,
  );
}

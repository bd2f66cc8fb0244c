import { notFound, unauthorized } from './fortis-errors.js';
import { FORTIS_TYPE_NAMES } from './fortis-keys.js';
import { listReply, single } from './fortis-reads.js';
import {
  createPaylink,
  createQuickInvoice,
  deleteQuickInvoice,
  patchRecurring,
  resendQuickInvoice,
  voidTransaction,
} from './fortis-writes.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import { FORTIS_RESOURCES, type FortisResource, type SandboxState } from './state.js';

export { paymentUrl } from './fortis-reads.js';

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Answers one Fortis v1 request (path segments after `/fortis`). */
export function handleFortis(state: SandboxState, req: ApiRequest): Reply {
  const f = state.fortis;
  if (
    header(req, 'user-id') !== f.userId ||
    header(req, 'user-api-key') !== f.userApiKey ||
    header(req, 'developer-id') !== f.developerId
  ) {
    return unauthorized();
  }
  const [version, resource, id, action, ...extra] = req.segments;
  if (version !== 'v1' || !resource || extra.length > 0) return notFound('Route');
  const m = req.method;

  if (resource === 'users' && id === 'me' && !action && m === 'GET') {
    return json(200, { type: 'User', data: f.user });
  }
  if (resource === 'locations' && m === 'GET' && !action) {
    if (!id) return listReply(state, req, 'locations', f.locations);
    const loc = f.locations.get(id);
    return loc ? single('locations', loc, req) : notFound('Location');
  }
  if (!(FORTIS_RESOURCES as readonly string[]).includes(resource)) return notFound('Route');
  const name = resource as FortisResource;
  const list = f.lists[name];

  if (!id) {
    if (m === 'GET') return listReply(state, req, name, list);
    if (m === 'POST' && name === 'quick-invoices') return createQuickInvoice(state, req);
    if (m === 'POST' && name === 'paylinks') return createPaylink(state, req);
    return notFound('Route');
  }
  if (!action) {
    if (m === 'GET') {
      const rec = list.get(id);
      return rec ? single(name, rec, req) : notFound(FORTIS_TYPE_NAMES[name][1]);
    }
    if (m === 'PATCH' && name === 'recurrings') return patchRecurring(state, req, id);
    if (m === 'DELETE' && name === 'quick-invoices') return deleteQuickInvoice(state, req, id);
    return notFound('Route');
  }
  if (name === 'transactions' && action === 'void' && (m === 'PUT' || m === 'PATCH')) {
    return voidTransaction(state, req, id);
  }
  if (name === 'quick-invoices' && action === 'resend' && m === 'POST') {
    return resendQuickInvoice(state, req, id);
  }
  return notFound('Route');
}

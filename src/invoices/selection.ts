// Non-interactive item selection: --charges all-unpaid, --service CODE[:AMOUNT], --item "Text:AMOUNT".
// A blank amount means the full amount due; a typed amount overrides it.
import { UsageError } from '../errors.js';
import { parseMoney } from '../ehr-import/values.js';
import { suggestions } from '../paywall/suggest.js';
import type { CatalogueService, OpenCharge } from './charges.js';
import type { InvoiceItem } from './draft.js';

/** A charge as an invoice line: "2026-03-02 Adjustment (98941)". */
export function chargeItem(charge: OpenCharge, amountCents?: number): InvoiceItem {
  return {
    name: `${charge.date} ${charge.description}${charge.code ? ` (${charge.code})` : ''}`,
    amountCents: amountCents ?? charge.dueCents,
    chargeId: charge.id,
    code: charge.code,
  };
}

/** A catalogue service as an invoice line. */
export function serviceItem(service: CatalogueService, amountCents?: number): InvoiceItem {
  return {
    name: `${service.description}${service.code ? ` (${service.code})` : ''}`,
    amountCents: amountCents ?? service.usualFeeCents,
    chargeId: null,
    code: service.code,
  };
}

/** Splits "TEXT:AMOUNT" at the last colon; amount undefined when blank or absent. */
function splitAmount(
  spec: string,
  flag: string,
): { text: string; amountCents: number | undefined } {
  const at = spec.lastIndexOf(':');
  const text = (at < 0 ? spec : spec.slice(0, at)).trim();
  const raw = at < 0 ? '' : spec.slice(at + 1).trim();
  if (raw === '') return { text, amountCents: undefined };
  const parsed = parseMoney(raw, true);
  if (!parsed.ok) throw new UsageError(`${flag} "${spec}": the amount ${parsed.reason}.`);
  return { text, amountCents: parsed.value };
}

/** Turns the selection flags into invoice lines for a patient. */
export function selectFromFlags(
  flags: { charges?: string | undefined; services: readonly string[]; items: readonly string[] },
  open: readonly OpenCharge[],
  catalogue: readonly CatalogueService[],
): InvoiceItem[] {
  const out: InvoiceItem[] = [];
  const taken = new Set<string>();
  if (flags.charges !== undefined) {
    if (flags.charges !== 'all-unpaid') {
      throw new UsageError(`--charges accepts "all-unpaid", not "${flags.charges}".`);
    }
    for (const c of open) {
      out.push(chargeItem(c));
      taken.add(c.id);
    }
  }
  for (const spec of flags.services) {
    const { text: code, amountCents } = splitAmount(spec, '--service');
    if (code === '') throw new UsageError(`--service "${spec}" needs a service code.`);
    // A service the patient received and still owes is covered; otherwise it is a new line
    // from the catalogue at its usual fee.
    const charge = open.find(
      (c) => !taken.has(c.id) && c.code?.toLowerCase() === code.toLowerCase(),
    );
    if (charge) {
      out.push(chargeItem(charge, amountCents));
      taken.add(charge.id);
      continue;
    }
    const service = catalogue.find((s) => s.code?.toLowerCase() === code.toLowerCase());
    if (!service) {
      const codes = [...new Set(catalogue.map((s) => s.code).filter((c): c is string => !!c))];
      const near = suggestions(code, codes);
      throw new UsageError(
        `No service with code "${code}" was found in the imported charges.`,
        near.length > 0
          ? `Did you mean ${near.join(' or ')}?`
          : `Known codes: ${codes.slice(0, 30).join(', ') || 'none (import charges first)'}.`,
      );
    }
    out.push(serviceItem(service, amountCents));
  }
  for (const spec of flags.items) {
    const { text, amountCents } = splitAmount(spec, '--item');
    if (text === '') throw new UsageError(`--item "${spec}" needs a description before the colon.`);
    if (amountCents === undefined) {
      throw new UsageError(`--item "${spec}" needs an amount, e.g. --item "Orthotics:120.00".`);
    }
    out.push({ name: text.slice(0, 100), amountCents, chargeId: null, code: null });
  }
  return out;
}

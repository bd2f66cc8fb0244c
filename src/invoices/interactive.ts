// Item selection on a terminal: tick the services received, adjust amounts (blank = full amount),
// and add services from the catalogue. Every question names the flag that answers it without a TTY.
import { parseMoney } from '../ehr-import/values.js';
import { askChecklist, askChoice, askText } from '../terminal/prompt.js';
import type { Io } from '../terminal/io.js';
import { formatCents } from '../terminal/render.js';
import { sanitizeCell } from '../terminal/sanitize.js';
import type { CatalogueService, OpenCharge } from './charges.js';
import type { InvoiceItem } from './draft.js';
import { chargeItem, serviceItem } from './selection.js';

const addService = '__add_service__';
const done = '__done__';

function validAmount(text: string): string | true {
  if (text.trim() === '') return true;
  const parsed = parseMoney(text, false);
  if (!parsed.ok) return `The amount ${parsed.reason}.`;
  return parsed.value > 0 ? true : 'The amount must be more than zero.';
}

async function amountFor(io: Io, label: string, fullCents: number, flag: string): Promise<number> {
  const typed = await askText(io, {
    message: `Amount for ${label} (blank = ${formatCents(fullCents)})`,
    flag,
    validate: validAmount,
  });
  if (typed.trim() === '') return fullCents;
  const parsed = parseMoney(typed, false);
  return parsed.ok ? parsed.value : fullCents;
}

/** Asks which charges and catalogue services go on the invoice, with their amounts. */
export async function chooseItems(
  io: Io,
  open: readonly OpenCharge[],
  catalogue: readonly CatalogueService[],
): Promise<InvoiceItem[]> {
  const picked = await askChecklist<string>(io, {
    message: open.length > 0 ? 'Services to invoice' : 'No unpaid services on file',
    flag: '--charges all-unpaid, --service CODE[:AMOUNT] or --item "Text:AMOUNT"',
    choices: [
      ...open.map((c) => ({
        value: c.id,
        name: sanitizeCell(
          `${c.date}  ${c.description}${c.code ? ` (${c.code})` : ''}  ${formatCents(c.dueCents)}`,
        ),
        checked: true,
      })),
      ...(catalogue.length > 0
        ? [{ value: addService, name: 'Add a service from the catalogue…' }]
        : []),
    ],
  });
  const items: InvoiceItem[] = [];
  for (const charge of open) {
    if (!picked.includes(charge.id)) continue;
    const label = sanitizeCell(`${charge.date} ${charge.description}`);
    items.push(
      chargeItem(charge, await amountFor(io, label, charge.dueCents, '--service CODE:AMOUNT')),
    );
  }
  if (picked.includes(addService)) {
    for (;;) {
      const choice = await askChoice<string>(io, {
        message: 'Service to add',
        flag: '--service CODE[:AMOUNT]',
        choices: [
          { value: done, name: 'Done adding services' },
          ...catalogue.map((s, i) => ({
            value: String(i),
            name: sanitizeCell(
              `${s.description}${s.code ? ` (${s.code})` : ''}  ${formatCents(s.usualFeeCents)}`,
            ),
          })),
        ],
      });
      if (choice === done) break;
      const service = catalogue[Number(choice)];
      if (!service) break;
      const amount = await amountFor(
        io,
        sanitizeCell(service.description),
        service.usualFeeCents,
        '--service CODE:AMOUNT',
      );
      items.push(serviceItem(service, amount));
    }
  }
  return items;
}

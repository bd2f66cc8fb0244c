// The invoice as the patient will see it: a plain-text rendering for the terminal and a clean,
// printable HTML page (--html FILE). Everything that came from outside is escaped.
import { formatCents } from '../terminal/render.js';
import { sanitizeCell } from '../terminal/sanitize.js';
import type { InvoiceDraft } from './draft.js';
import { patientLabel } from './patient-lookup.js';

export interface PracticeHeader {
  name: string | undefined;
  address: string | undefined;
  phone: string | undefined;
  email: string | undefined;
}

const money = (cents: number): string => `$${formatCents(cents)}`;

/** The invoice as lines of text for a terminal. */
export function previewText(draft: InvoiceDraft, practice: PracticeHeader, width = 80): string {
  const w = Math.max(40, Math.min(width, 100));
  const lines: string[] = [];
  const header = [practice.name, practice.address, practice.phone, practice.email].filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
  lines.push(...header.map(sanitizeCell));
  if (header.length > 0) lines.push('');
  lines.push(`Bill to: ${sanitizeCell(patientLabel(draft.patient))}`);
  lines.push(`Due:     ${draft.dueDate}`);
  lines.push('-'.repeat(w));
  for (const item of draft.items) {
    const amount = money(item.amountCents);
    const name = sanitizeCell(item.name);
    const room = w - amount.length - 2;
    const shown = name.length > room ? `${name.slice(0, Math.max(1, room - 1))}…` : name;
    lines.push(`${shown.padEnd(room)}  ${amount}`);
  }
  lines.push('-'.repeat(w));
  const total = money(draft.totalCents);
  lines.push(`${'Total'.padEnd(w - total.length - 2)}  ${total}`);
  if (draft.note) lines.push('', `Note: ${sanitizeCell(draft.note)}`);
  return `${lines.join('\n')}\n`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A self-contained printable HTML page of the invoice. */
export function previewHtml(draft: InvoiceDraft, practice: PracticeHeader, issued: string): string {
  const e = (s: string | null | undefined): string => escapeHtml(s ?? '');
  const rows = draft.items
    .map(
      (i) =>
        `      <tr><td>${e(i.name)}</td><td class="amount">${e(money(i.amountCents))}</td></tr>`,
    )
    .join('\n');
  const contact = [practice.address, practice.phone, practice.email]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .map((x) => `<div>${e(x)}</div>`)
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(draft.title)}</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 720px; margin: 2em auto; }
  header { border-bottom: 2px solid #222; padding-bottom: .5em; margin-bottom: 1.5em; }
  h1 { font-size: 1.4em; margin: 0 0 .2em; }
  table { width: 100%; border-collapse: collapse; margin: 1em 0; }
  th, td { text-align: left; padding: .4em; border-bottom: 1px solid #ddd; }
  .amount { text-align: right; white-space: nowrap; }
  tfoot td { font-weight: bold; border-top: 2px solid #222; }
  .meta div { margin: .15em 0; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
  <header>
    <h1>${e(practice.name ?? 'Invoice')}</h1>
    <div class="meta">
      ${contact}
    </div>
  </header>
  <section class="meta">
    <div><strong>Bill to:</strong> ${e(patientLabel(draft.patient))}</div>
    <div><strong>Issued:</strong> ${e(issued)}</div>
    <div><strong>Due:</strong> ${e(draft.dueDate)}</div>
  </section>
  <table>
    <thead><tr><th>Service</th><th class="amount">Amount</th></tr></thead>
    <tbody>
${rows}
    </tbody>
    <tfoot><tr><td>Total</td><td class="amount">${e(money(draft.totalCents))}</td></tr></tfoot>
  </table>
${draft.note ? `  <p>${e(draft.note)}</p>\n` : ''}</body>
</html>
`;
}

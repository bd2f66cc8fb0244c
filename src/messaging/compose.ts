// Turns templates + merge values into what is actually sent: the SMS body (with the opt-out line on
// a first text to a number) and the email (subject, HTML and derived text, practice footer).
import type { OutgoingEmail } from '../integrations/smtp/mailer.js';
import {
  escapeHtml,
  fillTemplate,
  htmlToText,
  type MergeValues,
  type MessageTemplates,
} from './templates.js';

export interface PracticeInfo {
  name: string;
  phone: string | undefined;
  email: string | undefined;
  address: string | undefined;
}

export const stopLine = 'Reply STOP to opt out.';

/** Merge values that describe the practice. */
export function practiceValues(p: PracticeInfo): MergeValues {
  return {
    OfficeName: p.name,
    OfficePhone: p.phone ?? '',
    OfficeEmail: p.email ?? '',
    OfficeAddress: p.address ?? '',
  };
}

// "Questions? {{OfficePhone}}" / "<p>Questions? Call us at {{OfficePhone}}.</p>" (the built-in
// wording): without practice.phone they became "Questions? Reply STOP…" and "Call us at ." in what
// patients receive, so the whole sentence goes when there is no phone.
const phoneSentence =
  /\s*(<p>)?\s*Questions\?\s*(Call us at\s*)?\{\{\s*OfficePhone\s*\}\}\s*\.?\s*(<\/p>)?/g;

/** The template text without its phone sentence when the practice has no phone number. */
export function dropEmptyPhone(text: string, values: MergeValues): string {
  return (values.OfficePhone ?? '').trim() === '' ? text.replace(phoneSentence, '') : text;
}

/** The SMS body; a first-ever text to a number ends with the opt-out line. */
export function composeSms(t: MessageTemplates, values: MergeValues, firstText: boolean): string {
  const body = fillTemplate(dropEmptyPhone(t.sms, values), values).replace(/\s+/g, ' ').trim();
  return firstText ? `${body} ${stopLine}` : body;
}

/** Purposes whose email is not transactional and so carries List-Unsubscribe. */
const marketingLike = new Set(['card_update']);

/** The email: subject, HTML with the practice footer, the text part derived from it. */
export function composeEmail(
  t: MessageTemplates,
  values: MergeValues,
  practice: PracticeInfo,
  to: string,
): OutgoingEmail {
  const footerParts = [practice.name, practice.phone, practice.address].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  const body = fillTemplate(dropEmptyPhone(t.emailHtml, values), values, true);
  const footerHtml = `<hr>\n<p style="color:#666;font-size:12px">${footerParts.map(escapeHtml).join('<br>')}</p>`;
  const html = `<!doctype html>\n<html><body>\n${body}\n${footerHtml}\n</body></html>\n`;
  const text = `${htmlToText(body)}\n\n-- \n${footerParts.join('\n')}\n`;
  const subject = fillTemplate(t.emailSubject, values).replace(/\s+/g, ' ').trim();
  return {
    to,
    subject,
    text,
    html,
    listUnsubscribe:
      marketingLike.has(t.purpose) && practice.email
        ? `mailto:${practice.email}?subject=unsubscribe`
        : undefined,
  };
}

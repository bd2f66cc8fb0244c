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

/** The SMS body; a first-ever text to a number ends with the opt-out line. */
export function composeSms(t: MessageTemplates, values: MergeValues, firstText: boolean): string {
  const body = fillTemplate(t.sms, values).replace(/\s+/g, ' ').trim();
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
  const body = fillTemplate(t.emailHtml, values, true);
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

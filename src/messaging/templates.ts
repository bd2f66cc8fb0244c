// Message templates (DOMAIN §5): built-in defaults per purpose, overridable by files in the
// profile's templates folder. A merge field not in the list is an error when the template is loaded,
// never a blank in a patient's text.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { defaultTemplates } from './default-templates.js';

export type MessagePurpose = 'card_update' | 'paywall' | 'invoice';

export const mergeFields = [
  'PatientFirstName',
  'PatientFullName',
  'OfficeName',
  'OfficePhone',
  'OfficeEmail',
  'OfficeAddress',
  'CardLast4',
  'CardExp',
  'CardUpdateLink',
  'PaymentLink',
  'AmountDue',
  'DueDate',
  'AppointmentDate',
  'AppointmentTime',
  'AppointmentType',
] as const;

export type MergeField = (typeof mergeFields)[number];
export type MergeValues = Partial<Record<MergeField, string>>;

export interface MessageTemplates {
  purpose: MessagePurpose;
  sms: string;
  emailSubject: string;
  emailHtml: string;
  /** Where each part came from ('built-in' or a file path), for messages. */
  origin: { sms: string; emailSubject: string; emailHtml: string };
}

const known = new Set<string>(mergeFields);
const fieldPattern = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Throws InvalidInputError naming the file and the field when a template uses an unknown field. */
export function checkTemplate(text: string, origin: string): void {
  for (const m of text.matchAll(fieldPattern)) {
    const name = m[1] ?? '';
    if (!known.has(name)) {
      throw new InvalidInputError(
        `The template ${origin} uses an unknown merge field {{${name}}}.`,
        `Valid fields: ${mergeFields.map((f) => `{{${f}}}`).join(', ')}.`,
      );
    }
  }
}

/** Loads a purpose's templates: files in `dir` (<purpose>.sms.txt, .email.subject.txt, .email.html) over the defaults. */
export function loadTemplates(dir: string, purpose: MessagePurpose): MessageTemplates {
  const builtIn = defaultTemplates[purpose];
  const read = (suffix: string, fallback: string): { text: string; origin: string } => {
    const path = join(dir, `${purpose}.${suffix}`);
    if (!existsSync(path)) return { text: fallback, origin: 'built-in' };
    return { text: readFileSync(path, 'utf8').replace(/\r\n/g, '\n').trim(), origin: path };
  };
  const sms = read('sms.txt', builtIn.sms);
  const subject = read('email.subject.txt', builtIn.emailSubject);
  const html = read('email.html', builtIn.emailHtml);
  checkTemplate(sms.text, sms.origin === 'built-in' ? `${purpose} SMS (built-in)` : sms.origin);
  checkTemplate(subject.text, subject.origin);
  checkTemplate(html.text, html.origin);
  return {
    purpose,
    sms: sms.text,
    emailSubject: subject.text.split('\n')[0] ?? '',
    emailHtml: html.text,
    origin: { sms: sms.origin, emailSubject: subject.origin, emailHtml: html.origin },
  };
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/** Fills the merge fields; values are HTML-escaped when `html` is set. Missing values become ''. */
export function fillTemplate(text: string, values: MergeValues, html = false): string {
  return text.replace(fieldPattern, (_m, name: string) => {
    const v = values[name as MergeField] ?? '';
    return html ? escapeHtml(v) : v;
  });
}

/** The plain-text part derived from the HTML part (paragraphs and line breaks kept, links shown). */
export function htmlToText(html: string): string {
  return html
    .replace(/\r?\n/g, ' ')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_m, href: string, label: string) =>
      label.trim() === href.trim() ? href : `${label} (${href})`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

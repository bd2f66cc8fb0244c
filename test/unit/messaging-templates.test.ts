import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { composeSms, stopLine } from '../../src/messaging/compose.js';
import { countSegments } from '../../src/messaging/segments.js';
import { fillTemplate, htmlToText, loadTemplates } from '../../src/messaging/templates.js';

describe('SMS segments', () => {
  it('counts GSM-7 at 160 per single segment and 153 per part', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });
  it('counts extension characters double', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(`${'a'.repeat(159)}{`).segments).toBe(2);
  });
  it('switches the whole message to UCS-2 on one non-GSM character (70/67)', () => {
    expect(countSegments(`${'a'.repeat(69)}’`)).toEqual({
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    });
    expect(countSegments(`${'a'.repeat(70)}’`).segments).toBe(2);
    expect(countSegments(`${'a'.repeat(133)}😀`).segments).toBe(3);
  });
});

describe('templates', () => {
  it('loads built-in defaults that are GSM-7 and free of visit types', () => {
    const t = loadTemplates('/nonexistent', 'card_update');
    expect(t.origin.sms).toBe('built-in');
    expect(countSegments(t.sms).encoding).toBe('GSM-7');
    expect(t.sms).not.toContain('AppointmentType');
  });

  it('uses override files from the templates folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    writeFileSync(join(dir, 'card_update.sms.txt'), 'Hi {{PatientFirstName}} {{CardUpdateLink}}\n');
    const t = loadTemplates(dir, 'card_update');
    expect(t.sms).toBe('Hi {{PatientFirstName}} {{CardUpdateLink}}');
    expect(fillTemplate(t.sms, { PatientFirstName: 'Ann', CardUpdateLink: 'https://x' })).toBe(
      'Hi Ann https://x',
    );
  });

  it('rejects an unknown merge field at load, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    const file = join(dir, 'card_update.email.html');
    writeFileSync(file, '<p>Hi {{FirstName}}</p>');
    expect(() => loadTemplates(dir, 'card_update')).toThrow(InvalidInputError);
    expect(() => loadTemplates(dir, 'card_update')).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\{\\{FirstName\\}\\}`),
    );
  });

  it('adds the opt-out line only on a first text', () => {
    const t = loadTemplates('/nonexistent', 'card_update');
    const values = { PatientFirstName: 'Ann', OfficeName: 'Clinic', CardUpdateLink: 'https://l' };
    expect(composeSms(t, values, true).endsWith(stopLine)).toBe(true);
    expect(composeSms(t, values, false)).not.toContain('STOP');
  });

  it('derives the text part from HTML', () => {
    expect(htmlToText('<p>Hi &amp; bye</p>\n<p><a href="https://x">https://x</a></p>')).toBe(
      'Hi & bye\n\nhttps://x',
    );
  });
});

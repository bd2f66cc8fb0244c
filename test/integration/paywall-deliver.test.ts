import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/home/config.js';
import { CredentialStore } from '../../src/home/secrets.js';
import { deliverLinks, type LinkDelivery } from '../../src/paywall/deliver.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createTestIo } from '../helpers/io.js';
import { startTwilioRecorder, type TwilioRecorder } from '../helpers/twilio-recorder.js';

// Payment links go out through the messaging rules: quiet hours, consent, do-not-contact, a ledger
// row per message, and never twice for the same appointment/invoice.

const stamp = '2026-03-10T12:00:00.000Z';

describe('deliverLinks (pay wall and invoices) with a recording Twilio', () => {
  let twilio: TwilioRecorder;
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    twilio = await startTwilioRecorder();
  });
  afterAll(async () => {
    await twilio.close();
  });
  beforeEach(() => {
    twilio.texts.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'paywall-deliver-'));
    db = openDatabase(join(dir, 'cache.db'));
    const add = db.prepare(
      `INSERT INTO patients (id, account, first_name, last_name, mobile, email, do_not_contact, sms_consent_at, created_at, updated_at)
       VALUES (?, ?, ?, 'Test', ?, ?, ?, ?, ?, ?)`,
    );
    add.run(1, 'A1', 'Ann', '+15550000001', 'ann@example.com', 0, '2026-01-01', stamp, stamp);
    add.run(2, 'B2', 'Bob', '+15550000002', null, 0, null, stamp, stamp);
    add.run(3, 'C3', 'Cat', '+15550000003', null, 1, '2026-01-01', stamp, stamp);
  });

  function deps(now: string) {
    const { io } = createTestIo({ now });
    const config = new ConfigStore(join(dir, 'config.json'));
    config.set('timezone', 'UTC');
    config.set('practice.name', 'Main Street Chiro');
    const credentials = new CredentialStore(join(dir, 'credentials.json'), {}, io.masker);
    credentials.set('twilio', {
      account_sid: 'AC0123456789abcdef0123456789abcdef',
      auth_token: 'token',
      from: '+15550009999',
      base_url: twilio.url,
    });
    return { db, io, config, credentials, templatesDir: join(dir, 'templates'), timeZone: 'UTC' };
  }

  const deliveries: LinkDelivery[] = [1, 2, 3].map((patientId) => ({
    patientId,
    period: `appt-${patientId}`,
    linkId: null,
    values: {
      PaymentLink: `https://pay.example/${patientId}`,
      AmountDue: '$75.00',
      AppointmentDate: '2026-03-11',
      AppointmentTime: '10:00',
    },
  }));

  it('sends nothing and writes no ledger row outside the send window', async () => {
    const summary = await deliverLinks('paywall', deliveries, 'sms', deps('2026-03-10T21:30:00Z'));
    expect(summary).toEqual({ sent: 0, failed: 0, unknown: 0, skipped: { quiet_hours: 3 } });
    expect(twilio.texts).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });

  it('texts only consenting, contactable patients, once per period', async () => {
    const first = await deliverLinks('paywall', deliveries, 'sms', deps('2026-03-10T15:00:00Z'));
    expect(first).toEqual({
      sent: 1,
      failed: 0,
      unknown: 0,
      skipped: { no_sms_consent: 1, do_not_contact: 1 },
    });
    expect(twilio.texts).toHaveLength(1);
    expect(twilio.texts[0]).toMatchObject({ to: '+15550000001', from: '+15550009999' });
    expect(twilio.texts[0]?.body).toContain('https://pay.example/1');
    expect(twilio.texts[0]?.body).toContain('Main Street Chiro');
    expect(twilio.texts[0]?.body).toMatch(/Reply STOP to opt out\.$/);
    expect(db.prepare('SELECT dedupe_key, status FROM messages').all()).toEqual([
      { dedupe_key: 'paywall:1:sms:appt-1', status: 'sent' },
    ]);

    const again = await deliverLinks('paywall', deliveries, 'sms', deps('2026-03-10T15:05:00Z'));
    expect(again.sent).toBe(0);
    expect(again.skipped.already_sent).toBe(1);
    expect(twilio.texts).toHaveLength(1);

    // A new period (another appointment, an invoice resend) is a new message, without the STOP line.
    const other = await deliverLinks(
      'paywall',
      [{ ...deliveries[0]!, period: 'appt-9' }],
      'sms',
      deps('2026-03-10T15:10:00Z'),
    );
    expect(other.sent).toBe(1);
    expect(twilio.texts[1]?.body).not.toContain('Reply STOP');
  });
});

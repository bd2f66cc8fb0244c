import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, SmtpUnreachableError } from '../../src/integrations/smtp/mailer.js';
import { composeEmail } from '../../src/messaging/compose.js';
import { loadTemplates } from '../../src/messaging/templates.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

describe('SMTP mailer against a real SMTP server', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('delivers subject, text and HTML parts, the link and the practice footer', async () => {
    const mailer = await createMailer({
      host: '127.0.0.1',
      port: sink.port,
      tls: 'none',
      from: 'Main Street Chiro <desk@clinic.test>',
    });
    const practice = {
      name: 'Main Street Chiro',
      phone: '(555) 123-4567',
      email: 'desk@clinic.test',
      address: '1 Main St, Springfield',
    };
    const t = loadTemplates('/nonexistent', 'card_update');
    const email = composeEmail(
      t,
      {
        PatientFirstName: 'Ann <b>',
        OfficeName: practice.name,
        OfficePhone: practice.phone,
        CardUpdateLink: 'https://pay.example/abc?x=1&y=2',
      },
      practice,
      'ann@example.test',
    );
    await mailer.send(email);
    mailer.close();
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]!;
    expect(mail.subject).toBe('Please update your card on file with Main Street Chiro');
    expect(mail.text).toContain('https://pay.example/abc?x=1&y=2');
    expect(mail.text).toContain('Hi Ann <b>,');
    expect(mail.text).toContain('1 Main St, Springfield');
    expect(mail.text).toContain('(555) 123-4567');
    expect(mail.html).toContain('href="https://pay.example/abc?x=1&amp;y=2"');
    expect(mail.html).toContain('Ann &lt;b&gt;');
    expect(mail.html).toContain('Main Street Chiro<br>(555) 123-4567<br>1 Main St, Springfield');
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(unsubscribe).toContain('mailto:desk@clinic.test');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ann@example.test');
  });

  it('a refused connection is "unreachable" (nothing handed over, safe to send later), not an unknown outcome', async () => {
    const closed = await startSmtpSink();
    const port = closed.port;
    await closed.close();
    const mailer = await createMailer(
      { host: '127.0.0.1', port, tls: 'none', from: 'desk@clinic.test' },
      false,
    );
    const err = await mailer
      .send({ to: 'ann@example.test', subject: 's', text: 't', html: '<p>t</p>' })
      .catch((e: unknown) => e);
    mailer.close();
    expect(err).toBeInstanceOf(SmtpUnreachableError);
    expect((err as Error).message).toBe('Could not reach the SMTP server (ECONNREFUSED).');
  });
});

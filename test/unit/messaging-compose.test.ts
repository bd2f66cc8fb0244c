import { describe, expect, it } from 'vitest';
import { composeEmail, composeSms, practiceValues } from '../../src/messaging/compose.js';
import { loadTemplates } from '../../src/messaging/templates.js';

const practice = (phone: string | undefined) => ({
  name: 'Main Street Chiro',
  phone,
  email: undefined,
  address: undefined,
});

describe('built-in messages without practice.phone', () => {
  const values = (phone: string | undefined) => ({
    ...practiceValues(practice(phone)),
    PatientFirstName: 'Ann',
    CardUpdateLink: 'https://pay.test/1',
  });

  it('drop the "Questions?" sentence instead of sending it empty', () => {
    const t = loadTemplates('/nonexistent', 'card_update');
    const sms = composeSms(t, values(undefined), true);
    expect(sms).toBe(
      'Main Street Chiro: Hi Ann, please update the card we keep on file for your payments here: https://pay.test/1 Reply STOP to opt out.',
    );
    const email = composeEmail(t, values(undefined), practice(undefined), 'ann@example.test');
    expect(email.text).not.toContain('Call us at');
    expect(email.html).not.toContain('Questions?');
  });

  it('keep it when the phone is set', () => {
    const t = loadTemplates('/nonexistent', 'card_update');
    expect(composeSms(t, values('(555) 123-4567'), false)).toContain(
      'https://pay.test/1 Questions? (555) 123-4567',
    );
    const email = composeEmail(t, values('(555) 123-4567'), practice('(555) 123-4567'), 'a@b.test');
    expect(email.text).toContain('Questions? Call us at (555) 123-4567.');
  });
});

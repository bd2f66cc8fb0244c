import { describe, expect, it } from 'vitest';
import { channelBlock, chooseChannel, type ContactFacts } from '../../src/messaging/eligibility.js';
import { parseWindow, windowState } from '../../src/messaging/quiet-hours.js';

const base: ContactFacts = {
  doNotContact: false,
  mobile: '+15552101111',
  email: 'a@example.test',
  smsConsentAt: '2026-01-01',
  smsOptOutAt: null,
  emailOptOutAt: null,
  smsOnOptOutList: false,
  emailOnOptOutList: false,
};
const both = { sms: true, email: true };

describe('who may be messaged', () => {
  it('prefers SMS with both channels, and falls back to email when texting is not allowed', () => {
    expect(chooseChannel(base, 'both', true, both)).toEqual({ channel: 'sms' });
    expect(chooseChannel({ ...base, smsOnOptOutList: true }, 'both', true, both)).toEqual({
      channel: 'email',
    });
    expect(chooseChannel({ ...base, smsConsentAt: null }, 'both', true, both)).toEqual({
      channel: 'email',
    });
    expect(chooseChannel({ ...base, smsConsentAt: null }, 'both', false, both)).toEqual({
      channel: 'sms',
    });
    expect(
      chooseChannel({ ...base, mobile: null }, 'both', true, { sms: true, email: false }),
    ).toEqual({ skip: 'no_mobile' });
  });

  it('treats do-not-contact and opt-outs as absolute', () => {
    expect(chooseChannel({ ...base, doNotContact: true }, 'both', false, both)).toEqual({
      skip: 'do_not_contact',
    });
    expect(channelBlock({ ...base, smsOptOutAt: '2026-02-01' }, 'sms', false)).toBe(
      'sms_opted_out',
    );
    expect(channelBlock({ ...base, emailOnOptOutList: true }, 'email', false)).toBe(
      'email_opted_out',
    );
    expect(chooseChannel({ ...base, smsOptOutAt: 'x' }, 'sms', false, both)).toEqual({
      skip: 'sms_opted_out',
    });
  });
});

describe('quiet hours', () => {
  const window = parseWindow('09:00-20:00');
  it('is inside from 09:00 to before 20:00 practice time, with the seconds left', () => {
    // 2026-03-10 is after the US switch to daylight time: Chicago is UTC-5.
    expect(windowState(window, 'America/Chicago', new Date('2026-03-10T14:00:00Z'))).toEqual({
      inside: true,
      secondsLeft: 11 * 3600,
    });
    expect(windowState(window, 'America/Chicago', new Date('2026-03-10T13:59:00Z')).inside).toBe(
      false,
    );
    expect(windowState(window, 'America/Chicago', new Date('2026-03-11T01:00:00Z')).inside).toBe(
      false,
    );
    expect(windowState(window, 'UTC', new Date('2026-03-10T19:59:30Z'))).toEqual({
      inside: true,
      secondsLeft: 30,
    });
  });
});

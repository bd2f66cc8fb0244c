// Who may be messaged on which channel (messaging.md "Rules"): opt-outs are absolute, the
// do-not-contact tag means nothing at all, SMS needs recorded consent when the config says so.
import type { Channel } from './ledger.js';

/** The facts about a patient the rules look at. */
export interface ContactFacts {
  doNotContact: boolean;
  mobile: string | null;
  email: string | null;
  smsConsentAt: string | null;
  smsOptOutAt: string | null;
  emailOptOutAt: string | null;
  smsOnOptOutList: boolean;
  emailOnOptOutList: boolean;
}

export type SkipReason =
  | 'do_not_contact'
  | 'no_mobile'
  | 'no_email'
  | 'sms_opted_out'
  | 'email_opted_out'
  | 'no_sms_consent'
  | 'cooldown'
  | 'limit'
  | 'channel_not_connected'
  | 'no_channel';

/** Why a patient may not get a message on a channel, or undefined when they may. */
export function channelBlock(
  f: ContactFacts,
  channel: Channel,
  requireSmsConsent: boolean,
): SkipReason | undefined {
  if (f.doNotContact) return 'do_not_contact';
  if (channel === 'sms') {
    if (!f.mobile) return 'no_mobile';
    if (f.smsOptOutAt || f.smsOnOptOutList) return 'sms_opted_out';
    if (requireSmsConsent && !f.smsConsentAt) return 'no_sms_consent';
    return undefined;
  }
  if (!f.email) return 'no_email';
  if (f.emailOptOutAt || f.emailOnOptOutList) return 'email_opted_out';
  return undefined;
}

/**
 * The channel to use for a patient: with `both`, SMS when allowed, else email (SPEC §3.5: "SMS first
 * and email when no mobile number"). Returns the skip reason when no channel is allowed.
 */
export function chooseChannel(
  f: ContactFacts,
  wanted: 'sms' | 'email' | 'both',
  requireSmsConsent: boolean,
  available: { sms: boolean; email: boolean },
): { channel: Channel } | { skip: SkipReason } {
  const order: Channel[] = wanted === 'both' ? ['sms', 'email'] : [wanted];
  let first: SkipReason | undefined;
  for (const ch of order) {
    const block = available[ch]
      ? channelBlock(f, ch, requireSmsConsent)
      : ('channel_not_connected' as const);
    if (!block) return { channel: ch };
    first ??= block;
  }
  return { skip: first ?? 'no_channel' };
}

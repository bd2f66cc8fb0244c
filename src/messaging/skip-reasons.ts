// Why a message was not sent, in the words the plans and summaries print (the keys stay in --json).

const reasonWords: Record<string, string> = {
  do_not_contact: 'do-not-contact',
  no_mobile: 'no mobile number',
  no_email: 'no email address',
  sms_opted_out: 'opted out of texts',
  email_opted_out: 'opted out of email',
  no_sms_consent: 'no SMS consent recorded',
  cooldown: 'messaged recently (cool-down)',
  limit: 'over --limit',
  channel_not_connected: 'channel not connected',
  no_processor: 'no processor to make a link',
  no_channel: 'no channel',
  run_aborted: 'run stopped early',
  patient_removed: 'patient removed',
  no_address: 'no address',
  quiet_hours: 'quiet hours',
  already_sent: 'already sent',
};

/** One reason in words ("no_sms_consent" → "no SMS consent recorded"); unknown keys as they are. */
export function reasonText(reason: string): string {
  return reasonWords[reason] ?? reason;
}

/** Counts per reason in words, e.g. "do-not-contact 2, over --limit 49"; "none" when empty. */
export function describeReasons(map: Record<string, number>): string {
  const parts = Object.entries(map)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${reasonText(k)} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

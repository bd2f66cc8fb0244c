import type { ConfigStore } from '../home/config.js';
import type { PracticeInfo } from './compose.js';

/** The practice's name, phone, email and address from the config (for messages and footers). */
export function practiceInfo(config: ConfigStore): PracticeInfo {
  return {
    name: config.string('practice.name') ?? 'Your clinic',
    phone: displayPhone(config.string('practice.phone')),
    email: config.string('practice.email'),
    address: config.string('practice.address'),
  };
}

/**
 * Why the patients' messages will look anonymous, if they will: without practice.name they are
 * signed "Your clinic" (which reads like phishing next to a payment link).
 */
export function unnamedPracticeWarning(config: ConfigStore): string | undefined {
  if (config.string('practice.name')) return undefined;
  return 'practice.name is not set, so messages are signed "Your clinic". Set it with: trackstat config set practice.name "Main Street Chiropractic" (and practice.phone).';
}

/** A US number as (555) 123-4567; anything else as stored. */
export function displayPhone(e164: string | undefined): string | undefined {
  const m = e164 ? /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164) : null;
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

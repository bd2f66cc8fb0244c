import { NotConnectedError } from '../../errors.js';
import type { CredentialStore } from '../../home/secrets.js';
import type { SmtpSettings } from './mailer.js';

/** Reads SMTP settings from the profile's credentials (TRACKSTAT_SMTP_URL/PASSWORD override). */
export function smtpSettingsFrom(store: CredentialStore): SmtpSettings {
  const c = store.get('smtp')?.values ?? {};
  const from = c.from ?? (c.url ? fromOfUrl(c.url) : undefined);
  if ((!c.url && !c.host) || !from) {
    throw new NotConnectedError(
      'SMTP is not connected (a server and a From address are needed to send email).',
      'Run: trackstat connect smtp --host smtp.example.com --from "Clinic <desk@clinic.com>" (or set TRACKSTAT_SMTP_URL), or use --channel sms.',
    );
  }
  const tls =
    c.secure === 'tls' || c.secure === 'starttls' || c.secure === 'none' ? c.secure : undefined;
  return {
    url: c.url,
    host: c.host,
    port: c.port ? Number(c.port) : undefined,
    tls,
    user: c.user,
    password: c.password,
    from,
  };
}

/** Whether SMTP is configured (env or stored). */
export function smtpConfigured(store: CredentialStore): boolean {
  const c = store.get('smtp')?.values ?? {};
  return Boolean((c.url || c.host) && (c.from || c.url));
}

function fromOfUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    const f = u.searchParams.get('from');
    if (f) return f;
    return u.username ? decodeURIComponent(u.username) : undefined;
  } catch {
    return undefined;
  }
}

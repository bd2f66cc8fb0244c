// `trackstat connect smtp`: server, TLS mode, login and From address (or one smtp(s):// URL);
// verifies the login and, with --test ADDRESS, sends a test email.
import { UsageError } from '../errors.js';
import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import { createMailer } from '../integrations/smtp/mailer.js';
import { smtpSettingsFrom } from '../integrations/smtp/from-credentials.js';
import { askSecret, askText } from '../terminal/prompt.js';
import type { Io } from '../terminal/io.js';
import { composeEmail } from './compose.js';
import { practiceInfo } from './practice.js';
import { readStdinLine } from './read-stdin.js';

export interface ConnectSmtpOptions {
  host?: string | undefined;
  port?: string | undefined;
  tls?: string | undefined;
  user?: string | undefined;
  passwordStdin?: boolean | undefined;
  from?: string | undefined;
  test?: string | undefined;
  verify: boolean;
}

/** Stores (and verifies) the SMTP settings; sends a test email when asked. */
export async function connectSmtp(
  opts: ConnectSmtpOptions,
  deps: { io: Io; credentials: CredentialStore; config: ConfigStore },
): Promise<{ tested: string | undefined }> {
  const { io } = deps;
  const envUrl = io.env.TRACKSTAT_SMTP_URL;
  const values: Record<string, string> = {};
  if (!envUrl) {
    const host =
      opts.host ?? (await askText(io, { message: 'SMTP server host name', flag: '--host' }));
    const tls = (opts.tls ?? (opts.port === '465' ? 'tls' : 'starttls')).toLowerCase();
    if (!['tls', 'starttls', 'none'].includes(tls)) {
      throw new UsageError('--tls must be tls (port 465), starttls (port 587) or none.');
    }
    const port = opts.port ?? (tls === 'tls' ? '465' : '587');
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw new UsageError('--port must be a port number such as 587.');
    }
    Object.assign(values, { host: host.trim(), port, secure: tls });
    if (opts.user) {
      values.user = opts.user;
      const password = opts.passwordStdin
        ? await readStdinLine(io)
        : io.env.TRACKSTAT_SMTP_PASSWORD ||
          (await askSecret(io, {
            message: `Password for ${opts.user}`,
            flag: '--password-stdin (or TRACKSTAT_SMTP_PASSWORD)',
          }));
      if (opts.passwordStdin || !io.env.TRACKSTAT_SMTP_PASSWORD) values.password = password;
    }
  }
  const from =
    opts.from ??
    (envUrl ? undefined : await askText(io, { message: 'From address', flag: '--from' }));
  if (from !== undefined) {
    if (!/@/.test(from)) throw new UsageError(`"${from}" is not an email address for --from.`);
    values.from = from;
  }
  // Stored first (env values still override), checked next; a failed check puts the old ones back.
  const previous = deps.credentials.get('smtp');
  deps.credentials.set('smtp', values);
  const settings = smtpSettingsFrom(deps.credentials);
  if (!opts.verify && !opts.test) return { tested: undefined };
  const restore = (): void => {
    const stored: Record<string, string> = {};
    for (const [k, v] of Object.entries(previous?.values ?? {})) {
      if (previous?.sources[k] === 'stored') stored[k] = v;
    }
    if (Object.keys(stored).length > 0) deps.credentials.set('smtp', stored);
    else deps.credentials.remove('smtp');
  };
  const mailer = await createMailer(settings, false);
  let verified = false;
  try {
    if (opts.verify) await mailer.verify();
    verified = true;
    if (opts.test) {
      const practice = practiceInfo(deps.config);
      const email = composeEmail(
        {
          purpose: 'invoice',
          sms: '',
          emailSubject: `trackstat test email from ${practice.name}`,
          emailHtml:
            '<p>This is a test email from trackstat. Email to patients will look like this.</p>',
          origin: { sms: 'built-in', emailSubject: 'built-in', emailHtml: 'built-in' },
        },
        {},
        practice,
        opts.test,
      );
      await mailer.send(email);
    }
  } catch (err) {
    if (!verified) restore();
    throw err;
  } finally {
    mailer.close();
  }
  return { tested: opts.test };
}

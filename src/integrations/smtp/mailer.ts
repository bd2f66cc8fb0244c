// Email over SMTP with nodemailer: one pooled, rate-limited transport per run.
import type * as NodemailerModule from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { NotConnectedError } from '../../errors.js';
import { AuthError, UnavailableError } from '../errors.js';

export interface SmtpSettings {
  url?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  /** 'tls' = implicit TLS (465), 'starttls' (587), 'none' (a local relay). */
  tls?: 'tls' | 'starttls' | 'none' | undefined;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A mailto: or https: unsubscribe target; set for non-transactional purposes. */
  listUnsubscribe?: string | undefined;
}

/** A pooled SMTP sender. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  verify(): Promise<void>;
  close(): void;
}

function transportOptions(
  s: SmtpSettings,
  pool: boolean,
  perSecond: number,
): Record<string, unknown> {
  const base = pool ? { pool: true, maxConnections: 2, rateDelta: 1000, rateLimit: perSecond } : {};
  if (s.url) return { ...base, ...fromUrl(s.url) };
  const port = s.port ?? (s.tls === 'tls' ? 465 : 587);
  return {
    ...base,
    host: s.host,
    port,
    secure: s.tls === 'tls',
    ignoreTLS: s.tls === 'none',
    requireTLS: s.tls === 'starttls',
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 30_000,
  };
}

/** smtp(s)://user:pass@host:port → options (nodemailer ignores `pool` next to a `url`). */
function fromUrl(url: string): Record<string, unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NotConnectedError(
      'The SMTP URL is not valid.',
      'Use smtp://user:password@host:587 or smtps://user:password@host:465 (TRACKSTAT_SMTP_URL).',
    );
  }
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 30_000,
  };
}

// nodemailer reports a refused or unroutable connection as ESOCKET (syscall "connect"): nothing was
// handed over, unlike an ESOCKET in the middle of a message.
const notConnected = /\b(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/;

function translate(err: unknown): Error {
  const e = err as { code?: string; responseCode?: number; message?: string; syscall?: string };
  if (e.code === 'ESOCKET' && (e.syscall === 'connect' || notConnected.test(e.message ?? ''))) {
    return new SmtpUnreachableError(
      `Could not reach the SMTP server (${notConnected.exec(e.message ?? '')?.[1] ?? e.code}).`,
    );
  }
  if (e.code === 'EAUTH' || e.responseCode === 535) {
    return new AuthError(`The SMTP server rejected the login: ${e.message ?? ''}`.trim(), {
      provider: 'smtp',
      hint: 'Check the user and password, then run: trackstat connect smtp',
    });
  }
  if (['ECONNECTION', 'EDNS', 'ECONNREFUSED', 'ETLS'].includes(e.code ?? '')) {
    return new SmtpUnreachableError(`Could not reach the SMTP server (${e.code}).`);
  }
  if (['ETIMEDOUT', 'ESOCKET'].includes(e.code ?? '')) {
    return new UnavailableError(`The SMTP server stopped answering (${e.code}).`, {
      provider: 'smtp',
      hint: 'Check the host, port and TLS mode (trackstat connect smtp) and the network.',
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** No connection could be made: nothing was sent (safe to try again later). */
export class SmtpUnreachableError extends UnavailableError {
  constructor(message: string) {
    super(message, {
      provider: 'smtp',
      hint: 'Check the host, port and TLS mode (trackstat connect smtp) and the network.',
    });
  }
}

/** A recipient the server refused (5xx on RCPT/DATA): this message failed, the run goes on. */
export class EmailRejectedError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
  ) {
    super(message);
    this.name = 'EmailRejectedError';
  }
}

/** Opens a pooled, rate-limited transport (nodemailer is loaded lazily to keep --help fast). */
export async function createMailer(
  settings: SmtpSettings,
  pool = true,
  perSecond = 10,
): Promise<Mailer> {
  if (!settings.url && !settings.host) {
    throw new NotConnectedError(
      'SMTP is not configured.',
      'Run: trackstat connect smtp (or set TRACKSTAT_SMTP_URL).',
    );
  }
  // nodemailer is CommonJS: in the bundle its API sits on `default`.
  const mod = (await import('nodemailer')) as typeof NodemailerModule & {
    default?: typeof NodemailerModule;
  };
  const nodemailer = mod.default ?? mod;
  const transport: Transporter = nodemailer.createTransport(
    transportOptions(settings, pool, perSecond),
  );
  return {
    async send(email) {
      try {
        const info = (await transport.sendMail({
          from: settings.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          ...(email.listUnsubscribe ? { list: { unsubscribe: email.listUnsubscribe } } : {}),
        })) as { messageId?: string };
        return { messageId: info.messageId ?? '' };
      } catch (err) {
        const e = err as { code?: string; responseCode?: number; message?: string };
        // A 5xx for this recipient fails this message only; login and connection errors stop the run.
        if (e.code !== 'EAUTH' && e.responseCode !== undefined && e.responseCode >= 500) {
          throw new EmailRejectedError(e.message ?? 'rejected', e.responseCode);
        }
        throw translate(err);
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw translate(err);
      }
    },
    close() {
      transport.close();
    },
  };
}

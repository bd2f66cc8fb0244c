// Twilio Programmable Messaging over the shared HttpClient: form-encoded POSTs, Basic auth.
// Wire field names (To, From, Body, MessagingServiceSid, ValidityPeriod, sid, status…) stay here.
import { HttpClient } from '../http.js';
import { ProviderValidationError, RateLimitError } from '../errors.js';
import { TwilioSendError } from './errors.js';

export const twilioDefaultBaseUrl = 'https://api.twilio.com';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  baseUrl?: string | undefined;
  trace(line: string): void;
  timeoutMs?: number;
  /** Injectable for tests (waits between 429 retries). */
  sleep?(ms: number): Promise<void>;
}

/** A message as Twilio reports it. */
export interface TwilioMessage {
  sid: string;
  status: string;
  to: string;
  errorCode: number | undefined;
  createdAt: string | undefined;
}

/** Statuses after which Twilio will not change its mind about delivery being attempted. */
export const twilioAcceptedStatuses = new Set([
  'queued',
  'accepted',
  'scheduled',
  'sending',
  'sent',
  'delivered',
  'read',
]);

interface WireMessage {
  sid?: unknown;
  status?: unknown;
  to?: unknown;
  error_code?: unknown;
  date_created?: unknown;
}

function fromWire(m: WireMessage): TwilioMessage {
  return {
    sid: String(m.sid ?? ''),
    status: String(m.status ?? 'unknown'),
    to: String(m.to ?? ''),
    errorCode: typeof m.error_code === 'number' ? m.error_code : undefined,
    createdAt: typeof m.date_created === 'string' ? m.date_created : undefined,
  };
}

const codeField = 'twilio_code';

/** The Twilio client: send, look up, list, verify. */
export class TwilioClient {
  private readonly http: HttpClient;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly config: TwilioConfig) {
    const auth = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
    this.sleep = config.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.http = new HttpClient({
      provider: 'twilio',
      baseUrl: config.baseUrl ?? twilioDefaultBaseUrl,
      headers: () => ({ authorization: `Basic ${auth}` }),
      trace: config.trace,
      authHint:
        'Check the account SID and auth token (Twilio Console → Account info), then run: trackstat connect twilio',
      describeError: (_status, body) => {
        const b = (body ?? {}) as { code?: unknown; message?: unknown };
        const code = typeof b.code === 'number' ? String(b.code) : undefined;
        return {
          message: `${code ? `[${code}] ` : ''}${typeof b.message === 'string' ? b.message : ''}`,
          ...(code ? { details: [{ field: codeField, message: code }] } : {}),
        };
      },
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    });
  }

  private get accountPath(): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(this.config.accountSid)}`;
  }

  /** Checks the credentials by reading the account; returns its friendly name. */
  async verify(): Promise<{ name: string; status: string }> {
    const res = await this.http.request<{ friendly_name?: string; status?: string }>({
      method: 'GET',
      path: `${this.accountPath}.json`,
    });
    return { name: res.body.friendly_name ?? '', status: res.body.status ?? '' };
  }

  /**
   * Sends one SMS. Not retried on network errors or 5xx (a repeat could text twice; the caller
   * records the outcome as unknown); retried on 429/20429, which Twilio never processed.
   * Throws TwilioSendError for a refusal carrying a Twilio error code.
   */
  async send(input: {
    to: string;
    body: string;
    validitySeconds?: number;
  }): Promise<TwilioMessage> {
    const form: Record<string, string> = { To: input.to, Body: input.body };
    if (this.config.messagingServiceSid) form.MessagingServiceSid = this.config.messagingServiceSid;
    else if (this.config.from) form.From = this.config.from;
    if (input.validitySeconds !== undefined) form.ValidityPeriod = String(input.validitySeconds);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.http.request<WireMessage>({
          method: 'POST',
          path: `${this.accountPath}/Messages.json`,
          form,
        });
        return fromWire(res.body);
      } catch (err) {
        if (err instanceof RateLimitError && attempt < 4) {
          await this.sleep(1000 * 2 ** attempt);
          continue;
        }
        if (err instanceof ProviderValidationError) {
          const raw = err.details.find((d) => d.field === codeField)?.message;
          const code = raw === undefined ? undefined : Number(raw);
          if (code === 20429 && attempt < 4) {
            await this.sleep(1000 * 2 ** attempt);
            continue;
          }
          throw new TwilioSendError(err.message, code);
        }
        throw err;
      }
    }
  }

  /** Reads one message by its SID (for messages not yet final). */
  async get(sid: string): Promise<TwilioMessage> {
    const res = await this.http.request<WireMessage>({
      method: 'GET',
      path: `${this.accountPath}/Messages/${encodeURIComponent(sid)}.json`,
    });
    return fromWire(res.body);
  }

  /**
   * Messages to a number created since an instant (the newest page; enough to resolve an unknown
   * send). Not filtered by DateSent on the server: a message still queued has no date_sent yet.
   */
  async listTo(to: string, since: Date): Promise<TwilioMessage[]> {
    const res = await this.http.request<{ messages?: WireMessage[] }>({
      method: 'GET',
      path: `${this.accountPath}/Messages.json`,
      query: { To: to, PageSize: 50 },
    });
    return (res.body.messages ?? []).map(fromWire).filter((m) => {
      const created = m.createdAt ? Date.parse(m.createdAt) : Number.NaN;
      // No usable creation time: keep it, and let the caller decide (it will not resend).
      return Number.isNaN(created) || created >= since.getTime();
    });
  }
}

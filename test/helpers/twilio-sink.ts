import { createServer, type Server } from 'node:http';

/** A tiny Twilio stand-in on 127.0.0.1 for binary tests: records the form bodies it receives. */
export interface TwilioSink {
  baseUrl: string;
  accountSid: string;
  posts: Array<{ path: string; auth: string; form: Record<string, string> }>;
  /** Numbers that answer with a Twilio error code (e.g. 21610 for a STOP). */
  errors: Map<string, number>;
  close(): Promise<void>;
}

/** Starts the sink on a random port. */
export async function startTwilioSink(accountSid = `AC${'e'.repeat(32)}`): Promise<TwilioSink> {
  const posts: TwilioSink['posts'] = [];
  const errors = new Map<string, number>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${accountSid}.json`) {
        return reply(200, { sid: accountSid, friendly_name: 'Test clinic', status: 'active' });
      }
      if (url.pathname === `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        if (req.method === 'GET') {
          const to = url.searchParams.get('To');
          return reply(200, {
            messages: posts
              .filter((p) => p.form.To === to)
              .map((p, i) => ({ sid: `SMlist${i}`, status: 'sent', to, date_created: null })),
          });
        }
        const form = Object.fromEntries(new URLSearchParams(raw));
        posts.push({ path: url.pathname, auth: req.headers.authorization ?? '', form });
        const code = errors.get(form.To ?? '');
        if (code !== undefined) return reply(400, { code, message: `error ${code}`, status: 400 });
        n += 1;
        return reply(201, { sid: `SM${n}`, status: 'queued', to: form.To });
      }
      reply(404, { code: 20404, message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    posts,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

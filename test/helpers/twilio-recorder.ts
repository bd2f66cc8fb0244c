import { createServer, type Server } from 'node:http';

/** One text the recorder was asked to send. */
export interface RecordedText {
  to: string;
  from: string;
  body: string;
  auth: string;
}

export interface TwilioRecorder {
  /** Base URL to give `connect twilio --base-url`. */
  url: string;
  texts: RecordedText[];
  close(): Promise<void>;
}

/** A stand-in for Twilio's Messages endpoint on 127.0.0.1 that records what it was asked to send. */
export async function startTwilioRecorder(): Promise<TwilioRecorder> {
  const texts: RecordedText[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/Messages.json')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":20404}');
        return;
      }
      const form = new URLSearchParams(raw);
      texts.push({
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        auth: req.headers.authorization ?? '',
      });
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ sid: `SM${texts.length}`, status: 'queued', to: form.get('To') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    texts,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createActions, type SandboxActions } from './actions.js';
import { handleCashPractice } from './cashpractice-api.js';
import { handleControl, handlePayPage } from './control.js';
import { todayIn } from './days.js';
import { FaultInjector, type FaultSpec } from './faults.js';
import { handleFortis } from './fortis-api.js';
import { preconditionFailed } from './fortis-errors.js';
import { DEFAULT_TIMEZONE, generatePractice } from './generator.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import { SandboxState } from './state.js';
import { entryJson, type Entry } from './collection.js';
import type { Practice, ProcessorChoice } from './types.js';

export { SandboxState } from './state.js';
export type { SandboxActions } from './actions.js';
export { FaultInjector } from './faults.js';

export interface SandboxOptions {
  seed?: number;
  patients?: number;
  /** Practice-local 'YYYY-MM-DD' (default: the real date in `timezone`). */
  today?: string;
  timezone?: string;
  /** 0 (default) = a random free port. */
  port?: number;
  processors?: ProcessorChoice;
  /**
   * Serve this practice instead of generating one. The sandbox takes ownership: it changes these
   * records in place, so give each sandbox its own `generatePractice` result.
   */
  practice?: Practice;
  /** The wall clock in ms (default Date.now); `sandbox serve` passes trackstat's own (TRACKSTAT_NOW). */
  clock?: () => number;
}

export interface Sandbox {
  fortis: {
    baseUrl: string;
    userId: string;
    userApiKey: string;
    locationId: string;
    developerId: string;
  };
  cashpractice: { baseUrl: string; apiKey: string };
  /** `http://127.0.0.1:PORT` (control endpoints under /_sandbox, pay pages under /pay). */
  origin: string;
  state: SandboxState;
  actions: SandboxActions;
  faults: FaultInjector;
  requestLog: Array<{ method: string; path: string; status: number }>;
  /** Resolves once every Fortis record's JSON is cached (done in the background after start). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serialises every Fortis record in small slices between requests, so the first full sync does
 * not pay for 250,000 JSON.stringify calls. Stops when `stopped()` turns true.
 */
function warmCaches(state: SandboxState, stopped: () => boolean): Promise<void> {
  const entries = Object.values(state.fortis.lists).flatMap((c) => c.entries);
  return new Promise((resolve) => {
    let i = 0;
    const step = (): void => {
      const end = Math.min(entries.length, i + 2000);
      for (; i < end && !stopped(); i++) entryJson(entries[i] as Entry);
      if (i >= entries.length || stopped()) resolve();
      else setImmediate(step);
    };
    setImmediate(step);
  });
}

const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  // One UTF-8 encoding of the (possibly multi-megabyte) body, whose length is then known.
  const payload = Buffer.from(reply.raw ?? JSON.stringify(reply.body), 'utf8');
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
    ...reply.headers,
  });
  res.end(payload);
}

function faultReply(provider: 'fortis' | 'cashpractice', fault: FaultSpec): Reply {
  const status = Number(fault.mode);
  const names: Record<number, string> = {
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  const message = status === 429 ? 'Rate limit exceeded' : 'The service is temporarily unavailable';
  const body =
    provider === 'fortis'
      ? { statusCode: status, error: names[status], message }
      : { error: { code: status === 429 ? 'rate_limited' : 'server_error', message } };
  return json(
    status,
    body,
    status === 429 ? { 'retry-after': String(fault.retryAfter ?? 1) } : undefined,
  );
}

/**
 * Starts the processor emulator on 127.0.0.1: Fortis v1 under `/fortis`, the provisional Cash
 * Practice contract under `/cashpractice`, control endpoints under `/_sandbox`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const timezone = options.practice?.timezone ?? options.timezone ?? DEFAULT_TIMEZONE;
  const practice =
    options.practice ??
    generatePractice({
      today: options.today ?? todayIn(timezone, new Date()),
      timezone,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.patients !== undefined ? { patients: options.patients } : {}),
      ...(options.processors !== undefined ? { processors: options.processors } : {}),
    });
  const state = new SandboxState(practice, options.clock ?? (() => Date.now()));
  const actions = createActions(state);
  const faults = new FaultInjector();
  const requestLog: Sandbox['requestLog'] = [];
  const sockets = new Set<Socket>();
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const segments = path
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    const provider =
      segments[0] === 'fortis' ? 'fortis' : segments[0] === 'cashpractice' ? 'cashpractice' : null;
    const log = (status: number): void => {
      requestLog.push({ method, path, status });
    };
    const raw = await readBody(req);

    if (provider) {
      const fault = faults.take(path);
      if (fault) {
        if (fault.mode === 'hang') {
          log(0);
          return; // never answered; close() destroys the socket
        }
        if (fault.mode === 'drop') {
          log(0);
          req.socket.destroy();
          return;
        }
        if (fault.mode === 'malformed') {
          const text = '{"type":"Collection","list":[{"id":"11ee';
          log(200);
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
          return;
        }
        const reply = faultReply(provider, fault);
        log(reply.status);
        send(res, reply);
        return;
      }
    }

    let body: unknown = undefined;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        const reply =
          provider === 'fortis'
            ? preconditionFailed('The request body is not valid JSON', ['body'], 'object.base')
            : json(400, {
                error: { code: 'invalid_json', message: 'The request body is not valid JSON' },
              });
        log(reply.status);
        send(res, reply);
        return;
      }
    }
    const apiRequest: ApiRequest = {
      method,
      segments: segments.slice(1),
      query: url.searchParams,
      headers: req.headers,
      body,
      origin,
    };
    let reply: Reply;
    if (provider === 'fortis') reply = handleFortis(state, apiRequest);
    else if (provider === 'cashpractice') reply = handleCashPractice(state, apiRequest);
    else if (segments[0] === '_sandbox')
      reply = handleControl(state, actions, faults, method, segments.slice(1), body);
    else if (segments[0] === 'pay' && segments[1] && segments.length === 2) {
      reply = handlePayPage(state, actions, method, segments[1]);
    } else reply = json(404, { error: 'not found' });
    log(reply.status);
    send(res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      requestLog.push({ method: req.method ?? 'GET', path: req.url ?? '/', status: 500 });
      if (!res.headersSent) send(res, json(500, { error: 'sandbox internal error', message }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  let closed = false;
  const warmed = warmCaches(state, () => closed);

  return {
    fortis: {
      baseUrl: `${origin}/fortis`,
      userId: state.fortis.userId,
      userApiKey: state.fortis.userApiKey,
      locationId: state.fortis.locationId,
      developerId: state.fortis.developerId,
    },
    cashpractice: { baseUrl: `${origin}/cashpractice`, apiKey: state.cashpractice.apiKey },
    origin,
    state,
    actions,
    faults,
    requestLog,
    warm: () => warmed,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}

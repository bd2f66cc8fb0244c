import { TrackstatError, UsageError } from '../errors.js';
import { ExitCode } from '../terminal/exit-codes.js';
import type { Io } from '../terminal/io.js';
import { ACTION_NAMES } from './control.js';
import { FAULT_MODES } from './faults.js';

export interface ActOptions {
  url: string;
  expMonth?: number | undefined;
  expYear?: number | undefined;
  lastFour?: string | undefined;
  retryAfter?: number | undefined;
  path?: string | undefined;
}

/** The control request for `sandbox act <action> [args]`, or a usage error. */
export function actRequest(
  action: string,
  args: string[],
  options: ActOptions,
): { method: string; path: string; body?: Record<string, unknown> } {
  const need = (count: number, usage: string): void => {
    if (args.length < count)
      throw new UsageError(`usage: trackstat sandbox act ${action} ${usage}`);
  };
  // A typo must not reach the emulator: "advance-clock abc" used to move the clock one day.
  const whole = (value: string | undefined, what: string, fallback?: number): number => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError(`${what} must be a positive whole number, not "${value ?? ''}".`);
    return Number(value);
  };
  if (action === 'info') return { method: 'GET', path: '/_sandbox/info' };
  if (action === 'fault') {
    need(1, 'MODE [COUNT] [--retry-after S] [--path PREFIX]');
    if (!(FAULT_MODES as readonly string[]).includes(args[0] as string)) {
      throw new UsageError(`fault mode must be one of ${FAULT_MODES.join(', ')}`);
    }
    return {
      method: 'POST',
      path: '/_sandbox/faults',
      body: {
        mode: args[0],
        count: whole(args[1], 'fault COUNT', 1),
        ...(options.retryAfter !== undefined ? { retry_after: options.retryAfter } : {}),
        ...(options.path !== undefined ? { path: options.path } : {}),
      },
    };
  }
  if (!(ACTION_NAMES as readonly string[]).includes(action)) {
    throw new UsageError(
      `unknown sandbox action "${action}"`,
      `Actions: ${[...ACTION_NAMES, 'fault', 'info'].join(', ')}.`,
    );
  }
  let body: Record<string, unknown>;
  if (action === 'advance-clock') {
    need(1, 'DAYS');
    body = { days: whole(args[0], 'advance-clock DAYS') };
  } else if (action === 'touch') {
    need(1, 'RESOURCE [COUNT]');
    body = { resource: args[0], count: whole(args[1], 'touch COUNT', 1) };
  } else {
    need(1, 'ID');
    body = { id: args[0] };
    if (action === 'pay-now-link' && args[1] !== undefined)
      body.amount_cents = whole(args[1], 'pay-now-link AMOUNT_CENTS');
    if (options.expMonth !== undefined) body.exp_month = options.expMonth;
    if (options.expYear !== undefined) body.exp_year = options.expYear;
    if (options.lastFour !== undefined) body.last_four = options.lastFour;
  }
  return { method: 'POST', path: `/_sandbox/actions/${action}`, body };
}

/** `trackstat sandbox act`: calls a running sandbox's control endpoint and prints its JSON answer. */
export async function runAct(
  action: string,
  args: string[],
  options: ActOptions,
  io: Io,
): Promise<void> {
  const request = actRequest(action, args, options);
  let origin: string;
  try {
    origin = new URL(options.url).origin;
  } catch {
    throw new UsageError(`--url is not a URL: ${options.url}`);
  }
  let response: Response;
  try {
    response = await fetch(`${origin}${request.path}`, {
      method: request.method,
      headers: { 'content-type': 'application/json' },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
    });
  } catch (err) {
    throw new TrackstatError(
      `cannot reach the sandbox at ${origin}`,
      ExitCode.Unavailable,
      'Start it with "trackstat sandbox serve" and pass the URL it prints.',
      { cause: err },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
    } catch {
      // not JSON: show it as is
    }
    throw new TrackstatError(
      `sandbox ${action} failed: ${message}`,
      response.status === 400 ? ExitCode.Usage : ExitCode.InvalidInput,
    );
  }
  io.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
}

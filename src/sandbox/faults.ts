/**
 * Fault injection for tests: the next N matching calls fail in a chosen way.
 * - '429': Too Many Requests with a Retry-After header (seconds);
 * - '500' / '503': server errors (provider-shaped JSON body);
 * - 'hang': never answers (the client's timeout must fire);
 * - 'drop': the socket is destroyed without a response;
 * - 'malformed': 200 with a truncated JSON body.
 */
export type FaultMode = '429' | '500' | '503' | 'hang' | 'drop' | 'malformed';

export interface FaultSpec {
  mode: FaultMode;
  count: number;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
  /** Only calls whose path starts with this (with or without the `/fortis` / `/cashpractice` prefix). */
  path?: string;
}

export const FAULT_MODES: readonly FaultMode[] = ['429', '500', '503', 'hang', 'drop', 'malformed'];

export class FaultInjector {
  private queue: Array<FaultSpec & { left: number }> = [];

  /** Queues a fault for the next `count` matching calls. */
  inject(spec: FaultSpec): void {
    if (!FAULT_MODES.includes(spec.mode)) throw new Error(`unknown fault mode "${spec.mode}"`);
    if (!Number.isInteger(spec.count) || spec.count < 1)
      throw new Error('fault count must be a positive integer');
    this.queue.push({ ...spec, left: spec.count });
  }

  /** Removes every pending fault. */
  clear(): void {
    this.queue = [];
  }

  /** How many faulty answers are still queued. */
  pending(): number {
    return this.queue.reduce((n, f) => n + f.left, 0);
  }

  /** Takes the fault for a call to `path`, if one is queued (used by the server). */
  take(path: string): FaultSpec | undefined {
    const bare = path.replace(/^\/(fortis|cashpractice)(?=\/)/, '');
    const index = this.queue.findIndex(
      (f) => f.path === undefined || path.startsWith(f.path) || bare.startsWith(f.path),
    );
    if (index < 0) return undefined;
    const fault = this.queue[index] as FaultSpec & { left: number };
    fault.left -= 1;
    if (fault.left <= 0) this.queue.splice(index, 1);
    return fault;
  }
}

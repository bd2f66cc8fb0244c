/** What a route handler answers; the server serialises it. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A pre-serialised body (HTML pages). */
  raw?: string;
}

/** A parsed request as route handlers see it (path without the provider prefix). */
export interface ApiRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** `http://127.0.0.1:PORT`, for URLs the emulator hands out. */
  origin: string;
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

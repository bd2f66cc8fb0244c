import { TrackstatError } from '../errors.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';

export type ProviderName = 'fortis' | 'cashpractice' | 'twilio' | 'smtp';

export const providerLabels: Record<ProviderName, string> = {
  fortis: 'Fortis',
  cashpractice: 'Cash Practice',
  twilio: 'Twilio',
  smtp: 'the SMTP server',
};

interface ProviderErrorInit {
  provider: ProviderName;
  status?: number | undefined;
  requestId?: string | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

/** An outside service answered with an error (or not at all); carries provider, status and request id. */
export class ProviderError extends TrackstatError {
  readonly provider: ProviderName;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue, init: ProviderErrorInit) {
    super(
      message,
      exitCode,
      init.hint,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.provider = init.provider;
    this.status = init.status;
    this.requestId = init.requestId;
  }
}

/** 401/403: credentials missing or rejected (exit 5). */
export class AuthError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    super(message, ExitCode.NotConnected, init);
  }
}

/** 412/422/400: the provider refused the request's content; `details` lists field problems. */
export class ProviderValidationError extends ProviderError {
  readonly details: ReadonlyArray<{ field: string; message: string }>;
  constructor(
    message: string,
    init: ProviderErrorInit & { details?: ReadonlyArray<{ field: string; message: string }> },
  ) {
    super(message, ExitCode.Internal, init);
    this.details = init.details ?? [];
  }
}

/** 404 on a record we asked for by id. */
export class NotFoundError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    super(message, ExitCode.Internal, init);
  }
}

/** 429 that outlasted the retry budget (exit 6). */
export class RateLimitError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    super(message, ExitCode.Unavailable, init);
  }
}

/** Timeouts, connection failures and 5xx that outlasted the retry budget (exit 6). */
export class UnavailableError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    super(message, ExitCode.Unavailable, init);
  }
}

/** The provider answered 2xx with a body we cannot use; names the offending field (exit 6). */
export class MalformedResponseError extends ProviderError {
  readonly field: string;
  constructor(message: string, init: ProviderErrorInit & { field: string }) {
    super(message, ExitCode.Unavailable, init);
    this.field = init.field;
  }
}

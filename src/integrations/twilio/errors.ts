// Twilio error codes (integrations/messaging.md) turned into what the sender should do about them.

/** What a failed send means for the ledger and the rest of the run. */
export type TwilioErrorAction =
  'opt_out' | 'bad_number' | 'not_mobile' | 'config' | 'slow_down' | 'auth' | 'retry' | 'failed';

/** Maps a Twilio error code to the action the run takes. */
export function twilioErrorAction(code: number | undefined): TwilioErrorAction {
  switch (code) {
    case 21610:
      return 'opt_out';
    case 21211:
      return 'bad_number';
    case 21614:
    case 21635:
      return 'not_mobile';
    case 21608:
    case 30034:
      return 'config';
    case 21611:
    case 30001:
      return 'slow_down';
    case 20003:
      return 'auth';
    case 20429:
      return 'retry';
    default:
      return 'failed';
  }
}

/** A send Twilio refused with an error code; the message was not sent. */
export class TwilioSendError extends Error {
  readonly code: number | undefined;
  readonly action: TwilioErrorAction;

  constructor(message: string, code: number | undefined) {
    super(message);
    this.name = 'TwilioSendError';
    this.code = code;
    this.action = twilioErrorAction(code);
  }
}

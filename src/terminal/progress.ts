// Spinners only where a person watches: stderr is a TTY and --quiet is off. Everywhere else
// (cron, pipes, tests) progress is a no-op whose lines appear only with --verbose.
import type { Ora } from 'ora';
import { stripControl } from './sanitize.js';
import type { Io } from './io.js';

/** A running progress indicator. */
export interface Progress {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

type Ending = { kind: 'succeed' | 'fail'; text: string | undefined } | { kind: 'stop' };

/** Starts a spinner on stderr when it is a terminal (and not --quiet); otherwise a silent no-op. */
export function startProgress(io: Io, text: string): Progress {
  if (!io.stderrIsTTY || io.quiet) return debugProgress(io, text);
  return spinnerProgress(io, text);
}

function debugProgress(io: Io, text: string): Progress {
  io.debug(text);
  return {
    update: (t) => io.debug(t),
    succeed: (t) => {
      if (t !== undefined) io.debug(t);
    },
    fail: (t) => {
      if (t !== undefined) io.debug(t);
    },
    stop: () => undefined,
  };
}

function spinnerProgress(io: Io, initial: string): Progress {
  // ora is imported lazily, so calls made before it loads are remembered and replayed.
  const clean = (t: string): string => io.masker.mask(stripControl(t));
  let text = clean(initial);
  let ending: Ending | undefined;
  let spinner: Ora | undefined;

  const finish = (s: Ora, e: Ending): void => {
    if (e.kind === 'stop') s.stop();
    else if (e.kind === 'succeed') s.succeed(e.text);
    else s.fail(e.text);
  };

  void import('ora').then(
    ({ default: ora }) => {
      spinner = ora({
        text,
        stream: io.stderr,
        isEnabled: true,
        color: io.stderrColor ? 'cyan' : false,
        discardStdin: false,
      });
      if (ending) {
        finish(spinner, ending);
        return;
      }
      spinner.start();
    },
    () => undefined, // without a spinner the command still works; nothing to report
  );

  const end = (e: Ending): void => {
    if (ending) return;
    ending = e;
    if (spinner) finish(spinner, e);
  };
  return {
    update: (t) => {
      text = clean(t);
      if (spinner && !ending) spinner.text = text;
    },
    succeed: (t) => end({ kind: 'succeed', text: t === undefined ? undefined : clean(t) }),
    fail: (t) => end({ kind: 'fail', text: t === undefined ? undefined : clean(t) }),
    stop: () => end({ kind: 'stop' }),
  };
}

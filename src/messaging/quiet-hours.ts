// The send window (config messaging.window, practice time): nothing is sent outside it.
import { localTimeIn } from '../domain/dates.js';

export interface SendWindow {
  startMinutes: number;
  endMinutes: number;
  text: string;
}

/** Parses "09:00-20:00". */
export function parseWindow(text: string): SendWindow {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return { startMinutes: 9 * 60, endMinutes: 20 * 60, text: '09:00-20:00' };
  return {
    startMinutes: Number(m[1]) * 60 + Number(m[2]),
    endMinutes: Number(m[3]) * 60 + Number(m[4]),
    text,
  };
}

/** Whether `now` is inside the window, and how many seconds of it remain. */
export function windowState(
  window: SendWindow,
  timeZone: string,
  now: Date,
): { inside: boolean; secondsLeft: number } {
  const [h, mm] = localTimeIn(timeZone, now).split(':').map(Number);
  const minutes = (h ?? 0) * 60 + (mm ?? 0);
  const inside = minutes >= window.startMinutes && minutes < window.endMinutes;
  const secondsLeft = inside ? (window.endMinutes - minutes) * 60 - now.getUTCSeconds() : 0;
  return { inside, secondsLeft };
}

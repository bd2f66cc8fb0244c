import type { Io } from '../terminal/io.js';

/** Reads all of stdin and returns its first line, trimmed (for --…-stdin secrets). */
export async function readStdinLine(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : String(chunk);
  const line = (text.split(/\r?\n/)[0] ?? '').trim();
  io.masker.add(line);
  return line;
}

// Turns the bytes of an EHR export into text. Most exports are UTF-8, but Excel on Windows saves
// "CSV" in the Windows-1252 code page and "Unicode Text" in UTF-16: read as UTF-8 those give
// "Jos\uFFFD" for José, or a header of NUL-separated letters. So: a UTF-16 byte-order mark picks
// UTF-16; otherwise the text is UTF-8 until a byte sequence that is not, and from there Windows-1252
// (which agrees with UTF-8 on the ASCII already read).
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

// Windows-1252 0x80–0x9F (Node's decoder treats the code page as ISO-8859-1 there); 0xFFFD = unused.
const cp1252High = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

/** Windows-1252 bytes as text (ISO-8859-1 decoding, then the code page's 0x80–0x9F letters). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) =>
      String.fromCharCode(cp1252High[c.charCodeAt(0) - 0x80] ?? 0xfffd),
    );
}

/** How many bytes at the end of `buf` start a UTF-8 sequence that the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Re-encodes a stream of byte chunks (UTF-8, UTF-16 with a BOM, or Windows-1252) as UTF-8 chunks;
 * UTF-8 input passes through as it came (checked, not copied).
 */
export async function* toUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
  let mode: 'start' | 'utf8' | 'cp1252' | 'utf16' = 'start';
  let utf16: TextDecoder | undefined;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      yield utf8(chunk);
      continue;
    }
    let buf: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    carry = Buffer.alloc(0);
    if (mode === 'start') {
      if (buf.length < 2) {
        carry = buf;
        continue;
      }
      const le = buf[0] === 0xff && buf[1] === 0xfe;
      const be = buf[0] === 0xfe && buf[1] === 0xff;
      mode = le || be ? 'utf16' : 'utf8';
      if (mode === 'utf16') utf16 = new TextDecoder(le ? 'utf-16le' : 'utf-16be');
    }
    if (mode === 'utf16') {
      yield utf8(utf16?.decode(buf, { stream: true }) ?? '');
      continue;
    }
    if (mode === 'utf8') {
      const cut = buf.length - incompleteTail(buf);
      const whole = buf.subarray(0, cut);
      if (isUtf8(whole)) {
        carry = Buffer.from(buf.subarray(cut));
        yield whole;
        continue;
      }
      mode = 'cp1252';
      // Earlier chunks were valid UTF-8; this one is not, so it and the rest are Windows-1252.
      buf = Buffer.from(buf);
    }
    yield utf8(decodeWindows1252(buf));
  }
  if (mode === 'utf16') {
    const rest = utf16?.decode() ?? '';
    if (rest) yield utf8(rest);
  } else if (carry.length > 0) {
    yield mode !== 'cp1252' && isUtf8(carry) ? carry : utf8(decodeWindows1252(carry));
  }
}

/**
 * Reading a user's file: bounded in size (devices and pipes included), decoded as UTF-8, or from
 * the charset the page declares (`<meta charset>`, `http-equiv` Content-Type, `<?xml encoding?>`,
 * a UTF-16 byte-order mark). A page that is not UTF-8 and declares nothing is refused: decoding it
 * anyway would put U+FFFD where its text was.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from './errors.js';

/** Read at most `max` bytes; more is an error naming the file. */
export function readBounded(file: string, max: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EISDIR') throw new UserError(`${file}: is a folder`);
        if (code === 'EAGAIN') continue;
        throw new UserError(`${file}: cannot read (${code ?? (e as Error).message})`);
      }
      if (n === 0) break;
      parts.push(buf.subarray(0, n));
      total += n;
      if (total > max) throw new UserError(`${file}: larger than ${(max / 1024 / 1024).toFixed(0)} MiB; not read`);
    }
    return Buffer.concat(parts, total);
  } finally {
    closeSync(fd);
  }
}

/** The charset a page declares in its first bytes, if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m =
    /<meta[^<>]*?\bcharset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})/i.exec(head) ??
    /<\?xml[^<>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})/i.exec(head);
  return m?.[1].toLowerCase();
}

/** Decode a page's bytes; says how when it was not UTF-8. */
export function decodePage(bytes: Uint8Array, file: string): { text: string; note?: string } {
  const declared = declaredCharset(bytes);
  if (!declared || /^utf-?8$/.test(declared)) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      if (declared) throw new UserError(`${file}: declares UTF-8 but is not valid UTF-8; save the page again as UTF-8`);
      throw new UserError(`${file}: not valid UTF-8 and declares no charset (<meta charset>); save the page as UTF-8, or add its charset`);
    }
  }
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(declared, { fatal: true });
  } catch {
    throw new UserError(`${file}: declares charset "${declared}", which this Node cannot decode; save the page as UTF-8`);
  }
  try {
    return { text: dec.decode(bytes), note: `decoded as ${dec.encoding} (the charset the page declares)` };
  } catch {
    throw new UserError(`${file}: not valid ${dec.encoding}, the charset it declares; save the page as UTF-8`);
  }
}

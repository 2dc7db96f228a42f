/**
 * A tiny reader for .tar / .tar.gz archives (ustar, regular files only), enough to read the shared data sets
 * (TCPD series, VADER gold sets) at test and bench time without unpacking them into the repository.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Returns path → file bytes for every regular file in the archive (paths without a leading "./"). */
export function readTar(path: string): Map<string, Uint8Array> {
  let buf: Uint8Array = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const files = new Map<string, Uint8Array>();
  const dec = new TextDecoder();
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a: number, n: number) => dec.decode(header.subarray(a, a + n)).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = buf.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = dec.decode(body).replace(/\0.*$/s, '');
    else if (type === '0' || type === '\0') {
      name = name.replace(/^\.\//, '');
      files.set(name, body);
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

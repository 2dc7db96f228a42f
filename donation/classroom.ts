/**
 * Class sessions: a class is a study of kind `classroom` whose only data level is the summary. Students join with a
 * short class code that spells the collector's address on the teacher's laptop (IPv4 + port, 48 bits, Crockford
 * base32, shown as two groups of five), so nothing has to be looked up anywhere to join. Pure: extension, CLI and
 * collector share it.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The fewest students whose figures the projector shows; a teacher may raise it, never lower it. */
export const MIN_CLASS_SIZE = 5;

/** The class code for a collector at `http://a.b.c.d:port` (IPv4 only), e.g. "0G00D-0T9E2". */
export function classCode(url: string): string {
  const u = new URL(url);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(u.hostname);
  if (!m) throw new Error(`a class code needs an IPv4 address, got "${u.hostname}"`);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  let n = 0n;
  for (const part of m.slice(1)) {
    const b = Number(part);
    if (b > 255) throw new Error(`"${u.hostname}" is not an IPv4 address`);
    n = (n << 8n) | BigInt(b);
  }
  n = (n << 16n) | BigInt(port);
  let s = '';
  for (let i = 0; i < 10; i++) {
    s = ALPHABET[Number(n & 31n)] + s;
    n >>= 5n;
  }
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/**
 * The collector URL a class code stands for (`http://a.b.c.d:port`), or null when `code` is not a class code.
 * Forgiving as Crockford base32 is: case, spaces and dashes are ignored, O reads as 0 and I/L as 1.
 */
export function collectorFromCode(code: string): string | null {
  const s = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(s)) return null;
  let n = 0n;
  for (const ch of s) n = (n << 5n) | BigInt(ALPHABET.indexOf(ch));
  const port = Number(n & 0xffffn);
  n >>= 16n;
  const ip = [24n, 16n, 8n, 0n].map((sh) => Number((n >> sh) & 255n)).join('.');
  if (port === 0 || ip.startsWith('0.')) return null;
  return `http://${ip}:${port}`;
}

/** Whether `host` is this machine or a private (LAN) IPv4 address: where plain http is allowed for a class. */
export function isLocalNetworkHost(host: string): boolean {
  if (host === 'localhost' || host === '[::1]') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

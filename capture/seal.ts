/**
 * Sealing of parked snapshots (the outbox's copies in `browser.storage.local`).
 *
 * Why: storage.local is readable and writable by every content script of the extension, on every site. A
 * content script on one site (say, in a compromised renderer) could otherwise write "conversations" of another
 * site there for the background to store, or read another site's parked chats. So a parked snapshot is
 * encrypted and authenticated (AES-GCM) with a key of its own site. The background derives that key from a
 * secret only it holds (in the extension's IndexedDB, which content scripts cannot reach) and hands it to a
 * content script only in answer to `capture/hello` from a page of that site (checked by the sender's URL, which
 * the browser sets). A parked record that does not open with its site's key is discarded unread.
 *
 * WebCrypto only (content scripts run on https pages, a secure context; Node ≥ 20 has it too).
 */
import type { SiteId } from '../model/types';

const enc = new TextEncoder();
const dec = new TextDecoder();

const toBase64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** A fresh 256-bit secret (the background's, base64). */
export function newSecret(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/** The parking key of one site: HMAC-SHA-256(secret, "coevo-park:" + site), base64. */
export async function siteKey(secret: string, site: SiteId): Promise<string> {
  const k = await crypto.subtle.importKey('raw', fromBase64(secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64(new Uint8Array(await crypto.subtle.sign('HMAC', k, enc.encode(`coevo-park:${site}`))));
}

const aesKey = (key: string, use: 'encrypt' | 'decrypt') => crypto.subtle.importKey('raw', fromBase64(key) as BufferSource, 'AES-GCM', false, [use]);

/** What a parked record holds in storage.local: only ciphertext, its site and when it was written. */
export interface SealedRecord {
  v: 2;
  site: SiteId;
  savedAt: number;
  iv: string;
  data: string;
}

export async function seal(key: string, site: SiteId, savedAt: number, value: unknown): Promise<SealedRecord> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(site) },
    await aesKey(key, 'encrypt'),
    enc.encode(JSON.stringify(value)),
  );
  return { v: 2, site, savedAt, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Opens a record with its site's key; throws when it was not sealed with that key (forged, tampered, stale). */
export async function unseal(key: string, r: SealedRecord): Promise<unknown> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(r.iv) as BufferSource, additionalData: enc.encode(r.site) },
    await aesKey(key, 'decrypt'),
    fromBase64(r.data) as BufferSource,
  );
  return JSON.parse(dec.decode(plain));
}

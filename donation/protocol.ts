/**
 * The HTTP contract between a donor's Coevo (extension or CLI) and a study's collector. Both sides import these names,
 * so they cannot drift apart.
 *
 *   GET    {collector}/study.json                    → the study file
 *   POST   {collector}/donations                     body: the age ciphertext, Content-Type: application/octet-stream
 *          Idempotency-Key: <32 hex>                 same key on every retry of one donation
 *          X-Coevo-Study: <study id>
 *          X-Coevo-Withdrawal-Hash: <64 hex>         SHA-256 of the 32 random bytes of the withdrawal secret
 *          → 201 (new) / 200 (same key again, same donation) {"donationId","receivedAt","sha256"}
 *   DELETE {collector}/donations/{donationId}
 *          X-Coevo-Withdrawal-Secret: <64 hex>       the secret itself; the collector compares hashes
 *          → 200 {"withdrawn":true} / 403 (wrong secret) / 404 (unknown id)
 *
 * Privacy note: the withdrawal secret is made on the device and never sent until the person withdraws; the collector
 * only ever holds its hash. The idempotency key is random per donation and links nothing across donations.
 */

export const DONATIONS_PATH = '/donations';
export const STUDY_PATH = '/study.json';
export const HEADER_IDEMPOTENCY = 'Idempotency-Key';
export const HEADER_STUDY = 'X-Coevo-Study';
export const HEADER_WITHDRAWAL_HASH = 'X-Coevo-Withdrawal-Hash';
export const HEADER_WITHDRAWAL_SECRET = 'X-Coevo-Withdrawal-Secret';
export const CIPHERTEXT_TYPE = 'application/octet-stream';

export const IDEMPOTENCY_KEY_RE = /^[0-9a-f]{32}$/;
export const SECRET_RE = /^[0-9a-f]{64}$/;
export const SHA256_RE = /^[0-9a-f]{64}$/;

export interface Receipt {
  donationId: string;
  /** ISO 8601 time the collector stored it. */
  receivedAt: string;
  /** SHA-256 (hex) of the ciphertext as the collector received it. */
  sha256: string;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

/** A new idempotency key (16 random bytes, 32 hex): made once per donation, reused on every retry. */
export function newIdempotencyKey(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

/** A new withdrawal secret (32 random bytes, 64 hex), made on the device and kept there. */
export function newWithdrawalSecret(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** The hash the collector stores: SHA-256 of the secret's 32 bytes (not of its hex text). */
export async function withdrawalHash(secretHex: string): Promise<string> {
  if (!SECRET_RE.test(secretHex)) throw new Error('a withdrawal secret is 64 lower-case hex characters');
  return sha256(fromHex(secretHex));
}

/** Constant-time comparison of two hex strings of equal length (the collector's check of a withdrawal secret). */
export function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function base(collector: string): string {
  return collector.replace(/\/+$/, '');
}

function donationsUrl(collector: string): string {
  return base(collector) + DONATIONS_PATH;
}
function donationUrl(collector: string, donationId: string): string {
  return `${donationsUrl(collector)}/${encodeURIComponent(donationId)}`;
}

export interface DonationRequest {
  collector: string;
  studyId: string;
  idempotencyKey: string;
  withdrawalHash: string;
  ciphertext: Uint8Array;
}

/** The fetch arguments of a donation upload. */
export function donationRequest(r: DonationRequest): { url: string; init: RequestInit } {
  if (!IDEMPOTENCY_KEY_RE.test(r.idempotencyKey)) throw new Error('idempotency key: 32 lower-case hex characters');
  if (!SHA256_RE.test(r.withdrawalHash)) throw new Error('withdrawal hash: 64 lower-case hex characters');
  return {
    url: donationsUrl(r.collector),
    init: {
      method: 'POST',
      headers: {
        'Content-Type': CIPHERTEXT_TYPE,
        [HEADER_IDEMPOTENCY]: r.idempotencyKey,
        [HEADER_STUDY]: r.studyId,
        [HEADER_WITHDRAWAL_HASH]: r.withdrawalHash,
      },
      body: r.ciphertext as BodyInit,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    },
  };
}

/** The fetch arguments of a withdrawal. */
function withdrawRequest(collector: string, donationId: string, secretHex: string): { url: string; init: RequestInit } {
  return {
    url: donationUrl(collector, donationId),
    init: { method: 'DELETE', headers: { [HEADER_WITHDRAWAL_SECRET]: secretHex }, credentials: 'omit', cache: 'no-store', redirect: 'error' },
  };
}

function receiptProblems(v: unknown): string[] {
  if (typeof v !== 'object' || v === null) return ['receipt: not a JSON object'];
  const o = v as Record<string, unknown>;
  const p: string[] = [];
  if (typeof o.donationId !== 'string' || !o.donationId || o.donationId.length > 200) p.push('receipt.donationId: expected a non-empty string');
  if (typeof o.receivedAt !== 'string' || Number.isNaN(Date.parse(o.receivedAt))) p.push('receipt.receivedAt: expected an ISO time');
  if (typeof o.sha256 !== 'string' || !SHA256_RE.test(o.sha256)) p.push('receipt.sha256: expected 64 lower-case hex characters');
  return p;
}

/** Checks a receipt against what was sent: the collector must have stored exactly these bytes. */
async function checkReceipt(receipt: Receipt, ciphertext: Uint8Array): Promise<{ ok: boolean; expected: string; got: string }> {
  const expected = await sha256(ciphertext);
  return { ok: sameHex(expected, receipt.sha256), expected, got: receipt.sha256 };
}

/** Whether a failed attempt is worth retrying (network errors, timeouts, rate limits, server errors). */
function retryable(status: number | null): boolean {
  return status === null || status === 408 || status === 425 || status === 429 || status >= 500;
}

export type SendResult =
  | { ok: true; receipt: Receipt; replayed: boolean; status: number }
  | { ok: false; retry: boolean; status: number | null; error: string };

/** Bytes of the request body sent so far, of the total (an upload's progress). */
export type Progress = (sent: number, total: number) => void;

/** `fetch`, or a transport that also reports upload progress (donation/upload.ts). */
type Fetch = (url: string, init: RequestInit, onProgress?: Progress) => Promise<Response>;

async function errorText(res: Response): Promise<string> {
  const t = (await res.text().catch(() => '')).slice(0, 300);
  try {
    const j = JSON.parse(t) as { error?: unknown };
    if (typeof j.error === 'string') return j.error;
  } catch {
    /* not JSON: use the text */
  }
  return t || res.statusText;
}

/**
 * One upload attempt: POST, then the receipt's shape and its hash against the ciphertext. `onProgress` hears (0, total)
 * before the request, what the transport reports while the body leaves, and (total, total) once the collector answered.
 */
export async function sendDonation(fetchFn: Fetch, r: DonationRequest, onProgress?: Progress): Promise<SendResult> {
  const { url, init } = donationRequest(r);
  const total = r.ciphertext.byteLength;
  let res: Response;
  try {
    onProgress?.(0, total);
    res = await fetchFn(url, init, onProgress);
    onProgress?.(total, total);
  } catch (e) {
    return { ok: false, retry: true, status: null, error: `network: ${(e as Error).message}` };
  }
  if (res.status !== 201 && res.status !== 200) {
    return { ok: false, retry: retryable(res.status), status: res.status, error: `${res.status}: ${await errorText(res)}` };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, retry: true, status: res.status, error: 'the collector answered without a JSON receipt' };
  }
  const p = receiptProblems(body);
  if (p.length) return { ok: false, retry: false, status: res.status, error: p.join('; ') };
  const receipt = body as Receipt;
  const check = await checkReceipt(receipt, r.ciphertext);
  if (!check.ok)
    return { ok: false, retry: false, status: res.status, error: `receipt SHA-256 ${check.got} does not match the ciphertext sent (${check.expected})` };
  return {
    ok: true,
    receipt: { donationId: receipt.donationId, receivedAt: receipt.receivedAt, sha256: receipt.sha256 },
    replayed: res.status === 200,
    status: res.status,
  };
}

export type WithdrawResult = { ok: true } | { ok: false; retry: boolean; status: number | null; error: string };

/** One withdrawal attempt. A 404 (already gone) counts as withdrawn only if the collector says so with `withdrawn`. */
export async function withdrawDonation(fetchFn: Fetch, collector: string, donationId: string, secretHex: string): Promise<WithdrawResult> {
  const { url, init } = withdrawRequest(collector, donationId, secretHex);
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch (e) {
    return { ok: false, retry: true, status: null, error: `network: ${(e as Error).message}` };
  }
  if (res.status === 200) {
    const j = (await res.json().catch(() => null)) as { withdrawn?: unknown } | null;
    if (j?.withdrawn === true) return { ok: true };
    return { ok: false, retry: false, status: 200, error: 'the collector did not confirm the withdrawal' };
  }
  if (res.status === 403) return { ok: false, retry: false, status: 403, error: 'the collector refused the withdrawal secret' };
  return { ok: false, retry: retryable(res.status), status: res.status, error: `${res.status}: ${await errorText(res)}` };
}

/** Exponential backoff with jitter for the outbox: 5 s, 10 s, 20 s … capped at 30 min. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30 * 60_000, 5_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + 0.5 * random()));
}

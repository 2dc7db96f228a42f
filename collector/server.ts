/**
 * The collector's HTTP server, on node:http: the contract is six routes, and owning the request
 * stream lets a body be refused at its first bytes (size, content type, "is this age") before anything
 * is buffered or stored. No framework means nothing between a request and the store but this file,
 * and `npm run bench:collector` compares it against a bare node:http endpoint on equal terms.
 *
 * Routes (the contract shared with the extension and `coevo donate`):
 *   GET    /healthz                → 200 {"ok":true,"database":"pglite"|"postgres"}
 *   GET    /study.json             → the study file, byte for byte
 *   POST   /donations              → 201 receipt (200 with the same receipt on a replayed Idempotency-Key)
 *   DELETE /donations/{id}         → 200 {"withdrawn":true} with X-Coevo-Withdrawal-Secret; 403 wrong secret
 *   GET    /admin/donations        → metadata of every donation, tombstones included   (Bearer admin token)
 *   GET    /admin/export           → one JSON line per donation with its ciphertext in base64 (Bearer admin token)
 * A class session adds its own routes (/api/class, /present …) through `hooks` (collector/classroom-session.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  CIPHERTEXT_TYPE,
  DONATIONS_PATH,
  HEADER_IDEMPOTENCY,
  HEADER_STUDY,
  HEADER_WITHDRAWAL_HASH,
  HEADER_WITHDRAWAL_SECRET,
  IDEMPOTENCY_KEY_RE,
  SECRET_RE,
  SHA256_RE,
  STUDY_PATH,
} from '../donation/protocol';
import { AGE_HEADER } from '../donation/encrypt';
import type { Receipt, Store } from './store';

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_RATE_PER_MINUTE = 120;

export type CollectorOptions = {
  store: Store;
  /** The study file as published (served byte for byte) and its id (the only study this collector takes). */
  studyJson: string;
  studyId: string;
  /** Largest accepted ciphertext in bytes. */
  maxBytes?: number;
  /** Donation and withdrawal requests per client address per minute (token bucket); 0 turns it off. */
  ratePerMinute?: number;
  /** Token for the admin routes; without one they answer 404. */
  adminToken?: string;
  /** Extra browser origins allowed to call the collector (extension origins are always allowed). */
  allowOrigins?: string[];
  /** A class session's additions (collector/classroom-session.ts); an ordinary study has none. */
  hooks?: CollectorHooks;
};

export interface CollectorHooks {
  /** Answers a route of its own (tried after the contract's routes); false when the path is not its own. */
  route?(req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>): Promise<boolean>;
  /** Why a new donation is refused now (e.g. the class has ended), or null to accept it. */
  refuse?(): string | null;
  /** A new donation was stored (not called for a replayed one). Awaited before the receipt is sent; must not throw. */
  stored?(d: { receipt: Receipt; withdrawalHash: string; ciphertext: Uint8Array }): Promise<void>;
  /** A donation was withdrawn by its donor. */
  withdrawn?(donationId: string): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DONATION_PATH = new RegExp(`^${DONATIONS_PATH}/([0-9a-f-]{36})$`);
const h = (name: string) => name.toLowerCase();
const EXTENSION_ORIGIN = /^(chrome|moz|safari-web)-extension:\/\/[a-z0-9-]+$/i;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'application/json; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Reads the body, refusing it as soon as it is too large or does not start like an age file. */
async function readAgeBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) throw new HttpError(413, `donation too large: ${declared} bytes, the limit is ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  let checked = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `donation too large: over ${maxBytes} bytes`);
    chunks.push(chunk);
    if (!checked && size >= AGE_HEADER.length) {
      checked = true;
      if (!Buffer.concat(chunks).subarray(0, AGE_HEADER.length).equals(Buffer.from(AGE_HEADER)))
        throw new HttpError(400, 'not an age file: the body must start with the line "age-encryption.org/v1"');
    }
  }
  const body = Buffer.concat(chunks, size);
  if (!checked) throw new HttpError(400, 'not an age file: the body must start with the line "age-encryption.org/v1"');
  return body;
}

/** A token bucket per client address. */
class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perMinute: number) {}
  /** Seconds to wait, or 0 when the request may go ahead. */
  take(client: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const b = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.buckets.set(client, b);
    if (this.buckets.size > 100_000) this.buckets.clear(); // bounded memory under a spray of addresses
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 60) / this.perMinute);
  }
}

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

function collectorHandler(opts: CollectorOptions) {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const limiter = new RateLimiter(opts.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE);
  const allowed = new Set(opts.allowOrigins ?? []);

  const cors = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!origin || !(EXTENSION_ORIGIN.test(origin) || allowed.has(origin))) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  };

  const limit = (req: IncomingMessage) => {
    const wait = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) throw new HttpError(429, `too many requests from this address; retry in ${wait} s`, { 'retry-after': String(wait) });
  };

  const admin = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    if (!opts.adminToken) throw new HttpError(404, 'no such route');
    if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), opts.adminToken))
      throw new HttpError(401, 'admin routes need "Authorization: Bearer <token>"', { 'www-authenticate': 'Bearer' });
  };

  async function route(req: IncomingMessage, res: ServerResponse, extra: Record<string, string>) {
    const url = new URL(req.url ?? '/', 'http://collector');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...extra,
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': ['content-type', HEADER_IDEMPOTENCY, HEADER_STUDY, HEADER_WITHDRAWAL_HASH, HEADER_WITHDRAWAL_SECRET].map(h).join(', '),
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (path === '/healthz' && method === 'GET') return send(res, 200, { ok: true, database: opts.store.kind }, extra);
    if (path === STUDY_PATH && method === 'GET') return send(res, 200, opts.studyJson, extra);

    if (path === DONATIONS_PATH) {
      if (method !== 'POST') throw new HttpError(405, 'use POST', { allow: 'POST' });
      limit(req);
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== CIPHERTEXT_TYPE) throw new HttpError(415, `content type must be ${CIPHERTEXT_TYPE} (the age ciphertext), not "${type || 'none'}"`);
      const key = String(req.headers[h(HEADER_IDEMPOTENCY)] ?? '');
      if (!IDEMPOTENCY_KEY_RE.test(key)) throw new HttpError(400, `${HEADER_IDEMPOTENCY} must be 32 lower-case hex characters`);
      const study = String(req.headers[h(HEADER_STUDY)] ?? '');
      if (study !== opts.studyId) throw new HttpError(404, `unknown study "${study.slice(0, 80)}": this collector takes "${opts.studyId}"`);
      const hash = String(req.headers[h(HEADER_WITHDRAWAL_HASH)] ?? '');
      if (!SHA256_RE.test(hash)) throw new HttpError(400, `${HEADER_WITHDRAWAL_HASH} must be a SHA-256 in 64 lower-case hex characters`);
      const refusal = opts.hooks?.refuse?.();
      if (refusal) throw new HttpError(410, refusal);
      const body = await readAgeBody(req, maxBytes);
      const out = await opts.store.put({ studyId: study, idempotencyKey: key, withdrawalHash: hash, ciphertext: body });
      if (out.status === 'conflict') throw new HttpError(409, out.reason);
      if (out.status === 'created') await opts.hooks?.stored?.({ receipt: out.receipt, withdrawalHash: hash, ciphertext: body });
      return send(res, out.status === 'created' ? 201 : 200, out.receipt, extra);
    }

    const m = DONATION_PATH.exec(path);
    if (m) {
      if (method !== 'DELETE') throw new HttpError(405, 'use DELETE with X-Coevo-Withdrawal-Secret', { allow: 'DELETE' });
      limit(req);
      const secret = String(req.headers[h(HEADER_WITHDRAWAL_SECRET)] ?? '');
      if (!SECRET_RE.test(secret)) throw new HttpError(400, `${HEADER_WITHDRAWAL_SECRET} must be the 64 hex characters of the withdrawal secret`);
      const out = await opts.store.withdraw(m[1]!, secret);
      if (out === 'not-found') throw new HttpError(404, 'no such donation');
      if (out === 'forbidden') throw new HttpError(403, 'wrong withdrawal secret');
      if (out === 'withdrawn') await opts.hooks?.withdrawn?.(m[1]!);
      return send(res, 200, { withdrawn: true }, extra);
    }

    if (path === '/admin/donations' && method === 'GET') {
      admin(req);
      return send(res, 200, { donations: await opts.store.list() });
    }
    if (path === '/admin/export' && method === 'GET') {
      admin(req);
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      for (const d of await opts.store.list()) {
        const ct = d.withdrawnAt ? null : await opts.store.ciphertext(d.donationId);
        const line = JSON.stringify({ ...d, ciphertext: ct ? Buffer.from(ct).toString('base64') : null }) + '\n';
        if (!res.write(line)) await new Promise((r) => res.once('drain', r));
      }
      return res.end();
    }
    if (opts.hooks?.route && (await opts.hooks.route(req, res, url, extra))) return;
    throw new HttpError(404, 'no such route');
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    const extra = cors(req);
    route(req, res, extra).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal error');
      if (!(err instanceof HttpError)) process.stderr.write(`collector: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (res.headersSent) return res.destroy();
      // A refused upload: answer now and drop the rest of the body instead of reading it.
      if (!req.complete) res.setHeader('connection', 'close');
      send(res, e.status, { error: e.message }, { ...extra, ...e.headers });
      if (!req.complete) req.resume();
    });
  };
}

export type RunningCollector = { url: string; port: number; server: Server; close(): Promise<void> };

/** Starts the collector on host:port (port 0 = any free port). `close()` stops the server, not the store. */
export async function startCollector(opts: CollectorOptions & { host?: string; port?: number }): Promise<RunningCollector> {
  const server = createServer(collectorHandler(opts));
  server.requestTimeout = 120_000;
  // Longer than clients' idle keep-alive, so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

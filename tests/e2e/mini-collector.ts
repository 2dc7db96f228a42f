/**
 * The smallest honest collector: an HTTP server on 127.0.0.1 that implements the donation protocol
 * (donation/protocol.ts) in memory. Only the classroom's page-side test uses it now; the donation end-to-end test and
 * the outbox tests run against the real collector (collector/testing.ts `startTestCollector`, with the same faults).
 * It checks what the real one must check (content type, an age file, the study id, header shapes), answers a replayed
 * idempotency key with the same receipt, and compares withdrawal secrets by hash.
 *
 * Faults for retry tests: `stop()` / `restart()` take it down and up again on the same port (state kept); `dropNext(n)` closes the next n connections without an answer; `loseAnswerNext(n)` stores the
 * next n donations and then closes without answering (the client cannot know it was stored).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CIPHERTEXT_TYPE,
  HEADER_IDEMPOTENCY,
  HEADER_STUDY,
  HEADER_WITHDRAWAL_HASH,
  HEADER_WITHDRAWAL_SECRET,
  IDEMPOTENCY_KEY_RE,
  SECRET_RE,
  SHA256_RE,
  type Receipt,
} from '../../donation/protocol';

export interface Stored {
  receipt: Receipt;
  ciphertext: Buffer;
  withdrawalHash: string;
  idempotencyKey: string;
}

export interface MiniCollector {
  url: string;
  port: number;
  donations: Map<string, Stored>;
  withdrawn: Set<string>;
  requests: { method: string; path: string; status: number }[];
  dropNext(n: number): void;
  loseAnswerNext(n: number): void;
  /** Serves this study file at GET /study.json (the study names the collector's URL, known only once it listens). */
  setStudy(json: string): void;
  /** Stops listening (a collector that is down: connections are refused), keeping what it stored. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BYTES = 5 * 1024 * 1024;

function body(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BYTES) resolve(null);
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startMiniCollector(opts: { studyId: string; studyJson?: string; port?: number }): Promise<MiniCollector> {
  const donations = new Map<string, Stored>();
  const byKey = new Map<string, string>();
  const withdrawn = new Set<string>();
  const requests: MiniCollector['requests'] = [];
  let drop = 0;
  let loseAnswer = 0;
  let studyJson = opts.studyJson;

  const send = (req: IncomingMessage, res: ServerResponse, status: number, json: unknown) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', status });
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
  };

  const server: Server = createServer(async (req, res) => {
    if (drop > 0) {
      drop--;
      requests.push({ method: req.method ?? '', path: req.url ?? '', status: 0 });
      req.socket.destroy();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/study.json' && studyJson) {
      requests.push({ method: 'GET', path, status: 200 });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(studyJson);
      return;
    }
    if (req.method === 'POST' && path === '/donations') {
      const key = String(req.headers[HEADER_IDEMPOTENCY.toLowerCase()] ?? '');
      const study = String(req.headers[HEADER_STUDY.toLowerCase()] ?? '');
      const wh = String(req.headers[HEADER_WITHDRAWAL_HASH.toLowerCase()] ?? '');
      if (req.headers['content-type'] !== CIPHERTEXT_TYPE) return send(req, res, 415, { error: `Content-Type must be ${CIPHERTEXT_TYPE}` });
      if (!IDEMPOTENCY_KEY_RE.test(key)) return send(req, res, 400, { error: 'Idempotency-Key: 32 hex' });
      if (study !== opts.studyId) return send(req, res, 404, { error: 'unknown study' });
      if (!SHA256_RE.test(wh)) return send(req, res, 400, { error: 'X-Coevo-Withdrawal-Hash: 64 hex' });
      const b = await body(req);
      if (!b) return send(req, res, 413, { error: 'too large' });
      if (!b.subarray(0, 22).equals(Buffer.from('age-encryption.org/v1\n'))) return send(req, res, 400, { error: 'not an age file' });
      const sha = createHash('sha256').update(b).digest('hex');
      const prev = byKey.get(key);
      if (prev) {
        const p = donations.get(prev);
        if (p && p.receipt.sha256 === sha) return send(req, res, 200, p.receipt);
        return send(req, res, 409, { error: 'idempotency key reused for another body' });
      }
      const receipt: Receipt = { donationId: randomUUID(), receivedAt: new Date().toISOString(), sha256: sha };
      donations.set(receipt.donationId, { receipt, ciphertext: b, withdrawalHash: wh, idempotencyKey: key });
      byKey.set(key, receipt.donationId);
      if (loseAnswer > 0) {
        loseAnswer--;
        requests.push({ method: 'POST', path, status: 0 });
        req.socket.destroy();
        return;
      }
      return send(req, res, 201, receipt);
    }
    const m = /^\/donations\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && m) {
      const id = decodeURIComponent(m[1]!);
      const d = donations.get(id);
      if (!d) return send(req, res, 404, { error: 'no such donation' });
      const secret = String(req.headers[HEADER_WITHDRAWAL_SECRET.toLowerCase()] ?? '');
      if (!SECRET_RE.test(secret)) return send(req, res, 403, { error: 'wrong withdrawal secret' });
      const h = createHash('sha256').update(Buffer.from(secret, 'hex')).digest();
      if (!timingSafeEqual(h, Buffer.from(d.withdrawalHash, 'hex'))) return send(req, res, 403, { error: 'wrong withdrawal secret' });
      donations.delete(id);
      withdrawn.add(id);
      return send(req, res, 200, { withdrawn: true });
    }
    send(req, res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    donations,
    withdrawn,
    requests,
    dropNext: (n) => void (drop = n),
    loseAnswerNext: (n) => void (loseAnswer = n),
    setStudy: (json) => void (studyJson = json),
    stop,
    restart: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

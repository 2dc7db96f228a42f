/**
 * `npm run bench:collector`: 1,000 donations of 200 KB (real age ciphertexts of valid payloads, each distinct) sent at
 * concurrency 50 over HTTP on 127.0.0.1 to the collector on the embedded database (PGlite) and on PostgreSQL (Debian's
 * server, started here on a free port and stopped after), next to a bare node:http endpoint that only reads the same
 * bodies, all in one run. Prints donations/s and p50/p99 latency, and checks 0 lost (every receipt's donation is
 * stored with its SHA-256) and 0 duplicated (exactly one row per idempotency key, also after replaying 100 keys).
 * Options: --n <donations, default 1000> --kb <size, default 200> --concurrency <default 50>.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { encrypt, generateStudyKey } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, withdrawalHash } from '../donation/protocol';
import { postgresBinDir, startPostgres } from '../collector/postgres-server';
import { startCollector } from '../collector/server';
import { openStore, sha256Hex, type Store } from '../collector/store';
import { samplePayload } from '../collector/testing';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && Number(process.argv[i + 1]) > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('n', 1000);
const KB = arg('kb', 200);
const CONCURRENCY = arg('concurrency', 50);
const STUDY = 'coevo-bench';

type Donation = { key: string; hash: string; body: Uint8Array; sha: string };

async function makeDonations(): Promise<Donation[]> {
  const { recipient } = await generateStudyKey();
  const base = samplePayload(STUDY, 'conversations', 0).length;
  const out: Donation[] = [];
  for (let i = 0; i < N; i++) {
    // Distinct plaintexts of ~KB kilobytes; age adds a header and 16 bytes per 64 KiB chunk.
    const body = await encrypt(recipient, samplePayload(STUDY, 'conversations', Math.max(0, KB * 1024 - base - 300)) + ' '.repeat(i % 7));
    out.push({ key: newIdempotencyKey(), hash: await withdrawalHash(newWithdrawalSecret()), body, sha: sha256Hex(body) });
  }
  return out;
}

type Result = { seconds: number; latencies: number[]; receipts: Map<string, { donationId: string; sha256: string }>; failures: string[] };

async function load(url: string, donations: Donation[]): Promise<Result> {
  const latencies: number[] = [];
  const receipts = new Map<string, { donationId: string; sha256: string }>();
  const failures: string[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= donations.length) return;
      const d = donations[i]!;
      const t = performance.now();
      const res = await fetch(`${url}/donations`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'idempotency-key': d.key, 'x-coevo-study': STUDY, 'x-coevo-withdrawal-hash': d.hash },
        body: d.body as BodyInit,
      });
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (res.status !== 201) failures.push(`${res.status} ${text.slice(0, 120)}`);
      else receipts.set(d.key, JSON.parse(text) as { donationId: string; sha256: string });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: (performance.now() - t0) / 1000, latencies, receipts, failures };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** A node:http endpoint that reads the whole body and answers, storing nothing: the floor for the same bodies. */
async function bare(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      const body = JSON.stringify({ bytes: n });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

/** Lost = a receipt whose donation is missing or stored with other bytes; duplicated = rows beyond one per key. */
async function verify(store: Store, url: string, donations: Donation[], r: Result) {
  const stored = new Map((await store.list()).map((m) => [m.donationId, m]));
  let lost = donations.length - r.receipts.size;
  for (const d of donations) {
    const rec = r.receipts.get(d.key);
    if (rec && stored.get(rec.donationId)?.sha256 !== d.sha) lost++;
  }
  // Replay 100 keys, as an interrupted client would: each must get its original receipt and add nothing.
  let replayMismatch = 0;
  for (const d of donations.slice(0, 100)) {
    const res = await fetch(`${url}/donations`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'idempotency-key': d.key, 'x-coevo-study': STUDY, 'x-coevo-withdrawal-hash': d.hash },
      body: d.body as BodyInit,
    });
    const j = (await res.json()) as { donationId: string };
    if (res.status !== 200 || j.donationId !== r.receipts.get(d.key)?.donationId) replayMismatch++;
  }
  const rows = (await store.count()).current;
  return { lost, duplicated: Math.max(0, rows - donations.length), replayMismatch, rows };
}

function line(name: string, r: Result, extra = '') {
  const ok = r.latencies.length - r.failures.length;
  return `${name.padEnd(34)} ${(ok / r.seconds).toFixed(1).padStart(8)} /s  ${((ok * KB) / 1024 / r.seconds).toFixed(1).padStart(6)} MB/s  p50 ${pct(r.latencies, 50).toFixed(0).padStart(5)} ms  p99 ${pct(r.latencies, 99).toFixed(0).padStart(5)} ms  ${r.failures.length} failed${extra}`;
}

async function main() {
  process.stdout.write(`preparing ${N} distinct age-encrypted donations of ~${KB} KB …\n`);
  const donations = await makeDonations();
  const sizes = donations.map((d) => d.body.length);
  process.stdout.write(`  ${(sizes.reduce((a, b) => a + b, 0) / N / 1024).toFixed(1)} KB each on average; concurrency ${CONCURRENCY}\n\n`);
  const lines: string[] = [];
  let failed = false;

  const b = await bare();
  await load(b.url, donations.slice(0, 50)); // warm-up
  const rb = await load(b.url, donations);
  await b.close();
  lines.push(line('bare node:http (reads body only)', rb));

  const targets: [string, () => Promise<{ target: string; cleanup(): Promise<void> }>][] = [
    [
      'collector, PGlite (embedded)',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coevo-bench-collector-'));
        return { target: join(dir, 'db'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    ],
  ];
  if (postgresBinDir())
    targets.push([
      'collector, PostgreSQL 15 (pg pool)',
      async () => {
        const pg = await startPostgres();
        return { target: pg.url, cleanup: () => pg.stop() };
      },
    ]);
  else lines.push('collector, PostgreSQL: skipped (PostgreSQL is not installed: apt-get install -y postgresql)');

  for (const [name, make] of targets) {
    const t = await make();
    const store = await openStore(t.target);
    const server = await startCollector({ store, studyJson: '{}', studyId: STUDY, ratePerMinute: 0 });
    try {
      const r = await load(server.url, donations);
      const v = await verify(store, server.url, donations, r);
      if (v.lost || v.duplicated || v.replayMismatch || r.failures.length) failed = true;
      lines.push(line(name, r, `  ${v.lost} lost, ${v.duplicated} duplicated (${v.rows} rows; 100 replays → ${100 - v.replayMismatch} same receipt)`));
      if (r.failures.length) lines.push(`  first failure: ${r.failures[0]}`);
    } finally {
      await server.close();
      await store.close();
      await t.cleanup();
    }
  }
  process.stdout.write(`${N} donations × ${KB} KB, concurrency ${CONCURRENCY}, one run (${new Date().toISOString()}):\n${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench:collector: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);

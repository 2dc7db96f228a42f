/**
 * The collector over HTTP on 127.0.0.1, against the embedded database (PGlite) and against Debian's PostgreSQL
 * started by this test (as the `postgres` user when run as root, on a free port, in a temp folder it removes).
 * Protocol happy path, replayed idempotency key, bad inputs (clear 4xx, nothing stored), rate limit, withdrawal, CORS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt, encrypt, generateStudyKey } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, sendDonation, withdrawalHash, withdrawDonation } from '../donation/protocol';
import { startPostgres, type TestPostgres } from './postgres-server';
import { startCollector, type RunningCollector } from './server';
import { openStore, type Store } from './store';
import { samplePayload } from './testing';

const STUDY_ID = 'coevo-test-study';
const STUDY_JSON = JSON.stringify({ id: STUDY_ID, note: 'served byte for byte' });

type Ctx = { store: Store; server: RunningCollector; limited: RunningCollector; cleanup: () => Promise<void> };

const backends: [string, () => Promise<{ target: string; cleanup: () => Promise<void> }>][] = [
  [
    'PGlite (embedded)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'coevo-collector-'));
      return { target: join(dir, 'db'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    "Debian's PostgreSQL",
    async () => {
      const pg: TestPostgres = await startPostgres();
      return { target: pg.url, cleanup: () => pg.stop() };
    },
  ],
];

describe.each(backends)('collector on %s', (_name, backend) => {
  let ctx: Ctx;
  let key: { identity: string; recipient: string };

  beforeAll(async () => {
    key = await generateStudyKey();
    const b = await backend();
    const store = await openStore(b.target);
    const server = await startCollector({ store, studyJson: STUDY_JSON, studyId: STUDY_ID, maxBytes: 64 * 1024, ratePerMinute: 0, adminToken: 'admintoken' });
    const limited = await startCollector({ store, studyJson: STUDY_JSON, studyId: STUDY_ID, ratePerMinute: 3 });
    ctx = {
      store,
      server,
      limited,
      cleanup: async () => {
        await server.close();
        await limited.close();
        await store.close();
        await b.cleanup();
      },
    };
  }, 240_000);
  afterAll(async () => ctx?.cleanup(), 60_000);

  const post = (body: Uint8Array | string, headers: Record<string, string> = {}, url = ctx.server.url) =>
    fetch(`${url}/donations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'idempotency-key': newIdempotencyKey(),
        'x-coevo-study': STUDY_ID,
        'x-coevo-withdrawal-hash': 'b'.repeat(64),
        ...headers,
      },
      body: body as BodyInit,
    });

  it('serves the health check and the study file byte for byte', async () => {
    const h = await fetch(`${ctx.server.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ ok: true, database: ctx.store.kind });
    const s = await fetch(`${ctx.server.url}/study.json`);
    expect(await s.text()).toBe(STUDY_JSON);
  });

  it('stores a donation once: 201 with a receipt, the same receipt (200) on a replayed key, decryptable as sent', async () => {
    const before = await ctx.store.count();
    const plaintext = samplePayload(STUDY_ID);
    const ciphertext = await encrypt(key.recipient, plaintext);
    const secret = newWithdrawalSecret();
    const req = { collector: ctx.server.url, studyId: STUDY_ID, idempotencyKey: newIdempotencyKey(), withdrawalHash: await withdrawalHash(secret), ciphertext };
    const first = await sendDonation(fetch, req);
    const again = await sendDonation(fetch, req);
    expect(first.ok && first.status).toBe(201);
    expect(again.ok && again.status).toBe(200);
    if (!first.ok || !again.ok) throw new Error('not sent');
    expect(again.receipt).toEqual(first.receipt);
    expect(await ctx.store.count()).toEqual({ current: before.current + 1, withdrawn: before.withdrawn });
    const stored = await ctx.store.ciphertext(first.receipt.donationId);
    expect(Buffer.from(stored!).equals(Buffer.from(ciphertext))).toBe(true);
    expect(new TextDecoder().decode(await decrypt(key.identity, stored!))).toBe(plaintext);
    // Concurrent retries of one key still make one donation.
    const req2 = { ...req, idempotencyKey: newIdempotencyKey() };
    const many = await Promise.all(Array.from({ length: 8 }, () => sendDonation(fetch, req2)));
    expect(many.every((m) => m.ok)).toBe(true);
    expect(new Set(many.map((m) => (m.ok ? m.receipt.donationId : '')))).toHaveProperty('size', 1);
    expect(many.filter((m) => m.ok && m.status === 201)).toHaveLength(1);
    expect((await ctx.store.count()).current).toBe(before.current + 2);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await ctx.store.list();
    const age = await encrypt(key.recipient, 'x');
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ['oversized', () => post(new Uint8Array(70 * 1024).fill(65).map((b, i) => (i < 22 ? 'age-encryption.org/v1\n'.charCodeAt(i) : b))), 413, /too large/],
      ['not age', () => post('{"plain":"json"}'), 400, /not an age file/],
      ['empty', () => post(''), 400, /not an age file/],
      ['wrong content type', () => post(age, { 'content-type': 'application/json' }), 415, /octet-stream/],
      ['unknown study', () => post(age, { 'x-coevo-study': 'someone-else' }), 404, /unknown study/],
      ['bad idempotency key', () => post(age, { 'idempotency-key': 'not-hex' }), 400, /Idempotency-Key/],
      ['bad withdrawal hash', () => post(age, { 'x-coevo-withdrawal-hash': 'short' }), 400, /Withdrawal-Hash/],
      ['GET on /donations', () => fetch(`${ctx.server.url}/donations`), 405, /POST/],
      ['admin without token', () => fetch(`${ctx.server.url}/admin/donations`), 401, /Bearer/],
      ['admin with a wrong token', () => fetch(`${ctx.server.url}/admin/export`, { headers: { authorization: 'Bearer nope' } }), 401, /Bearer/],
    ];
    for (const [name, call, status, msg] of cases) {
      const res = await call();
      expect(res.status, name).toBe(status);
      expect(((await res.json()) as { error: string }).error, name).toMatch(msg);
    }
    // A reused key with another body is a conflict, not a second donation and not an overwrite.
    const k = newIdempotencyKey();
    const ok = await post(age, { 'idempotency-key': k });
    expect(ok.status).toBe(201);
    const clash = await post(await encrypt(key.recipient, 'y'), { 'idempotency-key': k });
    expect(clash.status).toBe(409);
    const after = await ctx.store.list();
    expect(after.length).toBe(before.length + 1);
    expect(after.find((d) => !before.some((b) => b.donationId === d.donationId))!.size).toBe(age.length);
  });

  it('limits donation requests per client (429 with Retry-After)', async () => {
    const age = await encrypt(key.recipient, 'x');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(age, {}, ctx.limited.url)).status);
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    const res = await post(age, {}, ctx.limited.url);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('withdraws with the secret only (403 otherwise), deleting the ciphertext and keeping a tombstone', async () => {
    const secret = newWithdrawalSecret();
    const sent = await sendDonation(fetch, {
      collector: ctx.server.url,
      studyId: STUDY_ID,
      idempotencyKey: newIdempotencyKey(),
      withdrawalHash: await withdrawalHash(secret),
      ciphertext: await encrypt(key.recipient, samplePayload(STUDY_ID)),
    });
    if (!sent.ok) throw new Error(sent.error);
    const id = sent.receipt.donationId;
    const wrong = await withdrawDonation(fetch, ctx.server.url, id, newWithdrawalSecret());
    expect(wrong).toMatchObject({ ok: false, status: 403 });
    expect(await ctx.store.ciphertext(id)).not.toBeNull();
    const unknown = await withdrawDonation(fetch, ctx.server.url, '00000000-0000-4000-8000-000000000000', secret);
    expect(unknown).toMatchObject({ ok: false, status: 404 });
    expect(await withdrawDonation(fetch, ctx.server.url, id, secret)).toEqual({ ok: true });
    expect(await ctx.store.ciphertext(id)).toBeNull();
    const tomb = (await ctx.store.list()).find((d) => d.donationId === id)!;
    expect(tomb.withdrawnAt).not.toBeNull();
    expect(tomb.sha256).toBe(sent.receipt.sha256);
    // Withdrawing again is confirmed again; replaying the original upload does not bring it back.
    expect(await withdrawDonation(fetch, ctx.server.url, id, secret)).toEqual({ ok: true });
    const admin = await fetch(`${ctx.server.url}/admin/export`, { headers: { authorization: 'Bearer admintoken' } });
    const rows = (await admin.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { donationId: string; ciphertext: string | null });
    expect(rows.find((r) => r.donationId === id)!.ciphertext).toBeNull();
  });

  it('answers CORS preflights for extension origins only', async () => {
    const pre = (origin: string) => fetch(`${ctx.server.url}/donations`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ext = await pre('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.status).toBe(204);
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-headers')).toContain('x-coevo-withdrawal-hash');
    const web = await pre('https://evil.example');
    expect(web.headers.get('access-control-allow-origin')).toBeNull();
  });
});

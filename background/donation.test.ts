/**
 * The donation outbox against the real collector (collector/, embedded PostgreSQL) with faults switched on: dropped
 * connections, an answer lost after the commit, a refusal, two senders at once, withdrawal, and upload progress.
 */
import Dexie from 'dexie';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../collector/testing';
import { openStore } from '../collector/store';
import { decrypt, encrypt, generateStudyKey } from '../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, sha256, withdrawalHash } from '../donation/protocol';
import { CoevoDB } from '../storage/db';
import { listDonations, queueDonation, type DonationRow } from '../storage/donations';
import { MAX_ATTEMPTS, processOutbox, withdraw, withdrawAll } from './donation';

const key = await generateStudyKey();
let collector: TestCollector;
let dir: string;
let db: CoevoDB;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coevo-outbox-'));
  const store = await openStore(join(dir, 'db'));
  collector = await startTestCollector({ store, studyJson: '{}', studyId: 'pilot', ratePerMinute: 0 });
}, 120_000);
afterAll(async () => {
  await collector.close();
  await collector.store.close();
  rmSync(dir, { recursive: true, force: true });
});
const count = async () => (await collector.current()).size;
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function row(text: string, over: Partial<DonationRow> = {}): Promise<DonationRow> {
  const ct = await encrypt(key.recipient, text);
  const secret = newWithdrawalSecret();
  return {
    id: `d${++n}`,
    studyId: 'pilot',
    studySha256: 'f'.repeat(64),
    studyTitle: 'Pilot',
    collector: collector.url,
    level: 'summary',
    createdAt: n,
    ciphertext: ct,
    sha256: await sha256(ct),
    bytes: ct.length,
    idempotencyKey: newIdempotencyKey(),
    withdrawalSecret: secret,
    withdrawalHash: await withdrawalHash(secret),
    status: 'queued',
    attempts: 0,
    nextAttemptAt: 0,
    review: { rows: 1, removedRows: 0, conversations: 1, redaction: { email: 0, phone: 0, url: 0, ip: 0, card: 0, iban: 0, term: 0 } },
    ...over,
  };
}

function deps(clock: { t: number }, scheduled: (number | null)[] = []) {
  return {
    db,
    fetch: (u: string, i: RequestInit) => fetch(u, i),
    now: () => clock.t,
    schedule: (w: number | null) => void scheduled.push(w),
    random: () => 0.5,
  };
}

describe('donation outbox', () => {
  it('sends, keeps the receipt, and the collector holds exactly the ciphertext', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row('{"hello":1}');
    await queueDonation(db, r);
    const clock = { t: 1000 };
    const scheduled: (number | null)[] = [];
    expect(await processOutbox(deps(clock, scheduled))).toEqual({ sent: [r.id], retrying: [], failed: [] });
    const [stored] = await listDonations(db);
    expect(stored.status).toBe('sent');
    expect(stored.receipt!.sha256).toBe(r.sha256);
    const at = (await collector.store.ciphertext(stored.receipt!.donationId))!;
    expect(new TextDecoder().decode(await decrypt(key.identity, at))).toBe('{"hello":1}');
    expect(scheduled).toEqual([null]);
  });

  it('retries with backoff after the collector drops the connection, with the same key, and stores one donation', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row('{"retry":1}');
    await queueDonation(db, r);
    const before = await count();
    collector.dropNext(2);
    const clock = { t: 10_000 };
    const scheduled: (number | null)[] = [];
    expect((await processOutbox(deps(clock, scheduled))).retrying).toEqual([r.id]);
    expect(scheduled.at(-1)).toBe(15_000);
    // Not due yet: nothing is sent.
    expect(await processOutbox(deps({ t: 12_000 }))).toEqual({ sent: [], retrying: [], failed: [] });
    clock.t = 15_000;
    expect((await processOutbox(deps(clock, scheduled))).retrying).toEqual([r.id]);
    expect(scheduled.at(-1)).toBe(25_000);
    clock.t = 25_000;
    expect((await processOutbox(deps(clock))).sent).toEqual([r.id]);
    expect(await count()).toBe(before + 1);
    expect((await db.donations.get(r.id))!.attempts).toBe(3);
  });

  it('an answer lost after the collector stored it: the retry gets the same receipt (200), no second donation', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row('{"lost":1}');
    await queueDonation(db, r);
    const before = await count();
    collector.loseAnswerNext(1);
    const clock = { t: 0 };
    expect((await processOutbox(deps(clock))).retrying).toEqual([r.id]);
    expect(await count()).toBe(before + 1);
    clock.t = 60_000;
    expect((await processOutbox(deps(clock))).sent).toEqual([r.id]);
    expect(await count()).toBe(before + 1);
    expect(collector.requests.at(-1)).toMatchObject({ method: 'POST', status: 200 });
  });

  it('a refusal (4xx) fails at once; too many network failures stop retrying', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const wrongStudy = await row('{"x":1}', { studyId: 'other' });
    await queueDonation(db, wrongStudy);
    expect((await processOutbox(deps({ t: 0 }))).failed).toEqual([wrongStudy.id]);
    expect((await db.donations.get(wrongStudy.id))!.lastError).toMatch(/404: unknown study/);
    const last = await row('{"y":1}', { attempts: MAX_ATTEMPTS - 1, collector: 'http://127.0.0.1:1' });
    await queueDonation(db, last);
    expect((await processOutbox(deps({ t: 0 }))).failed).toEqual([last.id]);
  });

  it('two senders at once (page and service worker) make one attempt', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row('{"race":1}');
    await queueDonation(db, r);
    const before = collector.requests.length;
    const [a, b] = await Promise.all([processOutbox(deps({ t: 0 })), processOutbox(deps({ t: 0 }))]);
    expect([...a.sent, ...b.sent]).toEqual([r.id]);
    expect(collector.requests.length - before).toBe(1);
  });

  it('withdraws one and all: gone at the collector, marked on the device', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const rows = [await row('{"w":1}'), await row('{"w":2}'), await row('{"w":3}')];
    for (const r of rows) await queueDonation(db, r);
    await processOutbox(deps({ t: 0 }));
    const ids = (await listDonations(db)).map((d) => d.receipt!.donationId);
    const current = await collector.current();
    expect(ids.every((id) => current.has(id))).toBe(true);
    expect(await withdraw(deps({ t: 1 }), rows[0].id)).toEqual({ id: rows[0].id, ok: true });
    expect((await collector.current()).has((await db.donations.get(rows[0].id))!.receipt!.donationId)).toBe(false);
    // A wrong secret is refused and nothing changes.
    await db.donations.update(rows[1].id, { withdrawalSecret: newWithdrawalSecret() });
    expect(await withdraw(deps({ t: 1 }), rows[1].id)).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
    expect((await db.donations.get(rows[1].id))!.status).toBe('sent');
    const all = await withdrawAll(deps({ t: 2 }));
    expect(all.map((x) => x.ok)).toEqual(expect.arrayContaining([false, true]));
    expect((await db.donations.get(rows[2].id))!.status).toBe('withdrawn');
    expect((await collector.store.list()).filter((d) => ids.includes(d.donationId) && d.withdrawnAt).length).toBe(2);
  });

  it('withdrawing a donation that never left takes it out of the outbox without a request', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row('{"q":1}', { nextAttemptAt: 10 ** 15 });
    await queueDonation(db, r);
    const before = collector.requests.length;
    expect(await withdraw(deps({ t: 0 }), r.id)).toEqual({ id: r.id, ok: true });
    expect((await db.donations.get(r.id))!.status).toBe('withdrawn');
    expect(collector.requests.length).toBe(before);
  });

  it('reports upload progress per donation: from 0 to the ciphertext size, never backwards, the last at the total', async () => {
    db = new CoevoDB(`outbox-${n}`);
    const r = await row(JSON.stringify({ big: 'x'.repeat(300_000) }));
    await queueDonation(db, r);
    const events: [string, number, number][] = [];
    // A transport that reports the body leaving in 64 KB steps, then sends it for real.
    const stepped = async (u: string, i: RequestInit, p?: (sent: number, total: number) => void) => {
      const total = (i.body as Uint8Array).byteLength;
      for (let sent = 0; sent < total; sent += 65_536) p?.(sent, total);
      return fetch(u, i);
    };
    const out = await processOutbox({ ...deps({ t: 0 }), fetch: stepped, progress: (id, sent, total) => void events.push([id, sent, total]) });
    expect(out.sent).toEqual([r.id]);
    expect(events.every(([id, , total]) => id === r.id && total === r.bytes)).toBe(true);
    expect(events[0]![1]).toBe(0);
    expect(events.at(-1)![1]).toBe(r.bytes);
    expect(events.length).toBeGreaterThan(4);
    for (let i = 1; i < events.length; i++) expect(events[i]![1]).toBeGreaterThanOrEqual(events[i - 1]![1]);
  });
});

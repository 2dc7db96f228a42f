/**
 * The extension's outbox against the real collector (collector/, embedded PostgreSQL): what the Donate view does after
 * Send — encrypt, queue, send with the donation's idempotency key, check the receipt, withdraw — lands as one donation
 * whose stored ciphertext Debian's `age` decrypts to the reviewed payload, and withdrawal leaves a tombstone.
 */
import Dexie from 'dexie';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConversation } from '../analysis/testing';
import { startCollector, type RunningCollector } from '../collector/server';
import { openStore, type Store } from '../collector/store';
import { generateStudyKey, identityFile } from '../donation/encrypt';
import { parseStudy } from '../donation/study';
import { makeStudy } from '../donation/testing';
import { encryptDonation, joinStudy, prepareDonation, queueEncrypted } from '../entrypoints/dashboard/views/DonateFlow';
import { CoevoDB } from '../storage/db';
import { processOutbox, withdraw } from './donation';

let dir: string;
let store: Store;
let server: RunningCollector;
let db: CoevoDB;
const key = await generateStudyKey();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coevo-outbox-collector-'));
  store = await openStore(join(dir, 'db'));
  const studyJson = JSON.stringify(makeStudy(key.recipient, { id: 'interop', collector: 'http://127.0.0.1:1' }));
  server = await startCollector({ store, studyJson, studyId: 'interop', ratePerMinute: 0 });
  db = new CoevoDB('outbox-collector');
}, 120_000);

afterAll(async () => {
  db?.close();
  await Dexie.delete('outbox-collector');
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox → real collector', () => {
  it('sends one donation (a retry replays the same receipt), age decrypts it to the reviewed payload, withdrawal works', async () => {
    const c = makeConversation('i1', [
      ['user', 'I am Ann at Acme, ann@acme.example'],
      ['assistant', 'Hello.'],
    ]);
    const { messages, ...conv } = c;
    await db.conversations.put(conv);
    await db.messages.bulkPut(messages);
    const parsed = await parseStudy(JSON.stringify(makeStudy(key.recipient, { id: 'interop', collector: server.url })));
    const study = await joinStudy(db, parsed, { kind: 'url', url: `${server.url}/study.json` });
    const built = await prepareDonation(db, study, { level: 'conversations', selection: {}, terms: ['Ann', 'Acme'], removed: [], minConfidence: 0.7 }, '0.1.0');
    const row = await queueEncrypted(db, study, built, await encryptDonation(study, built), ['Ann', 'Acme']);
    const deps = { db, fetch: (u: string, i: RequestInit) => fetch(u, i) };

    expect((await processOutbox(deps)).sent).toEqual([row.id]);
    const sent = (await db.donations.get(row.id))!;
    expect(sent.receipt!.sha256).toBe(sent.sha256);

    // The answer "lost": the same row sent again with its key gets the same receipt, and no second donation.
    await db.donations.update(row.id, { status: 'queued', nextAttemptAt: 0 });
    expect((await processOutbox(deps)).sent).toEqual([row.id]);
    expect((await db.donations.get(row.id))!.receipt).toEqual(sent.receipt);
    expect(await store.count()).toEqual({ current: 1, withdrawn: 0 });

    const ct = await store.ciphertext(sent.receipt!.donationId);
    const file = join(dir, 'd.age');
    writeFileSync(file, ct!);
    const idFile = join(dir, 'identity.txt');
    writeFileSync(idFile, identityFile(key.identity, key.recipient), { mode: 0o600 });
    expect(execFileSync('age', ['-d', '-i', idFile, file]).toString('utf8')).toBe(built.json);

    expect(await withdraw(deps, row.id)).toEqual({ id: row.id, ok: true });
    expect(await store.count()).toEqual({ current: 0, withdrawn: 1 });
    expect(await store.ciphertext(sent.receipt!.donationId)).toBeNull();
  }, 120_000);
});

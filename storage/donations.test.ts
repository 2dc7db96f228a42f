import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { parseStudy } from '../donation/study';
import { sha256 } from '../donation/protocol';
import { CoevoDB, CURRENT_SCHEMA_VERSION } from './db';
import { claim, getTerms, listDonations, listStudies, nextDue, setTerms, type DonationRow } from './donations';

const example = JSON.parse(readFileSync(join(__dirname, 'examples/v4.json'), 'utf8'));

describe('donation tables (schema v4)', () => {
  it('the frozen v4 example upgrades to the current version intact', async () => {
    const name = 'donations-v4';
    const old = new CoevoDB(name, 4);
    await old.open();
    const t = example.tables;
    await old.studies.bulkPut(t.studies);
    await old.donations.bulkPut(
      t.donations.map((d: DonationRow & { ciphertext: string }) => ({ ...d, ciphertext: new Uint8Array(Buffer.from(d.ciphertext, 'base64')) })),
    );
    old.close();
    const db = new CoevoDB(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const [s] = await listStudies(db);
    // The stored study file still parses, and its hash is the consent's.
    expect((await parseStudy(s.text)).sha256).toBe(s.sha256);
    const [d] = await listDonations(db);
    expect(d.ciphertext).toBeInstanceOf(Uint8Array);
    expect(await sha256(d.ciphertext)).toBe(d.sha256);
    expect(d.receipt!.sha256).toBe(d.sha256);
    db.close();
    await Dexie.delete(name);
  });

  it('a v3 database gains empty donation tables', async () => {
    const name = 'donations-from-v3';
    const old = new CoevoDB(name, 3);
    await old.open();
    old.close();
    const db = new CoevoDB(name);
    await db.open();
    expect(await db.donations.count()).toBe(0);
    expect(await db.studies.count()).toBe(0);
    db.close();
    await Dexie.delete(name);
  });

  it("remembers the person's terms, and a lease keeps a donation to one sender", async () => {
    const db = new CoevoDB('donations-lease');
    await setTerms(db, ['Ann', 'Acme']);
    expect(await getTerms(db)).toEqual(['Ann', 'Acme']);
    const d = { ...example.tables.donations[0], id: 'x', status: 'queued', nextAttemptAt: 100, ciphertext: new Uint8Array([1]) } as DonationRow;
    await db.donations.add(d);
    expect(await nextDue(db)).toBe(100);
    expect(await claim(db, 'x', 50, 1000)).toBeNull(); // not due yet
    const c = await claim(db, 'x', 100, 1000);
    expect(c?.status).toBe('sending');
    expect(await claim(db, 'x', 200, 1000)).toBeNull(); // held
    expect(await claim(db, 'x', 1100, 1000)).not.toBeNull(); // the lease ran out (a stopped worker): taken again
    db.close();
    await Dexie.delete('donations-lease');
  });
});

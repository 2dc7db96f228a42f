// The student's side of a class session, without a browser: what the Classroom view does on each click.
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeConversation } from '../../../analysis/testing';
import { processOutbox, withdraw } from '../../../background/donation';
import { classCode } from '../../../donation/classroom';
import { decrypt, generateStudyKey } from '../../../donation/encrypt';
import { StudyError } from '../../../donation/study';
import { makeStudy } from '../../../donation/testing';
import { donationProblems } from '../../../model/donation';
import { DEFAULT_SEED } from '../../../sample/generate';
import { CoevoDB } from '../../../storage/db';
import { getTerms, setTerms } from '../../../storage/donations';
import { startMiniCollector, type MiniCollector } from '../../../tests/e2e/mini-collector';
import {
  classAddress,
  classContributions,
  classStudyUrl,
  fetchClass,
  figureTable,
  listClasses,
  newSampleSeed,
  prepareClassDonation,
  sampleSeed,
  SAMPLE_SEED_KEY,
} from './ClassroomFlow';
import { encryptDonation, joinStudy, queueEncrypted } from './DonateFlow';

const key = await generateStudyKey();
const NOW = Date.UTC(2026, 11, 2, 10);
let db: CoevoDB;
let collector: MiniCollector;

const classFile = (collectorUrl: string, over = {}) =>
  JSON.stringify(
    makeStudy(key.recipient, {
      id: 'class-7b',
      kind: 'classroom',
      title: 'Class 7b: you and your assistant',
      levels: ['summary'],
      collector: collectorUrl,
      ...over,
    }),
  );
const serve = (text: string, seen: { url?: string; init?: RequestInit } = {}) =>
  (async (u: string, i: RequestInit) => ((seen.url = u), (seen.init = i), new Response(text))) as unknown as typeof fetch;

beforeAll(async () => {
  collector = await startMiniCollector({ studyId: 'class-7b' });
  collector.setStudy(classFile(collector.url));
});
afterAll(async () => {
  await collector?.close();
});
afterEach(async () => {
  db?.close();
  if (db) await Dexie.delete(db.name);
});

describe('class address', () => {
  it('reads a class code (forgiving case, spaces, O/0 and I/1) as the teacher laptop address', () => {
    const code = classCode('http://192.168.1.20:8787');
    expect(classAddress(code)).toBe('http://192.168.1.20:8787');
    expect(classAddress(` ${code.toLowerCase().replace('-', ' ')} `)).toBe('http://192.168.1.20:8787');
    expect(classAddress(classCode('http://127.0.0.1:41234'))).toBe('http://127.0.0.1:41234');
  });

  it('reads an address, with or without http://, and keeps only its origin', () => {
    expect(classAddress('192.168.1.20:8787')).toBe('http://192.168.1.20:8787');
    expect(classAddress('http://10.0.0.5:9000/study.json')).toBe('http://10.0.0.5:9000');
    expect(classAddress('https://class.example.org/')).toBe('https://class.example.org');
    expect(classStudyUrl('http://10.0.0.5:9000')).toBe('http://10.0.0.5:9000/study.json');
  });

  it.each([
    ['', /class code/],
    ['http://example.org', /needs https/],
    ['8.8.8.8:80', /needs https/],
    ['ftp://192.168.1.2', /http\(s\)/],
    ['http://u:p@192.168.1.2:80', /user name/],
    ['not a code!', /neither a class code/],
  ])('refuses %j', (input, why) => {
    expect(() => classAddress(input)).toThrow(StudyError);
    expect(() => classAddress(input)).toThrow(why);
  });
});

describe('fetching the class', () => {
  it('fetches study.json at that address only, without cookies or redirects', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const parsed = await fetchClass('http://192.168.1.20:8787', serve(classFile('http://192.168.1.20:8787'), seen));
    expect(parsed.study).toMatchObject({ kind: 'classroom', levels: ['summary'], title: 'Class 7b: you and your assistant' });
    expect(seen.url).toBe('http://192.168.1.20:8787/study.json');
    expect(seen.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
  });

  it('refuses a research study, a class without the summary, and a class that sends elsewhere', async () => {
    const at = 'http://127.0.0.1:8787';
    await expect(fetchClass(at, serve(classFile(at, { kind: 'study' })))).rejects.toThrow(/not a class/);
    await expect(fetchClass(at, serve(classFile(at, { levels: ['tags'] })))).rejects.toThrow(/summary/);
    await expect(fetchClass(at, serve(classFile('https://elsewhere.example.org')))).rejects.toThrow(/sends contributions to https:\/\/elsewhere/);
  });
});

describe("the student's own sample student", () => {
  it('is seeded once per install, never Sam, and can be drawn again', async () => {
    db = new CoevoDB('class-seed');
    let draws = [DEFAULT_SEED, 0, 4242];
    const s1 = await sampleSeed(db, () => draws.shift()!);
    expect(s1).not.toBe(DEFAULT_SEED);
    expect(Number.isInteger(s1) && s1 > 0).toBe(true);
    expect(await sampleSeed(db)).toBe(s1);
    expect((await db.settings.get(SAMPLE_SEED_KEY))?.value).toBe(s1);
    draws = [777];
    expect(await newSampleSeed(db, () => draws.shift()!)).toBe(777);
    expect(await sampleSeed(db)).toBe(777);
  });
});

describe('the contribution', () => {
  it('from a sample student: summary only, marked sample, valid, different per student; the table shows exactly its numbers', async () => {
    db = new CoevoDB('class-sample');
    const study = await joinStudy(db, await fetchClass(collector.url), { kind: 'url', url: classStudyUrl(collector.url) }, NOW - 1_000);
    const a = await prepareClassDonation(db, study, { source: { kind: 'sample', seed: 11 }, removed: [], minConfidence: 0.7 }, '0.1.0', NOW);
    const b = await prepareClassDonation(db, study, { source: { kind: 'sample', seed: 12 }, removed: [], minConfidence: 0.7 }, '0.1.0', NOW);
    expect(donationProblems(a.payload)).toEqual([]);
    expect(a.payload).toMatchObject({ level: 'summary', sample: true, studyId: 'class-7b', consent: { studySha256: study.sha256 } });
    expect(a.payload.conversations).toBeUndefined();
    expect(a.payload.tags).toBeUndefined();
    expect(a.json).not.toMatch(/"content"|"text"|sample-/);
    expect(a.payload.summary!.totals.userMessages).not.toBe(b.payload.summary!.totals.userMessages);

    // Every number of the readable table is one of the payload's figures, and every figure row is in the table.
    const table = figureTable(a.payload.summary!);
    const cells = table.lines.flatMap((l) => l.values.filter((v) => v != null));
    expect(cells.length).toBe(a.rows.filter((r) => r.kind === 'figure' && !r.removed).length);
    const pushback = table.lines.find((l) => l.series === 'tagRates.user-pushback' && l.site === 'all');
    const sent = a.payload.summary!.tagRates['user-pushback'].filter((p) => p.site === 'all');
    expect(pushback?.values.filter((v) => v != null)).toEqual(sent.map((p) => p.value));
    expect(table.periods).toEqual([...table.periods].sort());
    expect(table.totals.find((x) => x.series === 'totals.userMessages')?.value).toBe(a.payload.summary!.totals.userMessages);

    // A figure the student takes out in review is not sent.
    const row = a.rows.find((r) => r.kind === 'figure')!;
    const c = await prepareClassDonation(db, study, { source: { kind: 'sample', seed: 11 }, removed: [row.key], minConfidence: 0.7 }, '0.1.0', NOW);
    expect(c.payload.scope?.removedRows).toBe(1);
    expect(c.rows.find((r) => r.key === row.key)?.removed).toBe(true);
  });

  it("from the student's own chats: not marked sample; sent encrypted through the outbox, then withdrawn when they leave", async () => {
    db = new CoevoDB('class-own');
    const conv = makeConversation(
      'own-1',
      [
        ['user', 'No, that is wrong: Canberra is the capital.'],
        ['assistant', 'You are right, it is Canberra.'],
      ],
      { site: 'chatgpt', start: NOW - 40 * 86_400_000 },
    );
    const { messages, ...row } = conv;
    await db.conversations.put(row);
    await db.messages.bulkPut(messages);
    await setTerms(db, ['Ann']);
    const study = await joinStudy(db, await fetchClass(collector.url), { kind: 'url', url: classStudyUrl(collector.url) });
    expect((await listClasses(db)).map((s) => s.id)).toEqual(['class-7b']);
    const built = await prepareClassDonation(db, study, { source: { kind: 'own' }, removed: [], minConfidence: 0.7 }, '0.1.0', NOW);
    expect(built.payload.sample).toBeUndefined();
    expect(built.payload.summary!.totals.userMessages).toBe(1);
    expect(built.json).not.toContain('Canberra');

    const queued = await queueEncrypted(db, study, built, await encryptDonation(study, built), await getTerms(db));
    const deps = { db, fetch: (u: string, i: RequestInit) => fetch(u, i) };
    expect((await processOutbox(deps)).sent).toEqual([queued.id]);
    const done = (await classContributions(db, 'class-7b'))[0]!;
    expect(done.status).toBe('sent');
    const stored = collector.donations.get(done.receipt!.donationId)!;
    expect(new TextDecoder().decode(await decrypt(key.identity, new Uint8Array(stored.ciphertext)))).toBe(built.json);
    expect(await getTerms(db)).toEqual(['Ann']); // the remembered terms are kept

    expect(await withdraw(deps, done.id)).toEqual({ id: done.id, ok: true });
    expect(collector.donations.has(done.receipt!.donationId)).toBe(false);
    expect((await classContributions(db, 'class-7b'))[0]!.status).toBe('withdrawn');
  });
});

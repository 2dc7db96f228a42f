import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConversation } from '../../../analysis/testing';
import { decrypt, generateStudyKey } from '../../../donation/encrypt';
import { parseStudy, StudyError } from '../../../donation/study';
import { makeStudy } from '../../../donation/testing';
import { donationProblems } from '../../../model/donation';
import { CoevoDB } from '../../../storage/db';
import { getTerms, listDonations } from '../../../storage/donations';
import { setVerdict } from '../../../storage/verdicts';
import type { Tag } from '../../../model/tags';
import { donationFileName, encryptDonation, fetchStudy, joinStudy, originPattern, prepareDonation, queueEncrypted, studyFileUrl } from './DonateFlow';

const key = await generateStudyKey();
const text = JSON.stringify(makeStudy(key.recipient, { levels: ['summary', 'conversations'] }));
let db: CoevoDB;
afterEach(async () => {
  db?.close();
  if (db) await Dexie.delete(db.name);
});

describe('Donate flow (page side)', () => {
  it('finds the study file behind a pasted URL', () => {
    expect(studyFileUrl('https://c.example.org/pilot')).toBe('https://c.example.org/pilot/study.json');
    expect(studyFileUrl(' https://c.example.org/ ')).toBe('https://c.example.org/study.json');
    expect(studyFileUrl('https://c.example.org/files/s.json')).toBe('https://c.example.org/files/s.json');
    expect(() => studyFileUrl('ftp://c.example.org')).toThrow(StudyError);
    expect(originPattern('http://127.0.0.1:8787/study.json')).toBe('http://127.0.0.1:8787/*');
  });

  it('fetches without cookies and refuses an error answer', async () => {
    let init: RequestInit | undefined;
    const ok = await fetchStudy('https://c.example.org/study.json', (async (_u: string, i: RequestInit) => ((init = i), new Response(text))) as typeof fetch);
    expect(ok.study.id).toBe('coevo-pilot-2026');
    expect(init).toMatchObject({ credentials: 'omit', redirect: 'error' });
    await expect(fetchStudy('https://c.example.org/study.json', (async () => new Response('no', { status: 404 })) as typeof fetch)).rejects.toThrow(/404/);
  });

  it('records consent, builds from the store, encrypts and queues; remembers terms', async () => {
    db = new CoevoDB('donate-flow');
    const c = makeConversation('x1', [
      ['user', 'I am Ann, mail ann@x.example'],
      ['assistant', 'Hello Ann.'],
    ]);
    const { messages, ...conv } = c;
    await db.conversations.put(conv);
    await db.messages.bulkPut(messages);
    const study = await joinStudy(db, await parseStudy(text), { kind: 'file', name: 'study.json' }, 1_000);
    expect(study.consent).toEqual({ version: '1.0', at: 1_000 });
    await expect(prepareDonation(db, study, { level: 'tags', selection: {}, terms: [], removed: [], minConfidence: 0.7 }, '0.1.0')).rejects.toThrow(
      /does not ask/,
    );
    const built = await prepareDonation(db, study, { level: 'conversations', selection: {}, terms: ['Ann'], removed: [], minConfidence: 0.7 }, '0.1.0');
    expect(donationProblems(built.payload)).toEqual([]);
    expect(built.payload.consent.studySha256).toBe(study.sha256);
    expect(built.json).not.toContain('ann@x');
    const ct = await encryptDonation(study, built);
    const row = await queueEncrypted(db, study, built, ct, ['Ann'], 2_000);
    expect(new TextDecoder().decode(await decrypt(key.identity, row.ciphertext))).toBe(built.json);
    expect(row).toMatchObject({
      status: 'queued',
      studyId: study.id,
      collector: 'http://127.0.0.1:8787',
      review: { rows: 2, removedRows: 0, conversations: 1 },
    });
    expect(row.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    expect(row.withdrawalSecret).toMatch(/^[0-9a-f]{64}$/);
    expect((await listDonations(db)).map((d) => d.id)).toEqual([row.id]);
    expect(await getTerms(db)).toEqual(['Ann']);
    expect(donationFileName('pilot', Date.UTC(2026, 11, 2, 13, 5, 9))).toBe('coevo-donation-pilot-2026-12-02-13-05-09.age');
  });

  it("a tags donation carries the person's verdicts from the verdicts table, disputed tags included and marked", async () => {
    db = new CoevoDB('donate-flow-verdicts');
    const c = makeConversation('v1', [
      ['user', 'Write it for me.'],
      ['assistant', 'Here it is.'],
      ['user', 'No, that is wrong.'],
      ['assistant', 'You are right, sorry.'],
    ]);
    const { messages, ...conv } = c;
    await db.conversations.put(conv);
    await db.messages.bulkPut(messages);
    const tag = (id: string, type: Tag['type'], index: number): Tag => ({
      id,
      type,
      conversationId: c.id,
      messages: [{ index, id: c.messages[index]!.id }],
      direction: 'user→assistant',
      confidence: 0.9,
      explanation: `${type} here`,
      time: c.messages[index]!.time!,
      site: c.site,
      version: 4,
    });
    await db.tags.bulkPut([
      tag('t-yes', 'delegation', 0),
      tag('t-no', 'user-pushback', 2),
      tag('t-unsure', 'assistant-capitulation', 3),
      tag('t-none', 'user-pushback', 2),
    ]);
    const tagsStudy = await joinStudy(db, await parseStudy(JSON.stringify(makeStudy(key.recipient, { levels: ['tags'] }))), {
      kind: 'file',
      name: 'study.json',
    });
    await setVerdict(db, { id: 't-yes', type: 'delegation', conversationId: c.id }, 'yes');
    await setVerdict(db, { id: 't-no', type: 'user-pushback', conversationId: c.id }, 'no');
    await setVerdict(db, { id: 't-unsure', type: 'assistant-capitulation', conversationId: c.id }, 'unsure');
    const built = await prepareDonation(db, tagsStudy, { level: 'tags', selection: {}, terms: [], removed: [], minConfidence: 0.7 }, '0.1.0');
    expect(donationProblems(built.payload)).toEqual([]);
    const byType = built.payload.tags!.map((t) => `${t.type}:${t.verdict}`).sort();
    expect(byType).toEqual(['assistant-capitulation:unsure', 'delegation:yes', 'user-pushback:no', 'user-pushback:null']);
    expect(built.rows.find((r) => r.key === 't-no')!.verdict).toBe('no');
  });
});

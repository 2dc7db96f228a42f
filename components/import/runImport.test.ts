// The import driver against a real (in-memory) IndexedDB: files land whole or not at all, re-imports do
// not duplicate, cancel leaves the store unchanged for the file in progress.
import { afterEach, describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { CoevoDB } from '../../storage/db';
import { bytesSource, fixtureBytes } from '../../importers/fixtures/load';
import { buildChatGPTZip } from '../../importers/fixtures/make-zip';
import { applyRetention } from '../../storage/retention';
import { getSettings, updateSettings } from '../../storage/settings';
import { runImport, type OlderQuestion, type RunProgress } from './runImport';

let n = 0;
const dbs: CoevoDB[] = [];
function freshDb() {
  const db = new CoevoDB(`import-test-${Date.now()}-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const counts = async (db: CoevoDB) => ({ conversations: await db.conversations.count(), messages: await db.messages.count() });

describe('runImport', () => {
  it('imports a .zip and several files, with progress, and stores the counts the importers produced', async () => {
    const db = freshDb();
    const seen: RunProgress[] = [];
    const results = await runImport(
      [bytesSource('chatgpt-export.zip', buildChatGPTZip(), 512), bytesSource('conversations.json', fixtureBytes('claude/conversations-2025.json'))],
      { db, onProgress: (p) => seen.push(p) },
    );
    const imported = results.filter((r) => r.status === 'imported');
    expect(imported.map((r) => [r.file, r.format, r.summary.conversations, r.summary.messages])).toEqual([
      ['chatgpt-export.zip/conversations.json', 'chatgpt-json', 2, 10],
      ['conversations.json', 'claude-json', 1, 3],
    ]);
    expect(results.filter((r) => r.status === 'not-read').length).toBe(3);
    expect(await counts(db)).toEqual({ conversations: 3, messages: 13 });
    expect(imported[0].messagesAdded).toBe(10);
    const last = seen[seen.length - 1];
    expect(last.totalBytes).toBe(buildChatGPTZip().length + fixtureBytes('claude/conversations-2025.json').length);
    expect(last.bytesRead).toBe(last.totalBytes);
    expect(seen.some((p) => p.phase === 'saving')).toBe(true);
  });

  it('re-importing the same export adds nothing', async () => {
    const db = freshDb();
    const src = () => bytesSource('prod-grok-backend.json', fixtureBytes('grok/prod-grok-backend.json'));
    await runImport([src()], { db });
    const first = await counts(db);
    const [again] = await runImport([src()], { db });
    expect(again.status).toBe('imported');
    expect(again.messagesAdded).toBe(0);
    expect(await counts(db)).toEqual(first);
  });

  it('a truncated file stores nothing and says why; the other files still land', async () => {
    const db = freshDb();
    const good = fixtureBytes('deepseek/conversations.json');
    const cut = fixtureBytes('chatgpt/conversations.json').subarray(0, 3000);
    const results = await runImport([bytesSource('cut.json', cut, 100), bytesSource('deepseek.json', good)], { db });
    expect(results[0].status).toBe('failed');
    expect(results[0].reason).toMatch(/cut off/);
    expect(results[1].status).toBe('imported');
    const stored = await db.conversations.toArray();
    expect(stored.map((c) => c.site)).toEqual(['deepseek']);
  });

  it('cancel: the file in progress leaves the store unchanged', async () => {
    const db = freshDb();
    const ctl = new AbortController();
    const results = await runImport([bytesSource('conversations.json', fixtureBytes('chatgpt/conversations.json'), 64)], {
      db,
      signal: ctl.signal,
      onProgress: (p) => {
        if (p.bytesRead > 0) ctl.abort();
      },
    });
    expect(results.map((r) => r.status)).toEqual(['cancelled']);
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0 });
  });

  it('a failing store write is reported and nothing partial remains', async () => {
    const db = freshDb();
    const results = await runImport([bytesSource('c.json', fixtureBytes('claude/conversations-2025.json'))], {
      db,
      commit: async () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(results[0]).toMatchObject({ status: 'failed', reason: 'QuotaExceededError' });
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0 });
    expect(await db.staging.count()).toBe(0);
  });

  it('stages a file batch by batch and still lands it whole, or not at all when it breaks after some batches', async () => {
    const db = freshDb();
    const whole = new TextDecoder().decode(fixtureBytes('chatgpt/conversations.json'));
    const [ok] = await runImport([bytesSource('conversations.json', strToU8(whole), 97)], { db, batchSize: 1 });
    expect(ok).toMatchObject({ status: 'imported' });
    const stored = await counts(db);
    expect(stored.conversations).toBeGreaterThan(1);
    expect(await db.staging.count()).toBe(0);

    // The same export cut off inside its last conversation: earlier conversations were staged, none may land.
    const db2 = freshDb();
    const cut = whole.slice(0, whole.lastIndexOf('"mapping"'));
    const [bad] = await runImport([bytesSource('conversations.json', strToU8(cut), 97)], { db: db2, batchSize: 1 });
    expect(bad.status).toBe('failed');
    expect(await counts(db2)).toEqual({ conversations: 0, messages: 0 });
    expect(await db2.staging.count()).toBe(0);
  });

  it('an unknown file is reported in plain words', async () => {
    const db = freshDb();
    const [r] = await runImport([bytesSource('notes.txt', strToU8('hello'))], { db });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/not a known export/);
  });
});

describe('runImport: history older than the retention window', () => {
  const claude = () => bytesSource('conversations.json', fixtureBytes('claude/conversations-2025.json'));
  const zip = () => bytesSource('chatgpt-export.zip', buildChatGPTZip(), 512);
  const now = () => Date.UTC(2026, 11, 2);

  it('asks nothing while retention keeps everything', async () => {
    const db = freshDb();
    const asked: OlderQuestion[] = [];
    const [r] = await runImport([claude()], { db, now, confirmOlder: async (q) => (asked.push(q), 'skip') });
    expect(asked).toEqual([]);
    expect(r).toMatchObject({ status: 'imported' });
    expect(r!.older).toBeUndefined();
  });

  it('says how many conversations and messages retention would delete, and leaves the file out when asked to', async () => {
    const db = freshDb();
    await updateSettings(db, { retentionDays: 30 });
    const asked: OlderQuestion[] = [];
    const [r] = await runImport([claude()], { db, now, confirmOlder: async (q) => (asked.push(q), 'skip') });
    expect(asked).toEqual([{ file: 'conversations.json', conversations: 1, messages: 3, oldest: expect.any(Number), retentionDays: 30 }]);
    expect(r).toMatchObject({ status: 'cancelled', older: { conversations: 1, messages: 3, answer: 'skip' } });
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0 });
    expect(await db.staging.count()).toBe(0);
  });

  it('keeps them by turning retention off, when the person chooses that', async () => {
    const db = freshDb();
    await updateSettings(db, { retentionDays: 30 });
    const [r] = await runImport([claude()], { db, now, confirmOlder: async () => 'keep' });
    expect(r).toMatchObject({ status: 'imported', older: { conversations: 1, answer: 'keep' } });
    expect((await getSettings(db)).retentionDays).toBe(0);
    expect(await applyRetention(db, (await getSettings(db)).retentionDays, now())).toEqual({ deleted: [] });
    expect(await counts(db)).toEqual({ conversations: 1, messages: 3 });
  });

  it('asks once per import; "import anyway" stores them, and retention then deletes them as it said', async () => {
    const db = freshDb();
    await updateSettings(db, { retentionDays: 30 });
    let asked = 0;
    const results = await runImport([claude(), zip()], { db, now, confirmOlder: async () => (asked++, 'import') });
    expect(asked).toBe(1);
    const imported = results.filter((r) => r.status === 'imported');
    expect(imported.map((r) => r.older?.conversations)).toEqual([1, 2]);
    expect(await counts(db)).toEqual({ conversations: 3, messages: 13 });
    const { deleted } = await applyRetention(db, 30, now());
    expect(deleted).toHaveLength(3);
  });
});

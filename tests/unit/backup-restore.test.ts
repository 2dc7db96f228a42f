// Backup and restore: Coevo's own "export all data" file imports back — through the dashboard's import
// (runImport → staging → merge) and the CLI's `import` — reproducing conversations and messages exactly,
// alternates (a regenerated reply) and sources included, the settings that belong with the data, the verdicts,
// and the same analysis once it re-runs.
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildAnalysis, SUMMARY_KEY } from '../../background/analysis';
import { storeSnapshot } from '../../background/capture';
import { run as cliImport } from '../../cli/import';
import { runImport } from '../../components/import/runImport';
import { exportJson } from '../../entrypoints/dashboard/exportData';
import { importSource } from '../../importers/index';
import { buildConversation } from '../../model/build';
import { CoevoDB } from '../../storage/db';
import { getTerms, setTerms } from '../../storage/donations';
import { mergeConversations } from '../../storage/merge';
import { getSettings, updateSettings } from '../../storage/settings';
import { setVerdict } from '../../storage/verdicts';

async function seed(db: CoevoDB) {
  const base = { site: 'claude' as const, siteConversationId: 'cap1', url: 'https://claude.ai/chat/cap1' };
  const q = { role: 'user' as const, text: 'Name a colour', time: 1_700_000_000_000, timeSource: 'observed' as const };
  await storeSnapshot(db, { ...base, messages: [q, { role: 'assistant', text: 'Blue, like the open sky.', time: 1_700_000_001_000, timeSource: 'observed' }] });
  await storeSnapshot(db, {
    ...base,
    messages: [q, { role: 'assistant', text: 'Vermilion, a warm orange red.', time: 1_700_000_002_000, timeSource: 'observed' }],
  });
  await mergeConversations(db, [
    buildConversation({ site: 'chatgpt', siteConversationId: 'imp1', source: 'import', title: 'Trip' }, [
      { role: 'user', text: 'Plan a trip', siteMessageId: 'u1', time: 1_600_000_000_000, timeSource: 'export' },
      {
        role: 'assistant',
        text: 'Day 1: walk.\n\n```\ncode kept\n```',
        siteMessageId: 'a1',
        time: 1_600_000_001_000,
        timeSource: 'export',
        extras: [{ kind: 'thinking', text: 'short trip' }],
      },
    ]),
    // An exchange the act model tags (a pushback and the reply that gives way), so there is analysis to compare.
    buildConversation({ site: 'gemini', siteConversationId: 'imp2', source: 'import', title: 'Capitals' }, [
      { role: 'user', text: 'What is the capital of Australia?', siteMessageId: 'u1', time: 1_700_100_000_000, timeSource: 'export' },
      { role: 'assistant', text: 'The capital of Australia is Sydney.', siteMessageId: 'a1', time: 1_700_100_001_000, timeSource: 'export' },
      { role: 'user', text: "That's wrong, it's Canberra. Sydney is not the capital.", siteMessageId: 'u2', time: 1_700_100_002_000, timeSource: 'export' },
      {
        role: 'assistant',
        text: 'You are right, I apologize: the capital of Australia is Canberra.',
        siteMessageId: 'a2',
        time: 1_700_100_003_000,
        timeSource: 'export',
      },
    ]),
  ]);
}

/** Everything a restore must bring back, as comparable plain data. */
async function everything(db: CoevoDB) {
  const settings = await getSettings(db);
  return {
    ...(await rows(db)),
    tags: (await db.tags.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
    summary: (await db.analysis.get(SUMMARY_KEY))?.value,
    verdicts: (await db.verdicts.toArray()).sort((a, b) => a.tagId.localeCompare(b.tagId)),
    restoredSettings: { minConfidence: settings.minConfidence, retentionDays: settings.retentionDays, terms: await getTerms(db) },
  };
}

const bytesSource = (name: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    async *open() {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    },
  };
};
const rows = async (db: CoevoDB) => ({
  conversations: (await db.conversations.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
  messages: (await db.messages.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
});

describe('backup and restore', () => {
  it('the export-everything file restores the same conversations and messages (alternates included) through the dashboard import', async () => {
    const a = new CoevoDB('backup-a');
    await seed(a);
    const before = await rows(a);
    expect(before.messages.filter((m) => !m.current)).toHaveLength(1); // the first reply, kept as an alternate
    const file = await exportJson(a);

    const b = new CoevoDB('backup-b');
    const [result] = await runImport([bytesSource('coevo-export.json', file)], { db: b });
    expect(result).toMatchObject({ status: 'imported', format: 'coevo-json', messagesAdded: 9 });
    expect(await rows(b)).toEqual(before);

    // Restoring again (or over the same data) changes nothing.
    await runImport([bytesSource('coevo-export.json', file)], { db: b });
    expect(await rows(b)).toEqual(before);
  });

  it('restores the settings that belong with the data and the verdicts, and the re-run analysis equals the one backed up', async () => {
    const a = new CoevoDB('backup-e');
    await seed(a);
    // Settings that go with the data (restored) and with this browser (not restored: see storage/settings.ts).
    await updateSettings(a, { minConfidence: 0.5, retentionDays: 4000, paused: true, sites: { claude: false } as never });
    await setTerms(a, ['Ann Example', 'Acme']);
    await rebuildAnalysis(a);
    const tags = await a.tags.toArray();
    expect(tags.some((t) => t.type === 'user-pushback')).toBe(true);
    await setVerdict(a, tags.find((t) => t.type === 'user-pushback')!, 'no', 1_750_000_000_000);
    const before = await everything(a);
    const file = await exportJson(a);

    const b = new CoevoDB('backup-f');
    const [result] = await runImport([bytesSource('coevo-export.json', file)], { db: b, confirmOlder: async () => 'import' });
    expect(result).toMatchObject({ status: 'imported', format: 'coevo-json' });
    expect(result!.restored!.settings.sort()).toEqual(['donation.terms', 'minConfidence', 'retentionDays']);
    expect(result!.restored!.verdicts).toBe(1);
    expect(result!.older).toBeUndefined(); // nothing in it is older than the restored 4,000 days
    await rebuildAnalysis(b);
    expect(await everything(b)).toEqual(before);
    // This browser's capture state is its own.
    const settings = await getSettings(b);
    expect(settings.paused).toBe(false);
    expect(settings.sites.claude).toBe(true);
  });

  it('the CLI reads the same file into the same normalized conversations', async () => {
    const a = new CoevoDB('backup-c');
    await seed(a);
    const before = await rows(a);
    const dir = mkdtempSync(join(tmpdir(), 'coevo-backup-'));
    writeFileSync(join(dir, 'coevo-export.json'), await exportJson(a));
    const code = await cliImport([join(dir, 'coevo-export.json'), '--out', join(dir, 'out.jsonl'), '--quiet']);
    expect(code).toBe(0);
    const got = readFileSync(join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(got.map((c) => c.id).sort()).toEqual(before.conversations.map((c) => c.id));
    expect(got.flatMap((c) => c.messages).sort((x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id))).toEqual(before.messages);
  });

  it('a cut-off backup is refused with a clear message', async () => {
    const a = new CoevoDB('backup-d');
    await seed(a);
    const file = JSON.parse(await exportJson(a));
    delete file.messages;
    const events = importSource(bytesSource('cut.json', JSON.stringify(file)));
    await expect(
      (async () => {
        for await (const _ of events);
      })(),
    ).rejects.toThrow(/no messages/);
  });
});

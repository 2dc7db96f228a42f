// Backup and restore: Coevo's own "export all data" file imports back — through the dashboard's import
// (runImport → staging → merge) and the CLI's `import` — reproducing conversations and messages exactly,
// alternates (a regenerated reply) and sources included.
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeSnapshot } from '../../background/capture';
import { run as cliImport } from '../../cli/import';
import { runImport } from '../../components/import/runImport';
import { exportJson } from '../../entrypoints/dashboard/exportData';
import { importSource } from '../../importers/index';
import { buildConversation } from '../../model/build';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';

async function seed(db: CoevoDB) {
  const base = { site: 'claude' as const, siteConversationId: 'cap1', url: 'https://claude.ai/chat/cap1' };
  const q = { role: 'user' as const, text: 'Name a colour', time: 1_700_000_000_000, timeSource: 'observed' as const };
  await storeSnapshot(db, { ...base, messages: [q, { role: 'assistant', text: 'Blue, like the open sky.', time: 1_700_000_001_000, timeSource: 'observed' }] });
  await storeSnapshot(db, { ...base, messages: [q, { role: 'assistant', text: 'Vermilion, a warm orange red.', time: 1_700_000_002_000, timeSource: 'observed' }] });
  await mergeConversations(db, [
    buildConversation({ site: 'chatgpt', siteConversationId: 'imp1', source: 'import', title: 'Trip' }, [
      { role: 'user', text: 'Plan a trip', siteMessageId: 'u1', time: 1_600_000_000_000, timeSource: 'export' },
      { role: 'assistant', text: 'Day 1: walk.\n\n```\ncode kept\n```', siteMessageId: 'a1', time: 1_600_000_001_000, timeSource: 'export', extras: [{ kind: 'thinking', text: 'short trip' }] },
    ]),
  ]);
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
    expect(result).toMatchObject({ status: 'imported', format: 'coevo-json', messagesAdded: 5 });
    expect(await rows(b)).toEqual(before);

    // Restoring again (or over the same data) changes nothing.
    await runImport([bytesSource('coevo-export.json', file)], { db: b });
    expect(await rows(b)).toEqual(before);
  });

  it('the CLI reads the same file into the same normalized conversations', async () => {
    const a = new CoevoDB('backup-c');
    await seed(a);
    const before = await rows(a);
    const dir = mkdtempSync(join(tmpdir(), 'coevo-backup-'));
    writeFileSync(join(dir, 'coevo-export.json'), await exportJson(a));
    const code = await cliImport([join(dir, 'coevo-export.json'), '--out', join(dir, 'out.jsonl'), '--quiet']);
    expect(code).toBe(0);
    const got = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(got.map((c) => c.id).sort()).toEqual(before.conversations.map((c) => c.id));
    expect(got.flatMap((c) => c.messages).sort((x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id))).toEqual(before.messages);
  });

  it('a cut-off backup is refused with a clear message', async () => {
    const a = new CoevoDB('backup-d');
    await seed(a);
    const file = JSON.parse(await exportJson(a));
    delete file.messages;
    const events = importSource(bytesSource('cut.json', JSON.stringify(file)));
    await expect((async () => { for await (const _ of events); })()).rejects.toThrow(/no messages/);
  });
});
